-- Issue 14: the 0503 package handed to the archive is kept until the archive confirms its import (0506). It was a bytea
-- (archive_zip), built as one Buffer in memory; it is now written as a stream into a PostgreSQL large object in the
-- approval transaction (as the documents' bytes since 0058) and read back in pieces for the download. archive_zip stays
-- for packages handed over before this migration (read as they are, cleared on confirmation).
ALTER TABLE records_disposals
  ADD COLUMN archive_oid oid,
  ADD COLUMN archive_size bigint,
  ADD COLUMN archive_sha256 text;
ALTER TABLE records_disposals ADD CONSTRAINT records_disposals_archive_object_check
  CHECK (archive_oid IS NULL OR (archive_size IS NOT NULL AND archive_size > 0 AND archive_sha256 ~ '^[0-9a-f]{64}$'));
