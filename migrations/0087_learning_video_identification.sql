-- Issue 20: identity confirmation by a live video session for courses that require it (course.json
-- "identification": "video"). The guest books a slot through the appointments module (the booking code links
-- both); the room name is random so the meeting link cannot be guessed; staff of the Gesundheitsamt record
-- the outcome. Only 'confirmed' opens the quiz and the certificate.
ALTER TABLE learning_enrollments
  ADD COLUMN ident_booking_code text,
  ADD COLUMN ident_starts_at timestamptz,
  ADD COLUMN ident_room text,
  ADD COLUMN ident_status text CHECK (ident_status IN ('booked', 'confirmed', 'rejected')),
  ADD COLUMN ident_decided_at timestamptz,
  ADD COLUMN ident_decided_by uuid REFERENCES users(id);
CREATE INDEX learning_enrollments_ident ON learning_enrollments (ident_starts_at) WHERE ident_status IS NOT NULL;
