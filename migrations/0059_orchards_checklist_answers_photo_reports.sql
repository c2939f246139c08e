-- Issue 16: the borrower answers each hand-over check-list once (confirmed, or disputed with a note).
CREATE TABLE orchard_checklist_answers (
  loan_id     uuid NOT NULL REFERENCES orchard_loans(id) ON DELETE CASCADE,
  stage       text NOT NULL CHECK (stage IN ('pickup','return')),
  verdict     text NOT NULL CHECK (verdict IN ('confirmed','disputed')),
  note        text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
  answered_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (loan_id, stage),
  -- A dispute always says why.
  CHECK (verdict = 'confirmed' OR char_length(note) >= 1)
);

-- Check-list photos can be reported to moderation by either party of the loan.
ALTER TABLE orchard_reports ADD COLUMN loan_photo_id uuid REFERENCES orchard_loan_photos(id) ON DELETE CASCADE;
ALTER TABLE orchard_reports DROP CONSTRAINT orchard_reports_one_object;
ALTER TABLE orchard_reports ADD CONSTRAINT orchard_reports_one_object
  CHECK (num_nonnulls(listing_id, message_id, target_user_id, loan_photo_id) = 1);
ALTER TABLE orchard_reports DROP CONSTRAINT orchard_reports_resolution_check;
ALTER TABLE orchard_reports ADD CONSTRAINT orchard_reports_resolution_check
  CHECK (resolution IN ('hidden','dismissed','message_hidden','warned','blocked','photo_deleted'));
DROP INDEX orchard_reports_one_open_per_reporter;
CREATE UNIQUE INDEX orchard_reports_one_open_per_reporter ON orchard_reports
  (reporter_id, coalesce(listing_id, message_id, target_user_id, loan_photo_id)) WHERE resolved_at IS NULL;

-- A loan picked up but not returned after its last day gets one overdue reminder (job orchards-loan-reminders).
ALTER TABLE orchard_loans ADD COLUMN overdue_reminded_at timestamptz;
