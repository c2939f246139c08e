-- Issue 16: when staff resolve a disputed check-list they decide about the deposit (returned to the
-- borrower, kept by the lender, or split with the amount returned); the note is the reason.

ALTER TABLE orchard_checklist_answers
  ADD COLUMN deposit_decision text CHECK (deposit_decision IN ('returned','kept','split')),
  ADD COLUMN deposit_returned_cents integer CHECK (deposit_returned_cents > 0),
  -- A decision belongs to a resolution; only a split names an amount, and it always does.
  ADD CONSTRAINT orchard_checklist_answers_deposit_decision CHECK (
    (deposit_decision IS NULL OR resolved_at IS NOT NULL)
    AND (deposit_returned_cents IS NOT NULL) = (deposit_decision IS NOT DISTINCT FROM 'split')
  );

-- An escalated overdue loan: staff note that they contacted the parties, or close it as returned (the item
-- is back but the lender recorded no check-list) or as lost. The note is for staff; the outcome is shown to
-- both parties.
ALTER TABLE orchard_loans
  ADD COLUMN overdue_contacted_at timestamptz,
  ADD COLUMN overdue_outcome text CHECK (overdue_outcome IN ('returned','lost')),
  ADD COLUMN overdue_closed_at timestamptz,
  ADD COLUMN overdue_handled_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN overdue_note text CHECK (char_length(overdue_note) BETWEEN 1 AND 1000),
  ADD CONSTRAINT orchard_loans_overdue_outcome_closed CHECK ((overdue_outcome IS NULL) = (overdue_closed_at IS NULL)),
  ADD CONSTRAINT orchard_loans_overdue_action_escalated CHECK ((overdue_contacted_at IS NULL AND overdue_closed_at IS NULL) OR overdue_escalated_at IS NOT NULL);
-- Closed as returned by staff is a return without the lender's check-list.
ALTER TABLE orchard_loans DROP CONSTRAINT orchard_loans_returned_has_checklist;
ALTER TABLE orchard_loans ADD CONSTRAINT orchard_loans_returned_has_checklist
  CHECK (status <> 'returned' OR return_checklist IS NOT NULL OR overdue_outcome = 'returned');
