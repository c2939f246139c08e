import { createHash, randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { careMailTranslator } from "./requestAnswerer.js";
import "../db.js";

/** Only the SHA-256 of an invitation token is stored (the link in the mail carries the token). */
export const invitationHashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A token in an invitation link: 32 base64url characters (24 random bytes). */
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * County staff invite a person by e-mail to a provider's accounts: stores the token's hash with the
 * expiry (`days` from now) and queues a mail with the link; audited (no address in the audit details).
 * Returns the token (for tests; the page shows nothing of it).
 */
export async function invitationCreator(ctx: CommandContext, input: { providerId: string; providerName: string; email: string; days: number; publicUrl: string }, now = new Date()): Promise<{ token: string; tokenHash: string }> {
  const token = randomBytes(24).toString("base64url");
  const tokenHash = invitationHashOf(token);
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto("care_invitations").values({ token_hash: tokenHash, provider_id: input.providerId, email: input.email.trim().toLowerCase(), invited_by: ctx.actor.id, created_at: now, expires_at: expiresAt, used_at: null, used_by: null, revoked_at: null, revoked_by: null }).execute();
    await enqueueMail(tx, {
      kind: "care.invitation",
      ref: input.providerId,
      to: input.email.trim(),
      // The invited person has no account (and so no language) yet: German first, then English.
      subject: careMailTranslator("de")("care.mail.invitation.subject", { name: input.providerName }),
      text: (["de", "en"] as const).map((l) => careMailTranslator(l)("care.mail.invitation.body", { name: input.providerName, link: `${input.publicUrl}/pflegeplaetze/einladung?t=${token}`, days: input.days })).join("\n\n––––– English –––––\n\n"),
    });
    await appendAudit(tx, ctx.actor, { action: "care.invitation_sent", objectType: "care_provider", objectId: input.providerId, details: { invitation: tokenHash.slice(0, 12), expiresAt: expiresAt.toISOString() }, requestId: ctx.requestId });
  });
  return { token, tokenHash };
}

export type AcceptResult = { ok: true; providerId: string } | { ok: false; reason: "unknown" | "accepted" | "expired" | "revoked" };

/**
 * The signed-in account accepts an invitation: single use (the update only succeeds on an open,
 * unexpired, unrevoked invitation, so two tabs cannot both use it), the account becomes a member of the
 * provider; audited. The caller checked that the account's address is the invited one.
 */
export async function invitationAccepter(ctx: CommandContext, token: string, userId: string, now = new Date()): Promise<AcceptResult> {
  const hash = invitationHashOf(token);
  return ctx.db.transaction().execute(async (tx) => {
    const used = await tx
      .updateTable("care_invitations")
      .set({ used_at: now, used_by: userId })
      .where("token_hash", "=", hash)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now)
      .returning("provider_id")
      .executeTakeFirst();
    if (!used) {
      const row = await tx.selectFrom("care_invitations").select(["used_at", "revoked_at", "expires_at"]).where("token_hash", "=", hash).executeTakeFirst();
      return { ok: false as const, reason: !row ? ("unknown" as const) : row.used_at ? ("accepted" as const) : row.revoked_at ? ("revoked" as const) : ("expired" as const) };
    }
    await tx.insertInto("care_provider_members").values({ provider_id: used.provider_id, user_id: userId, added_by: null }).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(tx, ctx.actor, { action: "care.invitation_accepted", objectType: "care_provider", objectId: used.provider_id, details: { invitation: hash.slice(0, 12), user: userId }, requestId: ctx.requestId });
    return { ok: true as const, providerId: used.provider_id };
  });
}

/** County staff revoke an open invitation of the provider (false: unknown, used or already revoked); audited. */
export async function invitationRevoker(ctx: CommandContext, providerId: string, tokenHash: string, now = new Date()): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable("care_invitations")
      .set({ revoked_at: now, revoked_by: ctx.actor.id })
      .where("token_hash", "=", tokenHash)
      .where("provider_id", "=", providerId)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "care.invitation_revoked", objectType: "care_provider", objectId: providerId, details: { invitation: tokenHash.slice(0, 12) }, requestId: ctx.requestId });
    return true;
  });
}
