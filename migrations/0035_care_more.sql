-- Pflegebörse, issue 17 second slice (ADR 0042): provider features as data (specialisations, languages,
-- accessibility), requests from families and hospital social services to providers with their answers,
-- daily aggregate snapshots for the county's care planning, and invitations of provider accounts.

-- Specialisations (dementia, ventilation, young people, palliative; list in src/modules/care/kinds.ts),
-- languages spoken (ISO 639-1), step-free access.
ALTER TABLE care_providers
  ADD COLUMN specialisations text[] NOT NULL DEFAULT '{}' CHECK (cardinality(specialisations) <= 10),
  ADD COLUMN languages       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(languages) <= 20),
  ADD COLUMN accessible      boolean NOT NULL DEFAULT false;

-- A request: the anonymous need (kind, date needed, the person's municipality, specialisations) and,
-- only with consent, the person's details. Without consent the detail columns must stay empty.
CREATE TABLE care_requests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind            text NOT NULL,
  needed_from     date NOT NULL,
  ags             text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  specialisations text[] NOT NULL DEFAULT '{}',
  consent         boolean NOT NULL,
  person_name     text NOT NULL DEFAULT '' CHECK (length(person_name) <= 200),
  person_contact  text NOT NULL DEFAULT '' CHECK (length(person_contact) <= 200),
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  -- Signed-in requester ("Meine Anfragen"); anonymous requesters hold a secret link (only its SHA-256 here).
  requester_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  secret_hash     text NOT NULL UNIQUE,
  -- SHA-256 of the client address with the session secret (request flood limit), never the address itself.
  client_hash     text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (consent OR (person_name = '' AND person_contact = '' AND note = ''))
);
CREATE INDEX care_requests_requester ON care_requests (requester_id, created_at) WHERE requester_id IS NOT NULL;
CREATE INDEX care_requests_client ON care_requests (client_hash, created_at);

-- One row per provider a request went to, with the provider's answer.
CREATE TABLE care_request_recipients (
  request_id  uuid NOT NULL REFERENCES care_requests(id) ON DELETE CASCADE,
  provider_id uuid NOT NULL REFERENCES care_providers(id) ON DELETE CASCADE,
  answer      text CHECK (answer IN ('available', 'unavailable', 'callback')),
  answer_note text NOT NULL DEFAULT '' CHECK (length(answer_note) <= 500),
  answered_at timestamptz,
  answered_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (request_id, provider_id)
);
CREATE INDEX care_request_recipients_provider ON care_request_recipients (provider_id, request_id);

-- Aggregated availability per day, kind and municipality (job care-snapshot; never per-person data).
CREATE TABLE care_snapshots (
  day             date NOT NULL,
  kind            text NOT NULL,
  ags             text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  providers       integer NOT NULL CHECK (providers >= 0),
  fresh_providers integer NOT NULL CHECK (fresh_providers >= 0),
  free_places     integer NOT NULL CHECK (free_places >= 0),
  taken_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, kind, ags)
);

-- Invitations of provider accounts by county staff: a token link (only its SHA-256 here) that links the
-- account of whoever opens it signed in with the invited address.
CREATE TABLE care_invitations (
  token_hash  text PRIMARY KEY,
  provider_id uuid NOT NULL REFERENCES care_providers(id) ON DELETE CASCADE,
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 200),
  invited_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX care_invitations_provider ON care_invitations (provider_id);
