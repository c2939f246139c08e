-- Issue 18: a document's text is read by the job participation-document-text, not inside the upload request
-- (a 500-page PDF kept staff waiting), and pages without a text layer (scanned) are read by German OCR
-- (the records module's tesseract.js reader). method says how a page's text was read.
ALTER TABLE participation_documents
  ADD COLUMN text_status text NOT NULL DEFAULT 'done' CHECK (text_status IN ('pending', 'done', 'failed'));
ALTER TABLE participation_document_pages
  ADD COLUMN method text NOT NULL DEFAULT 'text' CHECK (method IN ('text', 'ocr'));
-- Backfill: documents from before 0060 (no text read at all) and documents with pages that had no text layer.
UPDATE participation_documents d SET text_status = 'pending'
 WHERE d.page_count IS NULL
    OR EXISTS (SELECT 1 FROM participation_document_pages p WHERE p.document_id = d.id AND p.text = '');
CREATE INDEX participation_documents_text_pending ON participation_documents (added_at) WHERE text_status = 'pending';
