import { appendAudit } from "../../../platform/audit/index.js";
import { newApiToken, type ApiScope } from "../../../platform/auth/apiTokens.js";
import type { CommandContext } from "../../../platform/commands.js";

/** At most this many usable (not revoked, not expired) tokens per account. */
export const MAX_ACTIVE_API_TOKENS = 10;

export interface ApiTokenIssuerProps {
  userId: string;
  /** Shown in the list only; never written to the audit log (it may name a person). */
  name: string;
  scopes: ApiScope[];
  expiresAt: Date;
}

export type ApiTokenIssued = { kind: "created"; id: string; secret: string } | { kind: "limit" };

/**
 * Creates a personal API token for an account. Returns the secret, which exists only in this answer:
 * the table keeps its SHA-256. The caller has checked name, scopes and expiry.
 */
export async function apiTokenIssuer(ctx: CommandContext, props: ApiTokenIssuerProps): Promise<ApiTokenIssued> {
  return ctx.db.transaction().execute(async (tx) => {
    // Serialises concurrent creations of one account, so the limit holds.
    await tx.selectFrom("users").select("id").where("id", "=", props.userId).forUpdate().executeTakeFirst();
    const active = await tx
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("user_id", "=", props.userId)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", new Date())
      .executeTakeFirstOrThrow();
    if (Number(active.n) >= MAX_ACTIVE_API_TOKENS) return { kind: "limit" as const };
    const { secret, hash } = newApiToken();
    const row = await tx
      .insertInto("api_tokens")
      .values({ user_id: props.userId, name: props.name, token_hash: hash, scopes: props.scopes, expires_at: props.expiresAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, {
      action: "account.api_token_created",
      objectType: "api_token",
      objectId: row.id,
      details: { userId: props.userId, scopes: props.scopes, expiresAt: props.expiresAt.toISOString() },
      requestId: ctx.requestId,
    });
    return { kind: "created" as const, id: row.id, secret };
  });
}

/** Revokes one of the account's own tokens at once. False when there is no such usable token of this account. */
export async function apiTokenRevoker(ctx: CommandContext, props: { userId: string; tokenId: string }): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(props.tokenId)) return false;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable("api_tokens")
      .set({ revoked_at: new Date() })
      .where("id", "=", props.tokenId)
      .where("user_id", "=", props.userId)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!row) return false;
    await appendAudit(tx, ctx.actor, { action: "account.api_token_revoked", objectType: "api_token", objectId: row.id, details: { userId: props.userId }, requestId: ctx.requestId });
    return true;
  });
}
