-- Indexes for the figures roll-up (issue 22), which recomputes the current and previous month every
-- 10 minutes: without them each refresh scans every case, submission and booking (ADR 0037).
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_decided ON cases (decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX application_submissions_submitted ON application_submissions (submitted_at);
CREATE INDEX appt_bookings_starts ON appt_bookings (starts_at);
