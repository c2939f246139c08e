-- Platform file storage: metadata of every stored file; the bytes live in the storage provider
-- (local folder or S3) under a random key. Infected or disallowed uploads are never stored.
CREATE TABLE files (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  storage_provider text NOT NULL,
  storage_key      text NOT NULL UNIQUE,
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type       text NOT NULL,
  size_bytes       bigint NOT NULL CHECK (size_bytes > 0),
  -- Sanitized name the uploader gave, for display and downloads only.
  original_name    text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 200),
  uploader_id      uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Anonymous uploader (anonymous draft): hash of a token only they hold.
  owner_token_hash text,
  purpose          text NOT NULL,
  scan_status      text NOT NULL CHECK (scan_status IN ('clean', 'not_scanned')),
  -- An upload nobody uses is deleted after this; NULL once a record (submission, message) holds it.
  retain_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_retain_until ON files (retain_until) WHERE retain_until IS NOT NULL;
CREATE INDEX files_uploader ON files (uploader_id);

-- Files of a submitted application, by the field that carried them; a file belongs to one submission.
CREATE TABLE application_submission_files (
  submission_id uuid NOT NULL REFERENCES application_submissions(id) ON DELETE CASCADE,
  file_id       uuid NOT NULL UNIQUE REFERENCES files(id),
  field_path    text NOT NULL,
  PRIMARY KEY (submission_id, file_id)
);
