-- Appointments, second step (issue 6): several services in one booking, one-step reschedule,
-- counters that can be retired, and a transactional mail queue.

-- Further services at the same location in the same booking (the first is leika_key); durations add up.
ALTER TABLE appt_bookings ADD COLUMN extra_leika_keys text[] NOT NULL DEFAULT '{}';
-- One-step reschedule: the booking this one replaced (released in the same transaction).
ALTER TABLE appt_bookings ADD COLUMN replaces_id uuid REFERENCES appt_bookings(id);

-- Counters with past bookings cannot be deleted (the bookings refer to them); retired ones offer no slots.
ALTER TABLE appt_counters ADD COLUMN active boolean NOT NULL DEFAULT true;

-- Mails of the module are written in the same transaction as the change they report (so a
-- committed booking always gets its mail and a rolled-back one never does) and delivered by the
-- job "appointments-mail" with retries. The body is removed once sent (no personal data kept).
CREATE TABLE appt_mail_queue (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('confirm_request','confirmation','cancellation','reminder','waitlist','rescheduled')),
  booking_code  text,
  recipient     text,
  subject       text NOT NULL,
  body          text,
  attachments   jsonb,
  attempts      integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appt_mail_queue_due ON appt_mail_queue (next_attempt_at) WHERE sent_at IS NULL;
