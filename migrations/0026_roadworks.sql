-- Road works (issue 15): construction companies (organisation accounts with several users) apply for a
-- traffic order (§ 45 StVO); the road authority asks municipality, police and bus operator for consent
-- with a working-day deadline, collects conditions and issues the order (Anordnung) as PDF.

CREATE TABLE roadworks_companies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 200),
  phone       text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  -- Self-registered companies wait for staff approval; companies staff create are approved at once.
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved')),
  is_demo     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  approved_at timestamptz,
  approved_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX roadworks_companies_demo_name ON roadworks_companies (name) WHERE is_demo;

-- Accounts (citizen kind) that act for a company; like care_provider_members.
CREATE TABLE roadworks_company_members (
  company_id uuid NOT NULL REFERENCES roadworks_companies(id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at   timestamptz NOT NULL DEFAULT now(),
  added_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (company_id, user_id)
);
CREATE INDEX roadworks_company_members_user ON roadworks_company_members (user_id);

CREATE TABLE roadworks (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference      text NOT NULL UNIQUE CHECK (reference ~ '^BS-[0-9]{4}-[0-9A-F]{6}$'),
  company_id     uuid REFERENCES roadworks_companies(id) ON DELETE RESTRICT,
  created_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  road_name      text NOT NULL CHECK (length(road_name) BETWEEN 1 AND 120),
  road_key       text NOT NULL,  -- folded road name (conflicts "same road in the same municipality")
  house_from     text NOT NULL DEFAULT '' CHECK (length(house_from) <= 10),
  house_to       text NOT NULL DEFAULT '' CHECK (length(house_to) <= 10),
  road_class     text NOT NULL CHECK (road_class IN ('municipal', 'county', 'state', 'federal')),
  ags            text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  ars            text NOT NULL CHECK (ars ~ '^[0-9]{12}$'),
  municipality   text NOT NULL,
  authority_kind text NOT NULL CHECK (authority_kind IN ('county', 'municipality', 'city')),
  authority_name text NOT NULL,
  -- The org unit whose staff coordinate it (gem-<AGS>, or the county's lra-<Kreis>-ordnung); NULL = administrators only.
  authority_unit uuid REFERENCES org_units(id) ON DELETE SET NULL,
  geometry       jsonb NOT NULL,   -- GeoJSON geometry (Point, LineString, Polygon), WGS 84
  detour         jsonb,            -- GeoJSON LineString or null
  -- Bounding box of geometry and detour, for the conflict pre-filter.
  min_lon double precision NOT NULL, min_lat double precision NOT NULL,
  max_lon double precision NOT NULL, max_lat double precision NOT NULL,
  start_date     date NOT NULL,
  end_date       date NOT NULL,
  daily_from     text NOT NULL DEFAULT '00:00' CHECK (daily_from ~ '^[0-2][0-9]:[0-5][0-9]$'),
  daily_to       text NOT NULL DEFAULT '24:00' CHECK (daily_to ~ '^[0-2][0-9]:[0-5][0-9]$'),
  lanes          integer NOT NULL CHECK (lanes BETWEEN 0 AND 8),
  closure        text NOT NULL CHECK (closure IN ('full', 'half', 'signals', 'footway')),
  rsa_plan       text NOT NULL,
  sign_plan_file uuid REFERENCES files(id) ON DELETE SET NULL,
  site_manager   text NOT NULL,
  site_phone     text NOT NULL,
  contractor     text NOT NULL,
  client         text NOT NULL,
  fee_cents      integer NOT NULL CHECK (fee_cents >= 0),
  paid_at        timestamptz,      -- the fee was paid through the payment port (paymentSubjects.roadworks)
  status         text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'coordination', 'ordered', 'refused')),
  order_token    text UNIQUE,      -- secret of the mailed order link
  ordered_at     timestamptz,
  is_demo        boolean NOT NULL DEFAULT false,
  submitted_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date)
);
CREATE INDEX roadworks_period ON roadworks (start_date, end_date);
CREATE INDEX roadworks_place ON roadworks (ags, end_date);
CREATE INDEX roadworks_road ON roadworks (ags, road_key);
CREATE INDEX roadworks_company ON roadworks (company_id);
CREATE INDEX roadworks_authority_unit ON roadworks (authority_unit, submitted_at);
CREATE UNIQUE INDEX roadworks_demo_title ON roadworks (title) WHERE is_demo;

-- Consents asked in parallel (municipality, police, bus operator); an answer after due_on is kept and marked late.
CREATE TABLE roadworks_consents (
  roadwork_id  uuid NOT NULL REFERENCES roadworks(id) ON DELETE CASCADE,
  party        text NOT NULL CHECK (party IN ('municipality', 'police', 'bus')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  due_on       date NOT NULL,
  answer       text CHECK (answer IN ('consent', 'refusal')),
  condition    text NOT NULL DEFAULT '' CHECK (length(condition) <= 2000),
  answered_at  timestamptz,
  answered_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  late         boolean NOT NULL DEFAULT false,
  PRIMARY KEY (roadwork_id, party),
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);

-- The fee is paid through the payment port (payments module): its transactions may now pay a road work.
ALTER TABLE payment_transactions DROP CONSTRAINT IF EXISTS payment_transactions_subject_type_check;
ALTER TABLE payment_transactions ADD CONSTRAINT payment_transactions_subject_type_check CHECK (subject_type IN ('application', 'fine', 'roadworks'));
