-- Road works (issue 15, ADR 0065): the special-use permit (Sondernutzung) is its own decision beside the traffic
-- order (own status, fee, notice PDF, payment); an extension that moves the end later or changes the area is
-- decided only after a new consent round with municipality, police and bus operator.

CREATE TABLE roadworks_special_uses (
  roadwork_id  uuid PRIMARY KEY REFERENCES roadworks(id) ON DELETE CASCADE,
  purpose      text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
  area_m2      integer NOT NULL CHECK (area_m2 BETWEEN 1 AND 100000),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'refused')),
  -- Set with the decision (the fee of a grant by the schedule; 0 for a refusal).
  fee_cents    integer NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
  -- The permit's conditions (granted) or the reasons (refused).
  decision_text text NOT NULL DEFAULT '' CHECK (length(decision_text) <= 4000),
  pdf          bytea,
  decided_at   timestamptz,
  decided_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  signed_by    text NOT NULL DEFAULT '' CHECK (length(signed_by) <= 200),
  paid_at      timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL))
);

-- An extension or change of an ordered work under consultation: a later end and/or a new area.
CREATE TABLE roadworks_extensions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  roadwork_id  uuid NOT NULL REFERENCES roadworks(id) ON DELETE CASCADE,
  old_end      date NOT NULL,
  new_end      date NOT NULL,
  old_geometry jsonb NOT NULL,
  new_geometry jsonb,
  reason       text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  status       text NOT NULL DEFAULT 'consultation' CHECK (status IN ('consultation', 'granted', 'refused')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at   timestamptz,
  decided_by   uuid REFERENCES users(id) ON DELETE SET NULL
);
-- At most one round open per work.
CREATE UNIQUE INDEX roadworks_extensions_one_open ON roadworks_extensions (roadwork_id) WHERE status = 'consultation';

CREATE TABLE roadworks_extension_consents (
  extension_id uuid NOT NULL REFERENCES roadworks_extensions(id) ON DELETE CASCADE,
  party        text NOT NULL CHECK (party IN ('municipality', 'police', 'bus')),
  due_on       date NOT NULL,
  invited_email text CHECK (length(invited_email) <= 200),
  answer       text CHECK (answer IN ('consent', 'refusal')),
  text         text NOT NULL DEFAULT '' CHECK (length(text) <= 2000),
  late         boolean NOT NULL DEFAULT false,
  answered_at  timestamptz,
  answered_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (extension_id, party)
);

-- Known events (Veranstaltungen: festivals, markets, races) that staff enter so the conflict check sees them beside
-- other road works; the portal has no events register of its own (ADR 0065).
CREATE TABLE roadworks_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  ags          text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  municipality text NOT NULL,
  road_name    text NOT NULL CHECK (length(road_name) BETWEEN 1 AND 120),
  road_key     text NOT NULL,
  geometry     jsonb NOT NULL,
  min_lon      double precision NOT NULL,
  min_lat      double precision NOT NULL,
  max_lon      double precision NOT NULL,
  max_lat      double precision NOT NULL,
  start_date   date NOT NULL,
  end_date     date NOT NULL,
  is_demo      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  CHECK (end_date >= start_date)
);
CREATE INDEX roadworks_events_period ON roadworks_events (end_date, start_date);
