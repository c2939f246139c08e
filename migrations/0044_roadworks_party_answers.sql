-- Road works (issue 15, ADR 0051): the consulted parties answer themselves through a mailed link (only the
-- token's hash is stored), are reminded once before the deadline, and a refusal produces a notice letter.

ALTER TABLE roadworks_consents
  -- An objection's reason (the consent's conditions stay in "condition").
  ADD COLUMN reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  -- Who answered for the party (typed on the answer page) and how: by the authority's staff, by the mailed link, signed in.
  ADD COLUMN answered_name text NOT NULL DEFAULT '' CHECK (length(answered_name) <= 200),
  ADD COLUMN answered_via  text CHECK (answered_via IN ('staff', 'link', 'login')),
  -- Where the request went (NULL: no address configured, staff record the answer) and when the one reminder was sent.
  ADD COLUMN invited_email text CHECK (length(invited_email) <= 200),
  ADD COLUMN reminded_at   timestamptz;

-- Answer links: one per mail (request and reminder), only the SHA-256 of the secret; valid until the deadline + grace.
CREATE TABLE roadworks_consent_links (
  token_hash  text PRIMARY KEY,
  roadwork_id uuid NOT NULL,
  party       text NOT NULL,
  email       text NOT NULL CHECK (length(email) <= 200),
  purpose     text NOT NULL CHECK (purpose IN ('request', 'reminder')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  FOREIGN KEY (roadwork_id, party) REFERENCES roadworks_consents (roadwork_id, party) ON DELETE CASCADE
);
CREATE INDEX roadworks_consent_links_consent ON roadworks_consent_links (roadwork_id, party);
-- The reminder job's candidates: open, invited, not reminded.
CREATE INDEX roadworks_consents_to_remind ON roadworks_consents (due_on) WHERE answer IS NULL AND reminded_at IS NULL AND invited_email IS NOT NULL;

-- The refusal notice (Ablehnungsbescheid) as issued: reasons and the PDF, kept with the application (own table,
-- so the lists that read whole roadworks rows never carry the PDF).
CREATE TABLE roadworks_refusals (
  roadwork_id uuid PRIMARY KEY REFERENCES roadworks(id) ON DELETE CASCADE,
  reasons     text NOT NULL CHECK (length(reasons) BETWEEN 1 AND 4000),
  pdf         bytea NOT NULL,
  refused_at  timestamptz NOT NULL DEFAULT now(),
  refused_by  uuid REFERENCES users(id) ON DELETE SET NULL
);
