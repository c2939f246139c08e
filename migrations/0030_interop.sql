-- Interoperability (issue 23): XBau messages per case (building permit), FIT-Connect-shaped delivery of
-- submissions to configured destinations with a delivery log.

-- XBau 2.6 messages produced for (or imported into) a case. Every message is checked against the XSDs
-- and the shipped code lists before it is stored; one that fails is stored with status 'invalid' and its
-- errors (message, line, element path) for staff — it is never offered as sendable.
CREATE TABLE interop_xbau_messages (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  submission_id uuid REFERENCES application_submissions(id) ON DELETE SET NULL,
  message_type  text NOT NULL CHECK (message_type ~ '^[0-9]{4}$'),
  message_uuid  uuid NOT NULL UNIQUE,
  direction     text NOT NULL DEFAULT 'outgoing' CHECK (direction IN ('outgoing', 'incoming')),
  -- What produced the message (the case event id, or 'import:<uuid>'): a redelivered event builds nothing twice.
  trigger_key   text NOT NULL CHECK (length(trigger_key) BETWEEN 1 AND 100),
  status        text NOT NULL CHECK (status IN ('valid', 'invalid')),
  xml           text NOT NULL,
  errors        jsonb NOT NULL DEFAULT '[]',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, trigger_key, message_type)
);
CREATE INDEX interop_xbau_messages_case ON interop_xbau_messages (case_id, created_at);

-- FIT-Connect-shaped destinations: a receiving system (Fachverfahren) with its Submission API base URL and
-- the public encryption key (JWK, RSA-OAEP-256). Routed by LeiKa key and either the office the responsibility
-- module names for the service and place (office_key = org_units.key), or an AGS prefix (most specific first).
CREATE TABLE interop_destinations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  leika_key      text NOT NULL CHECK (leika_key ~ '^[0-9]{8,14}$'),
  -- '' = every place; '08236' = the county; '08236070' = one municipality.
  ags_prefix     text NOT NULL DEFAULT '' CHECK (ags_prefix ~ '^[0-9]{0,8}$'),
  -- The responsible office this destination serves (its org unit key, e.g. lra-08236-steuer); wins over ags_prefix.
  office_key     text CHECK (length(office_key) BETWEEN 1 AND 100),
  submission_url text NOT NULL CHECK (submission_url ~ '^https?://'),
  public_jwk     jsonb NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (leika_key, ags_prefix, submission_url, office_key)
);

-- Delivery log: one row per submission and destination; the job retries with exponential back-off.
CREATE TABLE interop_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submission_id   uuid NOT NULL REFERENCES application_submissions(id) ON DELETE CASCADE,
  destination_id  uuid NOT NULL REFERENCES interop_destinations(id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text CHECK (length(last_error) <= 500),
  remote_id       text,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (submission_id, destination_id)
);
CREATE INDEX interop_deliveries_due ON interop_deliveries (next_attempt_at) WHERE status = 'pending';
