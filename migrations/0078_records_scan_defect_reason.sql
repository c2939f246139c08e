-- Records (issue 14, ADR 0077): the second person can also mark a scan defective ("mangelhaft") instead of
-- releasing it; the reason is kept with the scan protocol and shown to whoever scanned it, who re-scans
-- (a new version of the document; the protocol then waits for release again). NOT VALID: protocols marked
-- "mangelhaft" at intake before 0074 have no reason and stay as recorded; every new or changed row is checked.
ALTER TABLE records_scan_protocols ADD COLUMN quality_note text;
ALTER TABLE records_scan_protocols ADD CONSTRAINT records_scan_defect_reason
  CHECK (quality_ok IS DISTINCT FROM false OR length(btrim(coalesce(quality_note, ''))) > 0) NOT VALID;
