-- Issue 16: disputed check-lists reach staff and are resolved with a note; overdue reminders repeat and
-- escalate to staff; ratings can be edited by their author, answered once by the rated person, reported
-- and hidden by staff.

-- 1. A disputed check-list is open in the staff queue until staff resolve it with a note (shown to both parties).
ALTER TABLE orchard_checklist_answers
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN resolution_note text CHECK (char_length(resolution_note) BETWEEN 1 AND 1000),
  -- Only a dispute is resolved, and a resolution always says how.
  ADD CONSTRAINT orchard_checklist_answers_resolution CHECK (
    (resolved_at IS NULL AND resolution_note IS NULL) OR (verdict = 'disputed' AND resolved_at IS NOT NULL AND resolution_note IS NOT NULL)
  );

-- 2. Overdue reminders repeat every N days (overdue_reminded_at = the last one); after K of them the loan is
--    escalated to staff once.
ALTER TABLE orchard_loans
  ADD COLUMN overdue_reminders integer NOT NULL DEFAULT 0 CHECK (overdue_reminders >= 0),
  ADD COLUMN overdue_escalated_at timestamptz;
UPDATE orchard_loans SET overdue_reminders = 1 WHERE overdue_reminded_at IS NOT NULL;

-- 3. Ratings: edited by the author, one answer by the rated person, hidden by staff.
ALTER TABLE orchard_ratings
  ADD COLUMN edited_at timestamptz,
  ADD COLUMN reply text CHECK (char_length(reply) BETWEEN 1 AND 500),
  ADD COLUMN replied_at timestamptz,
  ADD COLUMN hidden_at timestamptz,
  ADD COLUMN hidden_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD CONSTRAINT orchard_ratings_reply_together CHECK ((reply IS NULL) = (replied_at IS NULL));

-- Ratings can be reported like listings, messages, persons and check-list photos; still exactly one object.
ALTER TABLE orchard_reports ADD COLUMN rating_id uuid REFERENCES orchard_ratings(id) ON DELETE CASCADE;
ALTER TABLE orchard_reports DROP CONSTRAINT orchard_reports_one_object;
ALTER TABLE orchard_reports ADD CONSTRAINT orchard_reports_one_object
  CHECK (num_nonnulls(listing_id, message_id, target_user_id, loan_photo_id, rating_id) = 1);
ALTER TABLE orchard_reports DROP CONSTRAINT orchard_reports_resolution_check;
ALTER TABLE orchard_reports ADD CONSTRAINT orchard_reports_resolution_check
  CHECK (resolution IN ('hidden','dismissed','message_hidden','warned','blocked','photo_deleted','rating_hidden'));
DROP INDEX orchard_reports_one_open_per_reporter;
CREATE UNIQUE INDEX orchard_reports_one_open_per_reporter ON orchard_reports
  (reporter_id, coalesce(listing_id, message_id, target_user_id, loan_photo_id, rating_id)) WHERE resolved_at IS NULL;
