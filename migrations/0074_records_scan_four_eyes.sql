-- Records (issue 14, ADR 0077): a scan batch is released by a second person. The quality check is no longer
-- ticked at intake; a different staff account releases the scan later (records.scan_released). The database
-- refuses a release by the account that scanned. NOT VALID: scans released at intake before this migration (by
-- their own scanner) stay as they were recorded; every new or changed row is checked.
ALTER TABLE records_scan_protocols ADD CONSTRAINT records_scan_four_eyes
  CHECK (quality_checked_by IS NULL OR scanned_by IS NULL OR quality_checked_by <> scanned_by) NOT VALID;
-- The department's list of scans awaiting release.
CREATE INDEX records_scan_protocols_unreleased ON records_scan_protocols (scanned_at) WHERE quality_ok IS NULL;
