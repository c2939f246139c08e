-- Records (issue 14, ADR 0062): webhook receivers can be disabled/re-enabled and their signing secret rotated;
-- system accounts of specialist software may get the scope cases:write (steps of a case through the cases module).

-- Who disabled a receiver (disabled_at exists since 0025) and when its secret was last replaced. The old secret
-- is overwritten: there is no grace period (ADR 0062).
ALTER TABLE records_webhooks ADD COLUMN disabled_by uuid;
ALTER TABLE records_webhooks ADD COLUMN secret_rotated_at timestamptz;

-- The list of scopes lives in src/platform/auth/apiTokens.ts.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submissions:write', 'applications:read', 'care:places', 'records:read', 'records:write', 'orchards:listings', 'cases:write']::text[]);

-- Long scans (ADR 0062): the bytes of an upload are streamed from the request's temporary file into a
-- PostgreSQL large object in 1 MB pieces (lo_put) instead of one bytea value built in memory. Older blobs keep
-- their bytea; readers take whichever is set.
ALTER TABLE records_blobs ALTER COLUMN content DROP NOT NULL;
ALTER TABLE records_blobs ADD COLUMN content_oid oid;
ALTER TABLE records_blobs ADD CONSTRAINT records_blobs_one_content CHECK ((content IS NULL) <> (content_oid IS NULL));
