-- Cases (Vorgänge): every submission becomes a case that runs through a process definition
-- (data/processes/*.process.json). State changes go through one command that checks the definition and
-- the row's version (optimistic locking). See docs/modules/cases.md.

-- The process definitions a case was started with (old versions stay, so running cases keep their rules).
CREATE TABLE case_processes (
  id           text NOT NULL,
  version      integer NOT NULL,
  title        text NOT NULL,
  definition   jsonb NOT NULL,
  content_hash text NOT NULL,
  loaded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

CREATE TABLE cases (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference          text NOT NULL UNIQUE,                 -- the submission's reference (EK-2026-000123)
  submission_id      uuid UNIQUE REFERENCES application_submissions(id) ON DELETE RESTRICT,
  process_id         text NOT NULL,
  process_version    integer NOT NULL,
  form_id            text,
  leika_key          text,
  service_title      text NOT NULL,
  municipality_ags   text,                                 -- the applicant's municipality (8-digit AGS), if answered
  state              text NOT NULL,                        -- a state of the process definition
  citizen_status     text NOT NULL CHECK (citizen_status IN ('received', 'in_progress', 'action_required', 'decided', 'closed')),
  owner_unit_id      uuid NOT NULL REFERENCES org_units(id),
  assignee_id        uuid REFERENCES users(id) ON DELETE SET NULL,
  applicant_user_id  uuid REFERENCES users(id) ON DELETE SET NULL,
  outcome            text CHECK (outcome IN ('approved', 'rejected')),
  -- Four-eyes: a proposed transition waiting for a second person ({event, by, at, outcome, text}).
  pending_approval   jsonb,
  version            integer NOT NULL DEFAULT 1,           -- optimistic locking: every change increments it
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  decided_at         timestamptz,
  closed_at          timestamptz,
  FOREIGN KEY (process_id, process_version) REFERENCES case_processes (id, version)
);
-- Inbox per department and per person, newest first; filters on state/status and service.
CREATE INDEX cases_owner_inbox ON cases (owner_unit_id, created_at DESC, id);
CREATE INDEX cases_owner_status ON cases (owner_unit_id, citizen_status, created_at DESC);
CREATE INDEX cases_assignee ON cases (assignee_id, created_at DESC) WHERE assignee_id IS NOT NULL;
CREATE INDEX cases_applicant ON cases (applicant_user_id, created_at DESC) WHERE applicant_user_id IS NOT NULL;

-- The timeline: who did what when; citizen-visible entries carry the plain-German text shown to the applicant.
CREATE TABLE case_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at             timestamptz NOT NULL DEFAULT now(),
  actor_type     text NOT NULL,                            -- user | staff | system
  actor_id       uuid,
  kind           text NOT NULL,                            -- created | transition | approval_requested | approval_rejected | assigned | participation_* | comment | citizen_reply | document | overdue | reminder
  event          text,                                     -- the definition's event name for transitions
  from_state     text,
  to_state       text,
  visibility     text NOT NULL CHECK (visibility IN ('internal', 'citizen')),
  citizen_status text CHECK (citizen_status IN ('received', 'in_progress', 'action_required', 'decided', 'closed')),
  text           text,                                     -- citizen-visible: plain German for the applicant; internal: a short note
  details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Parallel participation of other departments (Beteiligung), each with its deadline in working days.
CREATE TABLE case_participations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  step_key      text NOT NULL,                             -- the definition's step key (wasser, immission, …)
  label         text NOT NULL,
  unit_id       uuid NOT NULL REFERENCES org_units(id),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  due_date      date NOT NULL,                             -- last working day (Europe/Berlin, BW holidays)
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'given')),
  result        text CHECK (result IN ('agree', 'agree_with_conditions', 'object')),
  statement     text,
  given_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  given_at      timestamptz,
  reminded_at   timestamptz,
  overdue_at    timestamptz,                               -- set by the deadline job when the due date passed
  UNIQUE (case_id, step_key)
);
CREATE INDEX case_participations_unit ON case_participations (unit_id, status, due_date);
CREATE INDEX case_participations_open_due ON case_participations (due_date) WHERE status = 'open';

-- Internal comments of staff (never shown to the applicant).
CREATE TABLE case_comments (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id    uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  author_id  uuid REFERENCES users(id) ON DELETE SET NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_comments_case ON case_comments (case_id, created_at);

-- Who worked on the case, and when (the current assignee is cases.assignee_id).
CREATE TABLE case_assignments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  user_id     uuid REFERENCES users(id) ON DELETE SET NULL,
  assigned_by uuid REFERENCES users(id) ON DELETE SET NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  ended_at    timestamptz
);
CREATE INDEX case_assignments_case ON case_assignments (case_id, assigned_at);

-- Documents produced by the case workflow (notices); versions per kind, hash for integrity.
CREATE TABLE case_documents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id         uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('notice', 'statement', 'other')),
  version         integer NOT NULL,
  title           text NOT NULL,
  filename        text NOT NULL,
  media_type      text NOT NULL,
  content         bytea NOT NULL,
  sha256          text NOT NULL,
  citizen_visible boolean NOT NULL DEFAULT false,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, kind, version)
);
