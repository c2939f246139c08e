-- Issue 14: a document's own confidentiality level. NULL: the document has its file's level (inherited). A document
-- can only be raised above its file (in this system: "003 Offen" → "002 NfD"; VS-Vertraulich and above need an
-- accredited system, see 0049), always with a reason, and never lowered again: a raised document is withdrawn from the
-- departments that only participate in the case (the access rule is in the records module's policies). Writes to
-- documents of closed files are refused by the zdA guard (0025/0083) as for any other change.
ALTER TABLE records_documents ADD COLUMN confidentiality text, ADD COLUMN confidentiality_reason text;
ALTER TABLE records_documents ADD CONSTRAINT records_documents_confidentiality_check
  CHECK (confidentiality IS NULL OR (confidentiality = '002' AND confidentiality_reason IS NOT NULL AND btrim(confidentiality_reason) <> ''));

CREATE OR REPLACE FUNCTION records_document_confidentiality_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.confidentiality IS NOT NULL AND NEW.confidentiality IS DISTINCT FROM OLD.confidentiality THEN
    RAISE EXCEPTION 'records_document_confidentiality_lowered' USING ERRCODE = 'check_violation', HINT = 'records_document_confidentiality_lowered';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_document_confidentiality_guard BEFORE UPDATE OF confidentiality ON records_documents
  FOR EACH ROW EXECUTE FUNCTION records_document_confidentiality_guard();
