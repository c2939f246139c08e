/**
 * System accounts of specialist software (Fachverfahren, issue 14 §6): a staff account without password,
 * member of one org unit, with a personal API token. Created by an administrator on
 * /verwaltung/akten/systemkonten or by `npm run system:create`; both audited by the accounts module's writers
 * (staff.created, user.role_granted, account.api_token_created / _revoked).
 */
import type { ApiScope } from "../../../platform/auth/apiTokens.js";
import type { CommandContext } from "../../../platform/commands.js";
import { apiTokenIssuer, apiTokenRevoker, staffCreator, SYSTEM_ACCOUNT_DOMAIN } from "../../accounts/index.js";

export interface SystemAccountProps {
  name: string;
  unitId: string;
  scopes: ApiScope[];
  days: number;
  email?: string;
}

export type SystemAccountCreated = { ok: true; userId: string; email: string; secret: string } | { ok: false; reason: "email_taken" | "limit" };

/** The account's address: `system-<slug>@fachverfahren.invalid` (the domain marks system accounts). */
export function systemEmail(name: string): string {
  const slug = name.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "system";
  return `system-${slug}@${SYSTEM_ACCOUNT_DOMAIN}`;
}

/** Creates the account and its first token; the secret exists only in this answer. */
export async function systemAccountCreator(ctx: CommandContext, props: SystemAccountProps): Promise<SystemAccountCreated> {
  const email = props.email ?? systemEmail(props.name);
  const created = await staffCreator(ctx, { email, displayName: `System: ${props.name}`, roles: [{ role: "member", orgUnitId: props.unitId }] });
  if (!created.ok) return { ok: false, reason: "email_taken" };
  const issued = await systemTokenIssuer(ctx, { userId: created.userId, name: props.name, scopes: props.scopes, days: props.days });
  if (!issued.ok) return issued;
  return { ok: true, userId: created.userId, email, secret: issued.secret };
}

/** A further token of a system account (rotation: issue the new one, switch the software, revoke the old one). */
export async function systemTokenIssuer(ctx: CommandContext, props: { userId: string; name: string; scopes: ApiScope[]; days: number }): Promise<{ ok: true; secret: string } | { ok: false; reason: "limit" }> {
  const issued = await apiTokenIssuer(ctx, { userId: props.userId, name: props.name, scopes: props.scopes, expiresAt: new Date(Date.now() + props.days * 86_400_000) });
  return issued.kind === "created" ? { ok: true, secret: issued.secret } : { ok: false, reason: "limit" };
}

/** Revokes a token of a system account at once (the caller checked that the account is one). */
export const systemTokenRevoker = (ctx: CommandContext, props: { userId: string; tokenId: string }) => apiTokenRevoker(ctx, props);
