-- Public participation on building plans (issue 18): procedures (Bebauungsplan …) of a municipality
-- with their phases (§ 3 (1) and § 3 (2) BauGB) and display periods, their documents (PDFs in the
-- platform file storage), citizens' statements (Stellungnahmen) with a reference number, and the
-- weighing (Abwägung) staff record per statement. See docs/modules/participation.md.

CREATE TABLE participation_procedures (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Public address part: /beteiligung/<slug>.
  slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,79}$'),
  kind          text NOT NULL CHECK (kind IN ('bebauungsplan', 'flaechennutzungsplan', 'satzung', 'planfeststellung')),
  title         text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description   text NOT NULL CHECK (length(description) <= 20000),
  -- The municipality (8-digit AGS, 12-digit ARS) whose plan it is; the org unit whose staff run it.
  ags           text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  ars           text NOT NULL CHECK (ars ~ '^[0-9]{12}$'),
  org_unit_id   uuid NOT NULL REFERENCES org_units(id) ON DELETE RESTRICT,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participation_procedures_unit ON participation_procedures (org_unit_id);

-- Phases with their period: statements are accepted from starts_at (inclusive) to ends_at (exclusive).
CREATE TABLE participation_phases (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id  uuid NOT NULL REFERENCES participation_procedures(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('early', 'display')),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  announcement  text NOT NULL DEFAULT '' CHECK (length(announcement) <= 10000),
  CHECK (ends_at > starts_at)
);
CREATE INDEX participation_phases_procedure ON participation_phases (procedure_id, starts_at);

CREATE TABLE participation_documents (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id  uuid NOT NULL REFERENCES participation_procedures(id) ON DELETE CASCADE,
  file_id       uuid NOT NULL REFERENCES files(id) ON DELETE RESTRICT,
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  added_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  added_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participation_documents_procedure ON participation_documents (procedure_id, added_at);

CREATE SEQUENCE participation_statement_number;

CREATE TABLE participation_statements (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- BT-<year>-<number>, given to the citizen as the receipt's reference.
  reference     text NOT NULL UNIQUE,
  procedure_id  uuid NOT NULL REFERENCES participation_procedures(id) ON DELETE CASCADE,
  phase_id      uuid NOT NULL REFERENCES participation_phases(id) ON DELETE CASCADE,
  -- The account that submitted, or NULL (then name and address are required).
  user_id       uuid REFERENCES users(id) ON DELETE SET NULL,
  name          text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  street        text NOT NULL CHECK (length(street) <= 200),
  postcode      text NOT NULL CHECK (postcode = '' OR postcode ~ '^[0-9]{5}$'),
  city          text NOT NULL CHECK (length(city) <= 100),
  email         text CHECK (email IS NULL OR length(email) <= 254),
  body          text NOT NULL CHECK (length(body) BETWEEN 10 AND 20000),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  -- The weighing (Abwägung), recorded by staff.
  decision      text CHECK (decision IN ('accepted', 'partly', 'rejected', 'noted')),
  consideration text CHECK (length(consideration) <= 20000),
  considered_at timestamptz,
  considered_by uuid REFERENCES users(id) ON DELETE SET NULL,
  CHECK (user_id IS NOT NULL OR (street <> '' AND postcode <> '' AND city <> '')),
  CHECK ((decision IS NULL) = (considered_at IS NULL))
);
CREATE INDEX participation_statements_procedure ON participation_statements (procedure_id, submitted_at);

-- The database refuses a statement outside its phase's period (or for a phase of another procedure),
-- whatever the application does: the server's clock (now()) decides.
CREATE FUNCTION participation_statement_in_period() RETURNS trigger AS $$
DECLARE
  ph participation_phases%ROWTYPE;
BEGIN
  SELECT * INTO ph FROM participation_phases WHERE id = NEW.phase_id;
  IF NOT FOUND OR ph.procedure_id <> NEW.procedure_id THEN
    RAISE EXCEPTION 'participation: phase % does not belong to the procedure', NEW.phase_id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.submitted_at < ph.starts_at OR NEW.submitted_at >= ph.ends_at OR now() < ph.starts_at OR now() >= ph.ends_at THEN
    RAISE EXCEPTION 'participation_period_closed' USING ERRCODE = 'check_violation', HINT = 'participation_period_closed';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER participation_statements_period
  BEFORE INSERT OR UPDATE OF phase_id, procedure_id, submitted_at ON participation_statements
  FOR EACH ROW EXECUTE FUNCTION participation_statement_in_period();
