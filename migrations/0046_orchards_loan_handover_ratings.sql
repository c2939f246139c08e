-- Issue 16, equipment lending: pick-up and return check-lists, day-before reminders, ratings after return.
-- A confirmed loan moves confirmed -> picked_up -> returned (only the owner records each step).
ALTER TABLE orchard_loans DROP CONSTRAINT orchard_loans_status_check;
ALTER TABLE orchard_loans ADD CONSTRAINT orchard_loans_status_check
  CHECK (status IN ('requested','confirmed','declined','cancelled','picked_up','returned'));

-- A picked-up item still holds its days (a returned one frees them: an early return ends the loan).
ALTER TABLE orchard_loans DROP CONSTRAINT orchard_no_overlapping_loans;
ALTER TABLE orchard_loans ADD CONSTRAINT orchard_no_overlapping_loans
  EXCLUDE USING gist (item_id WITH =, days WITH &&) WHERE (status IN ('confirmed','picked_up'));

-- Check-lists: {"condition":"good|used|damaged","note":"…","accessoriesComplete":bool,"deposit":"yes|no"|"yes|no|partly","depositAmountCents":int|null}
ALTER TABLE orchard_loans
  ADD COLUMN pickup_checklist   jsonb,
  ADD COLUMN picked_up_at       timestamptz,
  ADD COLUMN return_checklist   jsonb,
  ADD COLUMN returned_at        timestamptz,
  -- Day-before reminders: set in the transaction that queues the mails, so each goes out once.
  ADD COLUMN pickup_reminded_at timestamptz,
  ADD COLUMN return_reminded_at timestamptz,
  ADD CONSTRAINT orchard_loans_picked_up_has_checklist CHECK (status NOT IN ('picked_up','returned') OR pickup_checklist IS NOT NULL),
  ADD CONSTRAINT orchard_loans_returned_has_checklist CHECK (status <> 'returned' OR return_checklist IS NOT NULL);

-- Ratings after a returned loan: the borrower rates the owner/item, the owner rates the borrower; once each.
CREATE TABLE orchard_ratings (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  loan_id     uuid NOT NULL REFERENCES orchard_loans(id) ON DELETE CASCADE,
  item_id     uuid NOT NULL REFERENCES orchard_items(id) ON DELETE CASCADE,
  -- 'borrower' = written by the borrower about the owner and item; 'owner' = by the owner about the borrower.
  rater_role  text NOT NULL CHECK (rater_role IN ('borrower','owner')),
  rater_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  -- The rated account (null for the county's items without an owner account).
  ratee_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  stars       smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment     text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 500),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (loan_id, rater_role)
);
CREATE INDEX orchard_ratings_ratee ON orchard_ratings (ratee_id);
CREATE INDEX orchard_ratings_item ON orchard_ratings (item_id) WHERE rater_role = 'borrower';
