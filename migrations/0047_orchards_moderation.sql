-- Issue 16 item 3: reports on messages and users, staff warnings and blocks, hidden messages.
-- A report now names exactly one object: a listing, a message or a user. One open report per reporter and object.
ALTER TABLE orchard_reports ALTER COLUMN listing_id DROP NOT NULL;
ALTER TABLE orchard_reports ADD COLUMN message_id uuid REFERENCES orchard_messages(id) ON DELETE CASCADE;
ALTER TABLE orchard_reports ADD COLUMN target_user_id uuid REFERENCES users(id) ON DELETE CASCADE;
ALTER TABLE orchard_reports ADD CONSTRAINT orchard_reports_one_object
  CHECK (num_nonnulls(listing_id, message_id, target_user_id) = 1);
ALTER TABLE orchard_reports DROP CONSTRAINT IF EXISTS orchard_reports_resolution_check;
ALTER TABLE orchard_reports ADD CONSTRAINT orchard_reports_resolution_check
  CHECK (resolution IN ('hidden','dismissed','message_hidden','warned','blocked'));
CREATE UNIQUE INDEX orchard_reports_one_open_per_reporter ON orchard_reports
  (reporter_id, coalesce(listing_id, message_id, target_user_id)) WHERE resolved_at IS NULL;

-- Staff hide a message: participants see a placeholder instead of the text.
ALTER TABLE orchard_messages ADD COLUMN hidden_at timestamptz;
ALTER TABLE orchard_messages ADD COLUMN hidden_by uuid REFERENCES users(id) ON DELETE SET NULL;

-- Listings hidden because their owner was blocked come back on unblock (and only those).
ALTER TABLE orchard_listings ADD COLUMN hidden_by_block boolean NOT NULL DEFAULT false;

-- Warnings (shown on "Meine") and blocks (one open block per account).
CREATE TABLE orchard_sanctions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('warning','block')),
  reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  lifted_at   timestamptz,
  lifted_by   uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX orchard_sanctions_user ON orchard_sanctions (user_id, created_at);
CREATE UNIQUE INDEX orchard_sanctions_one_block ON orchard_sanctions (user_id) WHERE kind = 'block' AND lifted_at IS NULL;
