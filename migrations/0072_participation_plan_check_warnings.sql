-- Public participation (issue 18; ADR 0075): the geometric findings of the XPlanGML check (rings open, crossing or
-- wrongly oriented, content outside the Geltungsbereich) kept with the plan, shown to staff beside it. NULL for
-- plans stored before this migration (not checked; a new upload checks them).
ALTER TABLE participation_plans ADD COLUMN check_warnings jsonb;
