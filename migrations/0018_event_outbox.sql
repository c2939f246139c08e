-- Cross-module events (ADR 0026): the publisher writes the event in its own transaction; the app's event
-- bus delivers it after the commit (right after the request, and every minute from the job
-- "events-deliver") with back-off, so a reaction is never lost and never happens for a rolled-back change.
CREATE TABLE event_outbox (
  id bigserial PRIMARY KEY,
  type text NOT NULL CHECK (type ~ '^[a-z][a-zA-Z_.]{0,59}$'),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  last_error text
);
CREATE INDEX event_outbox_due ON event_outbox (next_attempt_at) WHERE delivered_at IS NULL;
