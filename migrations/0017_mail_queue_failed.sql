-- Permanent mail failures (issue 12 item 8): a 5xx answer to the recipient or the message, an address the
-- portal's rule refuses, or the last retry used up. Such a mail is never tried again (it used to be retried
-- for a day) and administrators see it under /verwaltung/fehlgeschlagene-mails with the reason in last_error.
ALTER TABLE mail_queue ADD COLUMN failed_at timestamptz;
-- Mails that had used up their attempts before this migration count as failed.
UPDATE mail_queue SET failed_at = now() WHERE sent_at IS NULL AND attempts >= 12;
DROP INDEX mail_queue_due;
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_queue_failed ON mail_queue (failed_at DESC) WHERE failed_at IS NOT NULL;
