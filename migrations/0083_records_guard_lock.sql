-- Records (issue 14): the zdA guard read the file's status without a lock, so a writer bypassing addDocumentTx
-- (raw SQL, a future command) could still slip a document or version into a file being closed: its snapshot said
-- `open`. Reading the file row FOR SHARE makes such a write wait for a close in progress (FOR UPDATE in fileCloser)
-- and then see the committed status (READ COMMITTED re-reads the locked row), and makes a close wait for writes in
-- progress. All checks are unchanged from 0025.
CREATE OR REPLACE FUNCTION records_content_guard() RETURNS trigger AS $$
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
  SELECT status INTO st FROM records_files WHERE id = fid FOR SHARE;
  IF st = 'closed' OR (st = 'disposing' AND TG_OP <> 'DELETE') THEN
    RAISE EXCEPTION 'records_file_closed' USING ERRCODE = 'check_violation', HINT = 'records_file_closed';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
