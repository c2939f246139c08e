-- Appointment booking (issue 6). Slots are computed from locations, counters, weekly hours,
-- holidays and closures; only bookings are stored. Double bookings are impossible: an exclusion
-- constraint forbids two live bookings on one counter whose times overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A location is an org_unit that offers appointments.
CREATE TABLE appt_locations (
  key           text PRIMARY KEY,                       -- the org_unit key, e.g. lra-08236-fuehrerschein
  org_unit_id   uuid NOT NULL UNIQUE REFERENCES org_units(id) ON DELETE CASCADE,
  horizon_days  integer NOT NULL DEFAULT 42 CHECK (horizon_days BETWEEN 1 AND 365),
  min_lead_minutes integer NOT NULL DEFAULT 60 CHECK (min_lead_minutes >= 0),
  slot_minutes  integer NOT NULL DEFAULT 15 CHECK (slot_minutes BETWEEN 5 AND 120),
  hold_minutes  integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 60),
  active        boolean NOT NULL DEFAULT true
);

-- Services bookable at a location, with the duration per person.
CREATE TABLE appt_services (
  location_key  text NOT NULL REFERENCES appt_locations(key) ON DELETE CASCADE,
  leika_key     char(14) NOT NULL CHECK (leika_key ~ '^[0-9]{14}$'),
  name          text NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 240),
  max_persons   integer NOT NULL DEFAULT 4 CHECK (max_persons BETWEEN 1 AND 10),
  PRIMARY KEY (location_key, leika_key)
);

-- Counters (resources). Each serves one citizen at a time; capacity of a time = open counters.
CREATE TABLE appt_counters (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  location_key  text NOT NULL REFERENCES appt_locations(key) ON DELETE CASCADE,
  name          text NOT NULL,
  UNIQUE (location_key, name)
);

-- Weekly opening hours per counter (ISO weekday 1 = Monday), wall-clock time in Europe/Berlin.
CREATE TABLE appt_hours (
  counter_id    uuid NOT NULL REFERENCES appt_counters(id) ON DELETE CASCADE,
  weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens         time NOT NULL,
  closes        time NOT NULL CHECK (closes > opens),
  PRIMARY KEY (counter_id, weekday, opens)
);

-- Closures and blocked times (whole location when counter_id is null). Public holidays are computed.
CREATE TABLE appt_closures (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  location_key  text NOT NULL REFERENCES appt_locations(key) ON DELETE CASCADE,
  counter_id    uuid REFERENCES appt_counters(id) ON DELETE CASCADE,
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL CHECK (ends_at > starts_at),
  reason        text NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appt_closures_loc ON appt_closures (location_key, starts_at);

-- Bookings. status: held (waiting for the e-mail confirmation), confirmed, checked_in, no_show,
-- releasing (cancelled, slot still blocked until release_at, randomised), cancelled, expired.
CREATE TABLE appt_bookings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code          text NOT NULL UNIQUE,
  location_key  text NOT NULL REFERENCES appt_locations(key),
  counter_id    uuid NOT NULL REFERENCES appt_counters(id),
  leika_key     char(14) NOT NULL,
  persons       integer NOT NULL DEFAULT 1 CHECK (persons BETWEEN 1 AND 10),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL CHECK (ends_at > starts_at),
  name          text NOT NULL,
  email         text NOT NULL,
  status        text NOT NULL CHECK (status IN ('held','confirmed','checked_in','no_show','releasing','cancelled','expired')),
  hold_expires_at timestamptz,
  release_at    timestamptz,
  confirm_token_hash text NOT NULL,
  cancel_token_hash  text NOT NULL,
  reminded_at   timestamptz,
  checked_in_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT appt_no_double_booking EXCLUDE USING gist (
    counter_id WITH =, tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status IN ('held','confirmed','checked_in','no_show','releasing'))
);
CREATE INDEX appt_bookings_loc_time ON appt_bookings (location_key, starts_at);
CREATE INDEX appt_bookings_email ON appt_bookings (lower(email), starts_at);
CREATE INDEX appt_bookings_hold ON appt_bookings (hold_expires_at) WHERE status = 'held';
CREATE INDEX appt_bookings_release ON appt_bookings (release_at) WHERE status = 'releasing';

-- Waiting list: notified by e-mail when a slot of the service at the location frees up.
CREATE TABLE appt_waitlist (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  location_key  text NOT NULL REFERENCES appt_locations(key) ON DELETE CASCADE,
  leika_key     char(14) NOT NULL,
  email         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  notified_at   timestamptz,
  UNIQUE (location_key, leika_key, email)
);
