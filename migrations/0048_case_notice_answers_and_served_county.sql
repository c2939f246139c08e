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
