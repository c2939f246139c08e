import type { Generated } from "kysely";

/**
 * Tables of the accounts module (migrations/0002, 0014): accounts, roles, external identities, one-time
 * tokens, personal API tokens. Sessions stay with platform/auth (which reads users and api_tokens to
 * authenticate a request: listed debt in scripts/architecture/allowed.json).
 */
export interface AccountsTables {
  /** Login throttle per account, IP or device (migrations/0016); accounts/loginThrottle.ts only. */
  login_throttle: { key: string; attempts: number; next_at: Date; reset_at: Date; unlock_mailed_at: Date | null };
  /** Browsers that logged in before (migrations/0016); written by accounts/commands/loginDevices.ts. */
  login_devices: { token_hash: string; user_id: string; created_at: Generated<Date>; last_used_at: Generated<Date>; expires_at: Date };
  users: {
    id: Generated<string>;
    kind: "citizen" | "staff";
    email: string;
    display_name: string;
    password_hash: string | null;
    email_verified_at: Date | null;
    home_ags: string | null;
    locale: Generated<string>;
    disabled_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  user_roles: {
    user_id: string;
    role: "admin" | "member" | "editor" | "care_counsellor";
    org_unit_id: string | null;
    granted_at: Generated<Date>;
    granted_by: string | null;
  };
  user_identities: { issuer: string; subject: string; user_id: string; created_at: Generated<Date> };
  user_tokens: {
    token_hash: string;
    user_id: string;
    purpose: "confirm_email" | "reset_password" | "unlock_login";
    expires_at: Date;
    used_at: Date | null;
    created_at: Generated<Date>;
  };
  /** Personal API tokens (migrations/0014_api_tokens.sql); written by accounts/commands, read by platform/auth/apiTokens. */
  api_tokens: {
    id: Generated<string>;
    user_id: string;
    name: string;
    token_hash: string;
    scopes: string[];
    created_at: Generated<Date>;
    expires_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends AccountsTables {}
}
