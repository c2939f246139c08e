-- Issue 20: "renew before expiry". A certificate with a validity gets one reminder mail N days before it expires
-- (N from the course's renewalReminderDays or LEARNING_RENEWAL_REMINDER_DAYS); renewal_reminded_at is the sent
-- marker, set in the transaction that queues the mail, so the job can run any number of times.
ALTER TABLE learning_certificates ADD COLUMN renewal_reminded_at timestamptz;
CREATE INDEX learning_certificates_renewal_due ON learning_certificates (valid_until)
  WHERE renewal_reminded_at IS NULL AND revoked_at IS NULL AND valid_until IS NOT NULL;
