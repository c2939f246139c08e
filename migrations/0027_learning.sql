-- E-learning (issue 20): published course versions (immutable), enrolments of guests and staff, quiz
-- attempts, certificates with a public verification code, mandatory trainings per org unit, reminders,
-- and the accounts with the role "Lernredaktion".

-- A published version of a course folder (src/modules/learning/courses/<slug>/): the whole content
-- (course.json with its Markdown, captions and download texts) as it was published. Never changed.
CREATE TABLE learning_course_versions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug         text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,60}$'),
  version      integer NOT NULL CHECK (version > 0),
  audience     text NOT NULL CHECK (audience IN ('public', 'staff')),
  fee_cents    integer NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
  content      jsonb NOT NULL,
  content_hash text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid,
  UNIQUE (slug, version)
);

-- Published versions are immutable: progress and certificates refer to exactly what was learnt.
CREATE FUNCTION learning_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published course versions are immutable' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER learning_course_versions_immutable BEFORE UPDATE OR DELETE ON learning_course_versions
  FOR EACH ROW EXECUTE FUNCTION learning_versions_immutable();

-- Somebody taking a course version: a guest (name, date of birth, e-mail; reached through a capability
-- link) or a staff account (user_id).
CREATE TABLE learning_enrollments (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id           uuid NOT NULL REFERENCES learning_course_versions(id),
  user_id              uuid,
  holder_name          text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
  birth_date           date,
  email                text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
  content_locale       text NOT NULL CHECK (content_locale ~ '^[a-z]{2}$'),
  identity_declared_at timestamptz,
  paid_at              timestamptz,
  modules_done         text[] NOT NULL DEFAULT '{}',
  completed_at         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_enrollments_user ON learning_enrollments (user_id) WHERE user_id IS NOT NULL;

-- One quiz attempt: the server's start time decides the time-out; answers and score are the server's.
CREATE TABLE learning_attempts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL REFERENCES learning_enrollments(id),
  started_at    timestamptz NOT NULL DEFAULT now(),
  submitted_at  timestamptz,
  outcome       text CHECK (outcome IN ('passed', 'failed', 'expired')),
  score         integer,
  max_score     integer,
  answers       jsonb
);
-- At most one open attempt per enrolment.
CREATE UNIQUE INDEX learning_attempts_open ON learning_attempts (enrollment_id) WHERE submitted_at IS NULL;

-- Certificates: the code is long and random (not derived from anything), shown on the PDF and in its QR code.
CREATE TABLE learning_certificates (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL UNIQUE REFERENCES learning_enrollments(id),
  code          text NOT NULL UNIQUE CHECK (code ~ '^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$'),
  issued_at     timestamptz NOT NULL DEFAULT now(),
  valid_until   date,
  revoked_at    timestamptz,
  revoke_reason text CHECK (revoke_reason IS NULL OR length(revoke_reason) BETWEEN 3 AND 500),
  revoked_by    uuid
);

-- Mandatory trainings: a course (by slug, the newest version counts) for the staff of an org unit.
CREATE TABLE learning_assignments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_slug text NOT NULL,
  org_unit_id uuid NOT NULL,
  due_on      date NOT NULL,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (course_slug, org_unit_id)
);

-- Reminder mails sent (job "learning-reminders"): at most one per assignment, person and week.
CREATE TABLE learning_reminders (
  assignment_id uuid NOT NULL REFERENCES learning_assignments(id) ON DELETE CASCADE,
  user_id       uuid NOT NULL,
  week          text NOT NULL,
  sent_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assignment_id, user_id, week)
);

-- Accounts with the role "Lernredaktion" (administrators have it anyway).
CREATE TABLE learning_editors (
  user_id    uuid PRIMARY KEY,
  granted_by uuid,
  granted_at timestamptz NOT NULL DEFAULT now()
);

-- Course fees are paid through the payments module: its subject type "learning" (subject: the enrolment).
ALTER TABLE payment_transactions DROP CONSTRAINT IF EXISTS payment_transactions_subject_type_check;
ALTER TABLE payment_transactions ADD CONSTRAINT payment_transactions_subject_type_check CHECK (subject_type IN ('application', 'fine', 'learning'));
