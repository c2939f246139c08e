-- Orchard-meadow exchange, community part (issue 16, ADR 0050): saved searches with a daily e-mail
-- digest, and the round table (events with capacity, waitlist and iCal).

-- Mails may carry extra headers (List-Unsubscribe, List-Unsubscribe-Post: RFC 2369, RFC 8058).
ALTER TABLE mail_queue ADD COLUMN headers jsonb;

CREATE TABLE orchard_saved_searches (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        text,
  ags         char(8),
  query       text CHECK (char_length(query) <= 100),
  -- false after "abbestellen": the search stays listed, no more digests.
  alerts      boolean NOT NULL DEFAULT true,
  -- Listings created after this moment are new for the next digest.
  last_sent_at timestamptz NOT NULL DEFAULT now(),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orchard_saved_searches_user ON orchard_saved_searches (user_id);

-- One digest per user and Berlin day: the primary key makes a second run of the job (or a parallel one) a no-op.
CREATE TABLE orchard_alert_digests (
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day         date NOT NULL,
  listings    integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, day)
);

CREATE TABLE orchard_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title       text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 120),
  description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 4000),
  place       text NOT NULL CHECK (char_length(place) BETWEEN 2 AND 200),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  capacity    integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  -- Seats taken; kept by the commands in the registration's transaction. The CHECK is the last guard:
  -- however many register at once, never more than capacity (ADR 0050).
  registered  integer NOT NULL DEFAULT 0,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  demo_key    text UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orchard_events_capacity CHECK (registered BETWEEN 0 AND capacity)
);
CREATE INDEX orchard_events_upcoming ON orchard_events (starts_at) WHERE status = 'active';

CREATE TABLE orchard_event_registrations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id    uuid NOT NULL REFERENCES orchard_events(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name        text NOT NULL,
  status      text NOT NULL CHECK (status IN ('registered','waitlisted','cancelled')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  promoted_at timestamptz,
  cancelled_at timestamptz
);
-- One live registration (seat or waitlist place) per person and event.
CREATE UNIQUE INDEX orchard_event_registrations_one ON orchard_event_registrations (event_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX orchard_event_registrations_queue ON orchard_event_registrations (event_id, created_at) WHERE status = 'waitlisted';
CREATE INDEX orchard_event_registrations_user ON orchard_event_registrations (user_id);
