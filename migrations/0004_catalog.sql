-- Service catalogue modelled on XZuFi: Leistung (service), Organisationseinheit (office, = org_units),
-- Zuständigkeit (service × area → office). Responsibility rules are data, editable by staff.

CREATE TABLE ozg_topics (
  id   integer PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE ozg_life_situations (
  id       integer PRIMARY KEY,
  name     text NOT NULL,
  topic_id integer NOT NULL REFERENCES ozg_topics(id)
);

CREATE TABLE ozg_services (
  ozg_id            integer PRIMARY KEY,
  name              text NOT NULL,
  life_situation_id integer REFERENCES ozg_life_situations(id)
);

-- How a service is handled: which level of administration is responsible. The finder turns this
-- into a concrete office per municipality using responsibility_rules.
CREATE TABLE task_categories (
  key         text PRIMARY KEY,          -- e.g. 'municipal', 'county', 'lower_admin_authority'
  name        text NOT NULL,
  description text NOT NULL,
  legal_source text NOT NULL             -- the rule's source, e.g. '§ 15 LVG BW'
);

CREATE TABLE services (
  leika_key        char(14) PRIMARY KEY CHECK (leika_key ~ '^[0-9]{14}$'),
  name             text NOT NULL,
  leika_type       text,
  ozg_id           integer REFERENCES ozg_services(ozg_id),
  service_object   text,               -- LeiKa Leistungsobjekt (key digits 1-8)
  activity         text,               -- LeiKa Verrichtung, e.g. 'Erteilung', 'Ersatz'
  activity_detail  text,
  short_text       text,
  full_text        text,
  requirements     jsonb NOT NULL DEFAULT '[]',  -- ["…"]
  documents        jsonb NOT NULL DEFAULT '[]',  -- ["…"]
  fees             text,
  deadlines        text,
  processing_time  text,
  legal_basis      jsonb NOT NULL DEFAULT '[]',  -- [{"title": "§ 2 StVG", "url": "https://…"}]
  forms            jsonb NOT NULL DEFAULT '[]',  -- [{"title": "…", "url": "…"}]
  online_service   jsonb,                        -- {"url": "…", "trustLevel": "substantial"}
  search_terms     text[] NOT NULL DEFAULT '{}',
  validity_ars     text,                         -- area of validity (ARS prefix); NULL = everywhere
  task_category    text REFERENCES task_categories(key),
  responsible_department text,                   -- org_units key suffix of the county department, e.g. 'fuehrerschein'
  popularity       integer NOT NULL DEFAULT 0,   -- editorial weight 0..100, boosts search
  has_content      boolean GENERATED ALWAYS AS (short_text IS NOT NULL AND short_text <> '') STORED,
  version          integer NOT NULL DEFAULT 1,   -- optimistic locking for editors
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_ozg ON services (ozg_id);

-- Offices: org_units gains the XZuFi Organisationseinheit fields.
ALTER TABLE org_units
  ADD COLUMN street        text,
  ADD COLUMN postcode      text,
  ADD COLUMN city          text,
  ADD COLUMN phone         text,
  ADD COLUMN email         text,
  ADD COLUMN website       text,
  ADD COLUMN opening_hours jsonb NOT NULL DEFAULT '[]',   -- [{"days": "Mo–Fr", "hours": "08:00–12:00"}]
  ADD COLUMN accessibility text,                          -- building accessibility in plain words
  ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now();

-- Rules that resolve (task category, municipality) → office. The most specific matching rule wins:
-- a rule for a single municipality (ars) beats a rule for an area type, which beats the default.
CREATE TABLE responsibility_rules (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_category    text NOT NULL REFERENCES task_categories(key),
  -- conditions (NULL = any)
  leika_prefix     text,                 -- restrict to services whose key starts with this
  area_ars         text,                 -- a specific municipality or association (ARS, 12 digits)
  area_type        text,                 -- e.g. 'Große Kreisstadt', 'Stadtkreis', 'Verwaltungsgemeinschaft'
  -- result
  target           text NOT NULL CHECK (target IN ('municipal_authority', 'association_authority', 'county_department', 'city_department', 'org_unit')),
  department_key   text,                 -- for county_department/city_department: which department
  org_unit_id      uuid REFERENCES org_units(id),
  role             text NOT NULL DEFAULT 'zustaendig',   -- XZuFi role, e.g. 'zustaendig', 'beteiligt'
  source           text NOT NULL,        -- legal source of the rule
  note             text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responsibility_rules_category ON responsibility_rules (task_category);

-- Explicit Zuständigkeit records (XZuFi): service × area → office. Override the rules.
CREATE TABLE responsibilities (
  leika_key   char(14) NOT NULL REFERENCES services(leika_key) ON DELETE CASCADE,
  area_ars    text NOT NULL,
  org_unit_id uuid NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  role        text NOT NULL DEFAULT 'zustaendig',
  PRIMARY KEY (leika_key, area_ars, role)
);

-- Editorial synonyms: a term citizens use → terms of the catalogue (perso → Personalausweis).
CREATE TABLE search_synonyms (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  term       text NOT NULL,
  expansions text[] NOT NULL,
  source     text NOT NULL DEFAULT 'editorial',   -- 'editorial' | 'openthesaurus'
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (term, source)
);

-- Anonymous counts of queries that found nothing, for editors. No user, no IP, no time of day.
CREATE TABLE search_misses (
  query      text PRIMARY KEY,
  count      integer NOT NULL DEFAULT 1,
  first_day  date NOT NULL DEFAULT current_date,
  last_day   date NOT NULL DEFAULT current_date
);

-- Bumped on every catalogue change; app nodes poll it and rebuild their search index.
CREATE TABLE catalog_version (
  id      boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO catalog_version DEFAULT VALUES;
