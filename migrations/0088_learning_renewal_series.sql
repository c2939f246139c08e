-- Issue 20: "renew before expiry" as a series of reminders (LEARNING_RENEWAL_REMINDER_DAYS, e.g. 60,14,1), each once
-- per certificate. renewal_reminded_days is the stage (days before expiry) whose mail was queued last; a stage is due
-- when it is smaller. It lives on the certificate row (not in a side table) because the job locks that row: a second
-- node re-checks the row after the first one committed and finds the stage sent.
ALTER TABLE learning_certificates ADD COLUMN renewal_reminded_days int CHECK (renewal_reminded_days >= 0);
-- Certificates reminded under 0077 (one mail): the days that were left then, so a later, closer stage still comes.
UPDATE learning_certificates
  SET renewal_reminded_days = GREATEST(valid_until - (renewal_reminded_at AT TIME ZONE 'Europe/Berlin')::date, 0)
  WHERE renewal_reminded_at IS NOT NULL AND valid_until IS NOT NULL;
-- The 0077 index covered only never-reminded certificates; with a series a reminded one can be due again.
DROP INDEX learning_certificates_renewal_due;
CREATE INDEX learning_certificates_renewal_due ON learning_certificates (valid_until)
  WHERE revoked_at IS NULL AND valid_until IS NOT NULL;
