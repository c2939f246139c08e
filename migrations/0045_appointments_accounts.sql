-- Bookings made while signed in belong to the account (issue 21: appointment reminders as push; "Meine Termine").
-- Anonymous bookings stay anonymous (NULL). Deleting an account keeps the booking for the counter.
ALTER TABLE appt_bookings ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX appt_bookings_user ON appt_bookings (user_id, starts_at DESC) WHERE user_id IS NOT NULL;
