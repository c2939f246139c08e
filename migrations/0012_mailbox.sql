-- Citizen mailbox per case (Postfach), the case file (seed of the E-Akte) with document versions,
-- and the notification outbox (mails that carry only a link).
-- Everything hangs off the submission: every case comes from exactly one submission, and the
-- submission exists before the case. case_id is filled when the cases module knows the case.

CREATE TABLE mailbox_messages (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submission_id  uuid NOT NULL REFERENCES application_submissions(id) ON DELETE CASCADE,
  case_id        uuid,
  direction      text NOT NULL CHECK (direction IN ('to_applicant', 'from_applicant')),
  kind           text NOT NULL CHECK (kind IN ('message', 'document_request', 'answer', 'notice')),
  subject        text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body           text NOT NULL CHECK (length(body) <= 10000),
  author_id      uuid REFERENCES users(id) ON DELETE SET NULL,
  reply_to       uuid REFERENCES mailbox_messages(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- Set when the receiving side (applicant, or any staff member with access) first opened the thread.
  read_at        timestamptz
);
CREATE INDEX mailbox_messages_thread ON mailbox_messages (submission_id, created_at);
CREATE INDEX mailbox_messages_unread ON mailbox_messages (submission_id, direction) WHERE read_at IS NULL;

-- A document of a case under a stable name per role; every new upload under the same name is a new version.
CREATE TABLE case_file_documents (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submission_id  uuid NOT NULL REFERENCES application_submissions(id) ON DELETE CASCADE,
  case_id        uuid,
  role           text NOT NULL CHECK (role IN ('upload', 'attachment', 'statement', 'notice', 'other')),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- 'internal' documents (statements, internal notes) are never shown to the applicant.
  visibility     text NOT NULL CHECK (visibility IN ('applicant', 'internal')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (submission_id, role, name)
);

CREATE TABLE case_file_versions (
  document_id    uuid NOT NULL REFERENCES case_file_documents(id) ON DELETE CASCADE,
  version        integer NOT NULL CHECK (version >= 1),
  -- The bytes: a file of the platform storage (uploads, attachments), or a document the case engine
  -- produced and keeps itself (notices, in case_documents of migration 0011).
  file_id          uuid REFERENCES files(id) ON DELETE RESTRICT,
  case_document_id uuid REFERENCES case_documents(id) ON DELETE RESTRICT,
  filename       text NOT NULL,
  content_type   text NOT NULL,
  size_bytes     bigint NOT NULL,
  sha256         text,
  message_id     uuid REFERENCES mailbox_messages(id) ON DELETE SET NULL,
  added_by_type  text NOT NULL,
  added_by_id    uuid,
  added_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, version),
  CHECK ((file_id IS NULL) <> (case_document_id IS NULL))
);
CREATE INDEX case_file_versions_message ON case_file_versions (message_id) WHERE message_id IS NOT NULL;

-- Written in the transaction of every change; the job 'mailbox-notify' sends one mail per row
-- (a link only, never content) and marks it sent. Nothing is lost when the process dies after commit.
CREATE TABLE mailbox_notifications (
  id             bigserial PRIMARY KEY,
  submission_id  uuid NOT NULL REFERENCES application_submissions(id) ON DELETE CASCADE,
  reason         text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz,
  attempts       integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error     text
);
CREATE INDEX mailbox_notifications_due ON mailbox_notifications (next_attempt_at) WHERE sent_at IS NULL;
