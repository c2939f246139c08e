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

