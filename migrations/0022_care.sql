-- Care-place exchange (Pflegebörse, issue 17): care providers, the accounts that keep them (provider
-- staff), and the free places per kind of care with the time they were last confirmed.

CREATE TABLE care_providers (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  carrier     text NOT NULL DEFAULT '' CHECK (length(carrier) <= 200),
  -- Kinds of care the provider offers (subset of the kinds in src/modules/care/kinds.ts).
  kinds       text[] NOT NULL CHECK (cardinality(kinds) BETWEEN 1 AND 10),
  -- Municipality: 8-digit AGS and 12-digit ARS (ARS ties the search document to its place).
  ags         text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  ars         text NOT NULL CHECK (ars ~ '^[0-9]{12}$'),
  street      text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
  postcode    text NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
  town        text NOT NULL CHECK (length(town) BETWEEN 1 AND 100),
  phone       text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  email       text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
  website     text NOT NULL DEFAULT '' CHECK (length(website) <= 300),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  -- Demo providers (DEMO_DATA=true) are made up and marked as such on every page.
  is_demo     boolean NOT NULL DEFAULT false,
  active      boolean NOT NULL DEFAULT true,
  -- Last reminder mail about stale numbers (job care-stale-reminder): one per staleness episode.
  reminded_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_providers_place ON care_providers (ags) WHERE active;
CREATE INDEX care_providers_postcode ON care_providers (postcode) WHERE active;
-- Demo data is seeded by name (idempotent).
CREATE UNIQUE INDEX care_providers_demo_name ON care_providers (name) WHERE is_demo;

-- Accounts (citizen-kind accounts of the provider's staff) that may keep a provider; added by county staff.
CREATE TABLE care_provider_members (
  provider_id uuid NOT NULL REFERENCES care_providers(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at    timestamptz NOT NULL DEFAULT now(),
  added_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (provider_id, user_id)
);
CREATE INDEX care_provider_members_user ON care_provider_members (user_id);

-- Free places per provider and kind; reported_at is the last time someone confirmed the number.
CREATE TABLE care_places (
  provider_id      uuid NOT NULL REFERENCES care_providers(id) ON DELETE CASCADE,
  kind             text NOT NULL,
  free_places      integer NOT NULL CHECK (free_places BETWEEN 0 AND 999),
  available_from   date,
  reported_at      timestamptz NOT NULL DEFAULT now(),
  reported_by_type text NOT NULL,
  reported_by_id   uuid,
  PRIMARY KEY (provider_id, kind)
);
CREATE INDEX care_places_kind ON care_places (kind, free_places);

-- Personal API tokens (migration 0014) get the scope care:places: a provider account reports its
-- places from its own software (ADR 0031). The list of scopes lives in src/platform/auth/apiTokens.ts.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submissions:write', 'applications:read', 'care:places']::text[]);
