-- Platform tables: audit log (append-only, hash-chained), shared rate-limit counters, demo mail outbox.

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  seq         bigint NOT NULL UNIQUE,
  at          timestamptz NOT NULL,
  actor_type  text NOT NULL,            -- 'user' | 'staff' | 'system' | 'anonymous'
  actor_id    text,
  action      text NOT NULL,            -- e.g. 'auth.login', 'user.role_granted'
  object_type text,
  object_id   text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id  text,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

-- Append-only: the application role can neither change nor remove entries.
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

-- Fixed-window counters shared by all app nodes (rate limits, login back-off).
CREATE UNLOGGED TABLE rate_limits (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (key)
);
CREATE INDEX rate_limits_expires ON rate_limits (expires_at);

-- Mails captured by the built-in demo SMTP server (only used when SMTP_URL is not set).
CREATE TABLE mail_outbox (
  id            bigserial PRIMARY KEY,
  received_at   timestamptz NOT NULL DEFAULT now(),
  envelope_from text NOT NULL,
  envelope_to   text[] NOT NULL,
  subject       text NOT NULL,
  raw           text NOT NULL
);
