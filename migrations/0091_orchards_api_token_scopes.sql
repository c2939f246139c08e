-- Orchard exchange (issue 16, ADR 0084): personal API tokens may carry orchards:lending (lend items, ask for
-- and decide loans, record hand-over and return) and orchards:messages (write in the exchange), besides
-- orchards:listings (own listings and now their photos). The list of scopes lives in src/platform/auth/apiTokens.ts.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submissions:write', 'applications:read', 'care:places', 'records:read', 'records:write', 'orchards:listings', 'cases:write', 'orchards:lending', 'orchards:messages']::text[]);
