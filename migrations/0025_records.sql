-- Records (E-Akte, issue 14): filing plan → file (Akte) → case (Vorgang) → document → versions, after xdomea 3.
-- A closed file (zdA) is immutable: triggers refuse every change to it and its contents (ADR 0034).

CREATE TABLE records_plan_units (
  code text PRIMARY KEY CHECK (code ~ '^[0-9A-Za-z.\-]{1,40}$'),
  parent_code text REFERENCES records_plan_units(code),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  retention_years int NOT NULL CHECK (retention_years BETWEEN 0 AND 200),
  disposal text NOT NULL CHECK (disposal IN ('A', 'B', 'V')),
  -- Process definitions (cases module) whose cases file under this position, e.g. {baugenehmigung}.
  process_ids text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Bytes of document versions and clearing scans, once per SHA-256 (the same file twice is stored once).
CREATE TABLE records_blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  size bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE records_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_number text NOT NULL UNIQUE,
  plan_code text NOT NULL REFERENCES records_plan_units(code),
  title text NOT NULL,
  retention_years int NOT NULL CHECK (retention_years BETWEEN 0 AND 200),
  disposal text NOT NULL CHECK (disposal IN ('A', 'B', 'V')),
  -- Set when retention or disposal differ from the plan position (the reason is required then).
  override_reason text,
  confidentiality text NOT NULL DEFAULT '003',
  medium text NOT NULL DEFAULT '001',
  -- Who may read (denormalised from the cases module on every "case.changed"; the cases policy is checked again per object).
  owner_unit_id uuid NOT NULL,
  reader_unit_ids uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'disposing')),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  closed_by uuid
);
CREATE INDEX records_files_units ON records_files USING gin (reader_unit_ids);
CREATE INDEX records_files_owner ON records_files (owner_unit_id);

CREATE TABLE records_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_id uuid NOT NULL REFERENCES records_files(id),
  case_id uuid NOT NULL UNIQUE,
  reference text NOT NULL UNIQUE,
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE records_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_id uuid NOT NULL REFERENCES records_files(id),
  record_case_id uuid NOT NULL REFERENCES records_cases(id),
  title text NOT NULL,
  source text NOT NULL CHECK (source IN ('upload', 'scan', 'api')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  idempotency_key text,
  ocr_status text NOT NULL DEFAULT 'pending' CHECK (ocr_status IN ('pending', 'done', 'failed')),
  ocr_error text,
  search tsvector NOT NULL DEFAULT ''::tsvector
);
CREATE UNIQUE INDEX records_documents_idem ON records_documents (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX records_documents_search ON records_documents USING gin (search);
CREATE INDEX records_documents_file ON records_documents (file_id);
CREATE INDEX records_documents_ocr ON records_documents (ocr_status) WHERE ocr_status = 'pending';

CREATE TABLE records_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES records_documents(id),
  version int NOT NULL,
  filename text NOT NULL,
  media_type text NOT NULL,
  sha256 text NOT NULL REFERENCES records_blobs(sha256),
  size bigint NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, version)
);
CREATE INDEX records_versions_sha ON records_versions (sha256);

CREATE TABLE records_pages (
  document_id uuid NOT NULL REFERENCES records_documents(id),
  version int NOT NULL,
  page int NOT NULL,
  text text NOT NULL,
  method text NOT NULL CHECK (method IN ('text', 'ocr')),
  PRIMARY KEY (document_id, version, page)
);

-- TR-RESISCAN: who scanned what when on which device, quality check by whom.
CREATE TABLE records_scan_protocols (
  document_id uuid PRIMARY KEY REFERENCES records_documents(id),
  scanned_by uuid,
  scanned_at timestamptz NOT NULL DEFAULT now(),
  device text NOT NULL,
  pages int,
  quality_checked_by uuid,
  quality_checked_at timestamptz,
  quality_ok boolean
);

-- Scans the cover sheet did not route: staff assign them to a case.
CREATE TABLE records_clearing (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL REFERENCES records_blobs(sha256),
  filename text NOT NULL,
  media_type text NOT NULL,
  size bigint NOT NULL,
  reason text NOT NULL,
  device text NOT NULL,
  received_by uuid,
  -- The departments of whoever delivered the scan: only they see it in the clearing list.
  unit_ids uuid[] NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now(),
  assigned_at timestamptz,
  assigned_by uuid,
  document_id uuid
);
CREATE INDEX records_clearing_open ON records_clearing (received_at) WHERE assigned_at IS NULL;

-- The disposal list: files whose retention ran out; kept after the file is gone (no content, only its number).
CREATE TABLE records_disposals (
  file_id uuid PRIMARY KEY,
  file_number text NOT NULL,
  owner_unit_id uuid NOT NULL,
  disposal text NOT NULL CHECK (disposal IN ('A', 'B', 'V')),
  due_on date NOT NULL,
  listed_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid,
  approved_at timestamptz,
  outcome text CHECK (outcome IN ('destroyed', 'archived')),
  archive_zip bytea,
  -- The 0503 message (ProzessID, ID of the handed-over Vorgang) and the archive's 0506 answer.
  process_id text,
  sgo_id text,
  archive_confirmed_at timestamptz,
  archive_reference text
);

-- zdA: a closed file and everything in it is immutable. Only the disposal may move a closed file to
-- 'disposing' (nothing else changed), and only a file in 'disposing' may lose its contents.
CREATE FUNCTION records_file_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'disposing' THEN
      RAISE EXCEPTION 'records_file_not_disposing' USING ERRCODE = 'check_violation', HINT = 'records_file_closed';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'closed' AND NOT (NEW.status = 'disposing' AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status')) THEN
    RAISE EXCEPTION 'records_file_closed' USING ERRCODE = 'check_violation', HINT = 'records_file_closed';
  END IF;
  IF OLD.status = 'disposing' THEN
    RAISE EXCEPTION 'records_file_closed' USING ERRCODE = 'check_violation', HINT = 'records_file_closed';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_files_guard BEFORE UPDATE OR DELETE ON records_files FOR EACH ROW EXECUTE FUNCTION records_file_guard();

CREATE FUNCTION records_content_guard() RETURNS trigger AS $$
DECLARE
  fid uuid;
  st text;
  row_ jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  IF TG_TABLE_NAME IN ('records_documents', 'records_cases') THEN
    fid := (row_ ->> 'file_id')::uuid;
  ELSE
    SELECT d.file_id INTO fid FROM records_documents d WHERE d.id = (row_ ->> 'document_id')::uuid;
  END IF;
  SELECT status INTO st FROM records_files WHERE id = fid;
  IF st = 'closed' OR (st = 'disposing' AND TG_OP <> 'DELETE') THEN
    RAISE EXCEPTION 'records_file_closed' USING ERRCODE = 'check_violation', HINT = 'records_file_closed';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_cases_guard BEFORE INSERT OR UPDATE OR DELETE ON records_cases FOR EACH ROW EXECUTE FUNCTION records_content_guard();
CREATE TRIGGER records_documents_guard BEFORE INSERT OR UPDATE OR DELETE ON records_documents FOR EACH ROW EXECUTE FUNCTION records_content_guard();
CREATE TRIGGER records_versions_guard BEFORE INSERT OR UPDATE OR DELETE ON records_versions FOR EACH ROW EXECUTE FUNCTION records_content_guard();
CREATE TRIGGER records_pages_guard BEFORE INSERT OR UPDATE OR DELETE ON records_pages FOR EACH ROW EXECUTE FUNCTION records_content_guard();
CREATE TRIGGER records_scan_protocols_guard BEFORE INSERT OR UPDATE OR DELETE ON records_scan_protocols FOR EACH ROW EXECUTE FUNCTION records_content_guard();

-- Specialist software files into records with personal API tokens of a staff (system) account (ADR 0034).
-- The list of scopes lives in src/platform/auth/apiTokens.ts.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submissions:write', 'applications:read', 'care:places', 'records:read', 'records:write']::text[]);

-- Webhooks for specialist software (per department): case filed, document added, file closed. Deliveries are
-- an outbox written in the transaction of the change, sent by the job records-webhooks with HMAC signature,
-- retried with back-off; after the last attempt they are dead letters that staff can replay.
CREATE TABLE records_webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL,
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 500),
  secret text NOT NULL,
  events text[] NOT NULL CHECK (cardinality(events) > 0 AND events <@ ARRAY['case.filed', 'document.added', 'file.closed']::text[]),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE INDEX records_webhooks_unit ON records_webhooks (unit_id) WHERE disabled_at IS NULL;

CREATE TABLE records_webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES records_webhooks(id),
  event text NOT NULL,
  payload jsonb NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  dead_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_webhook_deliveries_due ON records_webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
