-- Public participation, third slice (issue 18; docs/modules/participation.md, ADR 0048):
-- 1. agencies (Träger öffentlicher Belange, § 4 BauGB) invited by a token link (only its SHA-256 is stored)
--    with a deadline (exclusive end, Berlin midnight after the last day); their statement is a draft until a
--    second named person releases it, then it cannot change (trigger below);
-- 2. the place a citizen's statement refers to (a document + page/paragraph as text, and/or a map point);
-- 3. topics for grouping the weighing, and the published weighing result of a procedure with the outcome
--    mails (one per statement, outcome_mailed_at).

CREATE TABLE participation_agency_invitations (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id        uuid NOT NULL REFERENCES participation_procedures(id) ON DELETE CASCADE,
  agency_name         text NOT NULL CHECK (length(agency_name) BETWEEN 2 AND 200),
  email               text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  -- SHA-256 (hex) of the link's token; the reminder mail carries a second token (reminder_token_hash).
  token_hash          text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  reminder_token_hash text UNIQUE CHECK (reminder_token_hash ~ '^[0-9a-f]{64}$'),
  deadline            timestamptz NOT NULL,
  -- The link opens nothing after this (deadline + PARTICIPATION_AGENCY_GRACE_DAYS).
  link_valid_until    timestamptz NOT NULL CHECK (link_valid_until >= deadline),
  invited_by          uuid REFERENCES users(id) ON DELETE SET NULL,
  invited_at          timestamptz NOT NULL DEFAULT now(),
  reminded_at         timestamptz,
  -- The statement: a draft (body, author_name) until released by a second named person.
  body                text NOT NULL DEFAULT '' CHECK (length(body) <= 50000),
  author_name         text NOT NULL DEFAULT '' CHECK (length(author_name) <= 200),
  draft_saved_at      timestamptz,
  released_at         timestamptz,
  released_by_name    text CHECK (length(released_by_name) BETWEEN 2 AND 200),
  topic               text CHECK (length(topic) BETWEEN 1 AND 100),
  decision            text CHECK (decision IN ('accepted', 'partly', 'rejected', 'noted')),
  consideration       text CHECK (length(consideration) <= 20000),
  considered_at       timestamptz,
  considered_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  CHECK ((released_at IS NULL) = (released_by_name IS NULL)),
  CHECK (released_at IS NULL OR (length(body) >= 10 AND length(author_name) >= 2 AND lower(btrim(author_name)) <> lower(btrim(released_by_name)))),
  CHECK (decision IS NULL OR released_at IS NOT NULL),
  CHECK ((decision IS NULL) = (considered_at IS NULL))
);
CREATE INDEX participation_agency_invitations_procedure ON participation_agency_invitations (procedure_id, invited_at);
CREATE INDEX participation_agency_invitations_open ON participation_agency_invitations (deadline) WHERE released_at IS NULL AND reminded_at IS NULL;

-- A released statement is final: its text, author and release cannot change (the weighing columns can).
CREATE FUNCTION participation_agency_released_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.released_at IS NOT NULL AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.author_name IS DISTINCT FROM OLD.author_name
      OR NEW.released_at IS DISTINCT FROM OLD.released_at OR NEW.released_by_name IS DISTINCT FROM OLD.released_by_name) THEN
    RAISE EXCEPTION 'agency statement % is released', OLD.id USING HINT = 'participation_agency_released';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER participation_agency_released_final BEFORE UPDATE ON participation_agency_invitations
  FOR EACH ROW EXECUTE FUNCTION participation_agency_released_final();

ALTER TABLE participation_statements
  ADD COLUMN place_document_id uuid REFERENCES participation_documents(id) ON DELETE SET NULL,
  ADD COLUMN place_text text CHECK (length(place_text) BETWEEN 1 AND 200),
  ADD COLUMN place_lat double precision CHECK (place_lat BETWEEN -90 AND 90),
  ADD COLUMN place_lon double precision CHECK (place_lon BETWEEN -180 AND 180),
  ADD COLUMN topic text CHECK (length(topic) BETWEEN 1 AND 100),
  ADD COLUMN outcome_mailed_at timestamptz,
  ADD CONSTRAINT participation_statements_point CHECK ((place_lat IS NULL) = (place_lon IS NULL));

ALTER TABLE participation_procedures
  ADD COLUMN weighing_published_at timestamptz,
  ADD COLUMN weighing_published_by uuid REFERENCES users(id) ON DELETE SET NULL;
