-- Issue 11 (ADR 0052): the case engine reads only its own tables.
-- 1. What a notice says about the applicant and the matter is taken from the submission's answers when the
--    case is opened (answers never change afterwards); only the keys the notice reads are kept
--    (cases/noticeFacts.ts NOTICE_ANSWER_KEYS). Cases opened before are filled from their submission.
ALTER TABLE cases ADD COLUMN notice_answers jsonb;
UPDATE cases c SET notice_answers = (
  SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
  FROM application_submissions s, jsonb_each(CASE WHEN jsonb_typeof(s.answers) = 'object' THEN s.answers ELSE '{}'::jsonb END) e
  WHERE s.id = c.submission_id
    AND e.key IN ('bauherren','vorname','vornamen','nachname','familienname','name','firma','anschrift','bezeichnung','grundstueck','baukosten','mediaType','sha256')
) WHERE c.submission_id IS NOT NULL;

-- 2. The county the portal serves (config COUNTY_KEY), recorded by the cases module when it starts: the
--    engine's fallback for a case's owner and participating departments, read in the case's transaction.
CREATE TABLE case_settings (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  served_county  text NOT NULL CHECK (served_county ~ '^[0-9]{5}$')
);

-- 3. The responsibility finder reads only its own tables: the catalogue facts it needs per service (task
--    category, county department, popularity for inheriting a sibling's category, the name for staff lists)
--    and the task categories' names and legal sources, recorded by the catalogue's import and editor in
--    their transaction (responsibility's recordCatalogFacts). Filled here from the catalogue.
CREATE TABLE responsibility_service_facts (
  leika_key              char(14) PRIMARY KEY CHECK (leika_key ~ '^[0-9]{14}$'),
  name                   text NOT NULL,
  task_category          text,
  responsible_department text,
  popularity             integer NOT NULL DEFAULT 0
);
INSERT INTO responsibility_service_facts (leika_key, name, task_category, responsible_department, popularity)
  SELECT leika_key, name, task_category, responsible_department, popularity FROM services;

CREATE TABLE responsibility_task_categories (
  key          text PRIMARY KEY,
  name         text NOT NULL,
  legal_source text NOT NULL
);
INSERT INTO responsibility_task_categories (key, name, legal_source) SELECT key, name, legal_source FROM task_categories;
