-- Issue 13: the inbox's "missed deadlines only" filter at a million cases. It probed every newer case of the unit
-- for an overdue participation (EXISTS per row; p50 71 ms at 1 M cases); now each case carries the earliest due
-- date of its open participations, kept by a trigger (whoever writes case_participations: the engine, statements,
-- the deadline watcher, deletions), and a partial index holds only cases with an open participation.
ALTER TABLE cases ADD COLUMN next_due date;
-- The trigger's lookup per case: the open participations' earliest due date straight from one index (without it the
-- planner AND-ed the due-date index of all open participations per case: quadratic on a bulk insert).
CREATE INDEX case_participations_case_open ON case_participations (case_id, due_date) WHERE status = 'open';

CREATE FUNCTION cases_next_due_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose value changes are written (and locked).
  UPDATE cases c SET next_due = d.next_due
    FROM (SELECT x.case_id, min(p.due_date) AS next_due
            FROM (SELECT DISTINCT case_id FROM changed) x
            LEFT JOIN case_participations p ON p.case_id = x.case_id AND p.status = 'open'
           GROUP BY x.case_id) d
   WHERE c.id = d.case_id AND c.next_due IS DISTINCT FROM d.next_due;
  RETURN NULL;
END $$;

-- Transition tables cannot name columns (UPDATE OF), so every update recomputes; unchanged values write nothing.
CREATE TRIGGER case_participations_next_due_ins AFTER INSERT ON case_participations
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cases_next_due_refresh();
CREATE TRIGGER case_participations_next_due_upd AFTER UPDATE ON case_participations
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cases_next_due_refresh();
CREATE TRIGGER case_participations_next_due_del AFTER DELETE ON case_participations
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cases_next_due_refresh();

UPDATE cases c SET next_due = p.next_due
  FROM (SELECT case_id, min(due_date) AS next_due FROM case_participations WHERE status = 'open' GROUP BY case_id) p
 WHERE c.id = p.case_id;

CREATE INDEX cases_open_participation ON cases (owner_unit_id, created_at DESC, id DESC) WHERE next_due IS NOT NULL;
