-- Issue 12: bounded abuse. Login throttle (item 5), capability codes (item 2), upload quotas (item 6).

-- Login throttle: one row per account (hash of the e-mail), client IP or known device. An attempt is
-- checked only when it can take a slot in one statement (no check-then-record race across nodes).
CREATE TABLE login_throttle (
  key              text PRIMARY KEY,
  attempts         integer NOT NULL,
  -- no further attempt is checked before this
  next_at          timestamptz NOT NULL,
  -- the attempts are forgotten after this (a day after the last one)
  reset_at         timestamptz NOT NULL,
  -- the owner was sent an unlock link for this lockout
  unlock_mailed_at timestamptz
);
CREATE INDEX login_throttle_reset ON login_throttle (reset_at);

-- Browsers that logged in successfully (cookie kp_device holds the token; only its SHA-256 is stored).
-- The correct password from such a device is checked even while the account is locked for others.
CREATE TABLE login_devices (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX login_devices_user ON login_devices (user_id);

ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('confirm_email', 'reset_password', 'unlock_login'));

-- Capability codes (status and receipt links of applications, payment receipts): the SHA-256 of every code
-- handed out, so links keep working after a SESSION_SECRET rotation (src/platform/auth/capabilities.ts).
CREATE TABLE capability_keys (
  kind       text NOT NULL,
  object_id  text NOT NULL,
  code_hash  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, object_id, code_hash)
);
-- The status codes handed out so far (HMAC of the secret of their day) stay valid.
INSERT INTO capability_keys (kind, object_id, code_hash)
  SELECT 'status', id::text, status_code_hash FROM application_submissions;
-- capability_keys decides now; the column is no longer written.
ALTER TABLE application_submissions ALTER COLUMN status_code_hash DROP NOT NULL;

-- Upload quota: bytes each client (account, else hashed IP) uploaded, kept for an hour
-- (src/platform/files/quota.ts). Deleting a file does not give its bytes back within the hour.
CREATE TABLE upload_usage (
  client_key text NOT NULL,
  bytes      bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upload_usage_client ON upload_usage (client_key, created_at);
