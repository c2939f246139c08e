-- Live handoff (issue 19, ADR 0076/0083): staff are mailed a link when a case waits unclaimed longer than
-- ASSISTANT_LIVE_ALERT_MINUTES (once per case: the job sets alerted_at in the transaction that queues the
-- mails), and the person sees "Ihre Nachricht wurde gelesen" once staff opened the case after their last
-- message (staff_seen_seq: the number of the person's newest message – 0 for none – when a member of staff last opened it).
ALTER TABLE assistant_live_handoffs
  ADD COLUMN alerted_at timestamptz,
  ADD COLUMN staff_seen_seq integer CHECK (staff_seen_seq >= 0);
-- The alert job's scan: waiting cases not yet alerted.
CREATE INDEX assistant_live_handoffs_unalerted ON assistant_live_handoffs (created_at) WHERE status = 'waiting' AND alerted_at IS NULL;
