-- The assistant (issue 19): chat and phone conversations grounded in the catalogue, and handoffs to staff.
-- Conversations belong to whoever holds their secret (a cookie in the browser, a token on the phone
-- interface); only its SHA-256 is stored. They are short-lived: the job "assistant-retention" deletes them
-- a day after the last turn (docs/modules/assistant.md). A handoff keeps its own copy of the transcript
-- (only when the person chose to send it) and is deleted with it after its retention period.

CREATE TABLE assistant_conversations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  secret_hash    text NOT NULL CHECK (length(secret_hash) = 64),
  channel        text NOT NULL CHECK (channel IN ('chat', 'phone', 'api')),
  locale         text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
  -- The municipality the person named (remembered for the next questions).
  ags            text CHECK (ags ~ '^[0-9]{8}$'),
  -- A service waiting for the municipality ("hund anmelden" → "In welcher Gemeinde wohnen Sie?").
  pending_leika  text CHECK (pending_leika ~ '^[0-9]{14}$'),
  -- Services offered as a numbered menu when the engine was unsure ("1, 2 or 3?"; the phone's DTMF keys).
  pending_choices text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistant_conversations_updated ON assistant_conversations (updated_at);

CREATE TABLE assistant_turns (
  conversation_id uuid NOT NULL REFERENCES assistant_conversations(id) ON DELETE CASCADE,
  seq             integer NOT NULL CHECK (seq >= 1),
  role            text NOT NULL CHECK (role IN ('user', 'assistant')),
  text            text NOT NULL CHECK (length(text) <= 4000),
  -- Assistant turns: [{ kind, label, url }] (source page, online form, appointment, office, handoff).
  links           jsonb NOT NULL DEFAULT '[]',
  -- Assistant turns: what the engine did (answer, ask_place, unknown, handoff, greeting); null for user turns.
  kind            text,
  leika_key       text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE assistant_handoffs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The conversation it came from (its owner sees the answer there); kept null once that is deleted.
  conversation_id uuid REFERENCES assistant_conversations(id) ON DELETE SET NULL,
  reference       text NOT NULL UNIQUE CHECK (reference ~ '^A-[0-9A-Z]{8}$'),
  channel         text NOT NULL CHECK (channel IN ('chat', 'phone', 'api')),
  question        text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
  contact_name    text CHECK (length(contact_name) <= 200),
  contact_email   text CHECK (length(contact_email) <= 254),
  contact_phone   text CHECK (length(contact_phone) <= 40),
  -- [{ role, text }] copied from the conversation when the person agreed; deleted with the handoff.
  transcript      jsonb NOT NULL DEFAULT '[]',
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  answer          text CHECK (length(answer) <= 4000),
  answered_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  answered_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (contact_email IS NOT NULL OR contact_phone IS NOT NULL),
  CHECK ((status = 'answered') = (answered_at IS NOT NULL AND answer IS NOT NULL))
);
CREATE INDEX assistant_handoffs_queue ON assistant_handoffs (status, created_at);
CREATE INDEX assistant_handoffs_conversation ON assistant_handoffs (conversation_id) WHERE conversation_id IS NOT NULL;
