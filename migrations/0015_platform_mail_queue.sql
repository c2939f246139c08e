-- The appointments module's transactional mail queue becomes the platform's (src/platform/mail/queue.ts):
-- every module queues its mails here in the transaction of the change (or right after it) and one sweeper
-- job sends them with back-off. Rows keep their history; only the names change.
ALTER TABLE appt_mail_queue RENAME TO mail_queue;
ALTER TABLE mail_queue RENAME COLUMN booking_code TO ref;
ALTER TABLE mail_queue DROP CONSTRAINT appt_mail_queue_kind_check;
-- kind: "<module>.<what>" or the appointments module's historic names.
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_kind_check CHECK (kind ~ '^[a-z][a-z_.]{0,59}$');
ALTER INDEX appt_mail_queue_due RENAME TO mail_queue_due;
CREATE INDEX mail_queue_ref ON mail_queue (ref) WHERE sent_at IS NULL;
