-- Issue 16 moderation: blocks with an end (lifted automatically) and one appeal per block, decided by staff.
ALTER TABLE orchard_sanctions ADD COLUMN blocked_until timestamptz;
ALTER TABLE orchard_sanctions ADD CONSTRAINT orchard_sanctions_until_only_blocks
  CHECK (blocked_until IS NULL OR (kind = 'block' AND blocked_until > created_at));
CREATE INDEX orchard_sanctions_expiring ON orchard_sanctions (blocked_until) WHERE kind = 'block' AND lifted_at IS NULL AND blocked_until IS NOT NULL;

-- The blocked person writes one appeal per block; staff lift or uphold the block with an answer.
CREATE TABLE orchard_appeals (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sanction_id  uuid NOT NULL UNIQUE REFERENCES orchard_sanctions(id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body         text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz,
  decided_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  decision     text CHECK (decision IN ('lifted','upheld')),
  answer       text CHECK (char_length(answer) BETWEEN 1 AND 1000),
  CHECK ((decided_at IS NULL) = (decision IS NULL) AND (decision IS NULL) = (answer IS NULL))
);
CREATE INDEX orchard_appeals_open ON orchard_appeals (created_at) WHERE decided_at IS NULL;
CREATE INDEX orchard_appeals_user ON orchard_appeals (user_id, created_at);

-- The JSON write API for one's own listings: personal tokens with the scope orchards:listings.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submissions:write', 'applications:read', 'care:places', 'records:read', 'records:write', 'orchards:listings']::text[]);

-- Photos on the loan check-lists (pick-up and return), processed like listing photos (re-encoded, no metadata).
CREATE TABLE orchard_loan_photos (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  loan_id       uuid NOT NULL REFERENCES orchard_loans(id) ON DELETE CASCADE,
  stage         text NOT NULL CHECK (stage IN ('pickup','return')),
  file_id       uuid NOT NULL REFERENCES files(id),
  thumb_file_id uuid NOT NULL REFERENCES files(id),
  alt           text NOT NULL CHECK (char_length(alt) BETWEEN 1 AND 300),
  width         integer NOT NULL,
  height        integer NOT NULL,
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orchard_loan_photos_loan ON orchard_loan_photos (loan_id, stage, created_at);
