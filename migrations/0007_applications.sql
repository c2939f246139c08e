-- Online applications: versioned form definitions, drafts, submissions with gap-free references.

CREATE TABLE form_definitions (
  id           text NOT NULL,
  version      integer NOT NULL,
  title        text NOT NULL,
  leika_keys   text[] NOT NULL DEFAULT '{}',
  definition   jsonb NOT NULL,
  json_schema  jsonb NOT NULL,
  content_hash text NOT NULL,
  loaded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);
CREATE INDEX form_definitions_leika ON form_definitions USING gin (leika_keys);

-- Drafts belong to an account, or (anonymous forms) to whoever holds the token in a cookie.
CREATE TABLE application_drafts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_id           text NOT NULL,
  form_version      integer NOT NULL,
  user_id           uuid REFERENCES users(id) ON DELETE CASCADE,
  anon_token_hash   text,
  values            jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (form_id, form_version) REFERENCES form_definitions (id, version),
  CHECK (user_id IS NOT NULL OR anon_token_hash IS NOT NULL)
);
CREATE INDEX application_drafts_user ON application_drafts (user_id, updated_at DESC);

-- One row per prefix and year; incremented in the submitting transaction, so references have no gaps.
CREATE TABLE application_reference_counters (
  prefix text NOT NULL,
  year   integer NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (prefix, year)
);

CREATE TABLE application_submissions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference         text NOT NULL UNIQUE,
  form_id           text NOT NULL,
  form_version      integer NOT NULL,
  user_id           uuid REFERENCES users(id) ON DELETE SET NULL,
  answers           jsonb NOT NULL,
  answers_hash      text NOT NULL,            -- SHA-256 over the canonical JSON, printed on the receipt
  fee_cents         integer NOT NULL DEFAULT 0,
  status            text NOT NULL DEFAULT 'received',
  status_code_hash  text NOT NULL,            -- SHA-256 of the secret status code; the code itself is never stored
  idempotency_key   text UNIQUE,
  request_hash      text,
  channel           text NOT NULL CHECK (channel IN ('web', 'api')),
  submitted_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (form_id, form_version) REFERENCES form_definitions (id, version)
);
CREATE INDEX application_submissions_user ON application_submissions (user_id, submitted_at DESC);
