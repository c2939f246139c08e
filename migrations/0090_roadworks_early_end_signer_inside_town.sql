-- Road works (issue 15):
-- 1. An early end applied by staff without a consent round is stored as a decision like a granted change round
--    (kind 'early_end', status granted at once): who, when, reason, new end; its notice is rendered from the row.
-- 2. The notices name their signer: the deciding staff member's name and function/unit, stored on the decision
--    (the order on the work, a change round or early end on its row).
-- 3. "Inside the town" (innerorts, the through road) as stated by the applicant or corrected by staff; NULL for works
--    from before, which keep the guess from house numbers.
ALTER TABLE roadworks_extensions
  ADD COLUMN kind text NOT NULL DEFAULT 'round' CHECK (kind IN ('round', 'early_end')),
  ADD COLUMN signed_by text NOT NULL DEFAULT '' CHECK (length(signed_by) <= 200),
  ADD COLUMN signed_unit text NOT NULL DEFAULT '' CHECK (length(signed_unit) <= 300);
ALTER TABLE roadworks
  ADD COLUMN ordered_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN order_signed_by text NOT NULL DEFAULT '' CHECK (length(order_signed_by) <= 200),
  ADD COLUMN order_signed_unit text NOT NULL DEFAULT '' CHECK (length(order_signed_unit) <= 300),
  ADD COLUMN inside_town boolean;
