-- Road works (issue 15): the parties answer a change round (extension, changed end or area) through a mailed link like
-- the first round (ADR 0051): only the token's SHA-256 is stored, one row per mail; a reminder job mails the open ones
-- once before the deadline; the change's conflicts with other works and events are kept as found when requested.
ALTER TABLE roadworks_extension_consents
  ADD COLUMN answered_name text NOT NULL DEFAULT '' CHECK (length(answered_name) <= 200),
  ADD COLUMN answered_via  text CHECK (answered_via IN ('staff', 'link')),
  ADD COLUMN reminded_at   timestamptz;

ALTER TABLE roadworks_extensions
  ADD COLUMN conflicts jsonb NOT NULL DEFAULT '[]';

CREATE TABLE roadworks_extension_links (
  token_hash   text PRIMARY KEY,
  extension_id uuid NOT NULL,
  party        text NOT NULL,
  email        text NOT NULL CHECK (length(email) <= 200),
  purpose      text NOT NULL CHECK (purpose IN ('request', 'reminder')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  FOREIGN KEY (extension_id, party) REFERENCES roadworks_extension_consents (extension_id, party) ON DELETE CASCADE
);
CREATE INDEX roadworks_extension_links_consent ON roadworks_extension_links (extension_id, party);
-- The change reminder's candidates: open, invited, not reminded.
CREATE INDEX roadworks_extension_consents_to_remind ON roadworks_extension_consents (due_on) WHERE answer IS NULL AND reminded_at IS NULL AND invited_email IS NOT NULL;
