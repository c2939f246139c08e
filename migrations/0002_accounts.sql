-- Accounts, organisation units (departments, municipal offices), roles, sessions, one-time tokens.

CREATE TABLE org_units (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key         text NOT NULL UNIQUE,      -- stable id, e.g. 'lra-08236-fuehrerschein'
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('county_authority', 'department', 'municipal_authority', 'office')),
  ars         text,                      -- area the unit serves (12-digit ARS)
  parent_id   uuid REFERENCES org_units(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind              text NOT NULL CHECK (kind IN ('citizen', 'staff')),
  email             text NOT NULL,
  display_name      text NOT NULL,
  password_hash     text,
  email_verified_at timestamptz,
  home_ags          text,                -- municipality of residence (8-digit AGS), optional
  locale            text NOT NULL DEFAULT 'de',
  disabled_at       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Role grants. 'admin' has no unit; 'member' is membership of an org unit.
CREATE TABLE user_roles (
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('admin', 'member', 'editor')),
  org_unit_id uuid REFERENCES org_units(id),
  granted_at  timestamptz NOT NULL DEFAULT now(),
  granted_by  uuid REFERENCES users(id)
);
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, coalesce(org_unit_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- External identities (OIDC: DeutschlandID bridge, Keycloak, Active Directory).
CREATE TABLE user_identities (
  issuer     text NOT NULL,
  subject    text NOT NULL,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);

-- Server-side sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  auth_method  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One-time tokens for e-mail confirmation and password reset (stored hashed).
CREATE TABLE user_tokens (
  token_hash text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password')),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);
