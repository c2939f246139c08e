import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/** What the identity provider said about the person, already validated (ID token / userinfo). */
export interface OidcLoginResolverProps {
  /** The issuer identifier as configured (OIDC_ISSUER); together with `subject` the stable key. */
  issuer: string;
  /** The `sub` claim. */
  subject: string;
  /** The `email` claim, if any (syntax checked by the caller). */
  email: string | undefined;
  /** True only when the IdP sent `email_verified: true`. */
  emailVerified: boolean;
  /** From `name`, else `given_name family_name`, else the e-mail address. */
  displayName: string;
  /** Locale of the request, stored for a new account. */
  locale: string;
}

export type OidcLoginResolverResult =
  | { ok: true; userId: string; kind: "citizen" | "staff"; outcome: "known" | "linked" | "created" }
  | { ok: false; reason: "disabled"; userId: string }
  | { ok: false; reason: "email_missing" | "email_unverified_conflict"; userId?: undefined };

/**
 * Maps an external identity to a local account:
 * 1. a known (issuer, subject) pair → its account;
 * 2. else an account with the same e-mail address, but only if the IdP says the address is
 *    verified → the identity is linked to it (`account.identity_linked`);
 * 3. else a new citizen account, linked to the identity (`account.registered`).
 * An unverified address that belongs to an existing account is refused, never linked: otherwise
 * anyone able to type that address at some IdP could take over the account. Disabled accounts
 * are refused. The caller records refusals as `auth.login_failed` and starts the session.
 */
export async function oidcLoginResolver(ctx: CommandContext, props: OidcLoginResolverProps): Promise<OidcLoginResolverResult> {
  return ctx.db.transaction().execute(async (tx) => {
    // Two callbacks for the same identity at once (double click) must not create two accounts.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`oidc:${props.issuer}\n${props.subject}`}, 0))`.execute(tx);

    const known = await tx
      .selectFrom("user_identities as i")
      .innerJoin("users as u", "u.id", "i.user_id")
      .select(["u.id", "u.kind", "u.disabled_at"])
      .where("i.issuer", "=", props.issuer)
      .where("i.subject", "=", props.subject)
      .executeTakeFirst();
    if (known) {
      if (known.disabled_at) return { ok: false as const, reason: "disabled" as const, userId: known.id };
      return { ok: true as const, userId: known.id, kind: known.kind as "citizen" | "staff", outcome: "known" as const };
    }

    if (!props.email) return { ok: false as const, reason: "email_missing" as const };

    const existing = await tx
      .selectFrom("users")
      .select(["id", "kind", "disabled_at", "email_verified_at"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", props.email!.toLowerCase()))
      .executeTakeFirst();
    if (existing) {
      if (!props.emailVerified) return { ok: false as const, reason: "email_unverified_conflict" as const };
      if (existing.disabled_at) return { ok: false as const, reason: "disabled" as const, userId: existing.id };
      if (!existing.email_verified_at) {
        // The local account was never confirmed, so whoever chose its password has not proven
        // to own the address. The IdP has: the address counts as confirmed now and the unproven
        // password is dropped (otherwise a pre-registered account could be taken over later).
        await tx.updateTable("users").set({ email_verified_at: new Date(), password_hash: null, updated_at: new Date() }).where("id", "=", existing.id).execute();
        await tx.deleteFrom("user_tokens").where("user_id", "=", existing.id).where("purpose", "=", "confirm_email").execute();
      }
      await tx.insertInto("user_identities").values({ issuer: props.issuer, subject: props.subject, user_id: existing.id }).execute();
      const actor = { type: existing.kind === "staff" ? ("staff" as const) : ("user" as const), id: existing.id };
      await appendAudit(tx, actor, {
        action: "account.identity_linked",
        objectType: "user",
        objectId: existing.id,
        details: { method: "oidc", issuer: props.issuer, emailConfirmed: !existing.email_verified_at },
        requestId: ctx.requestId,
      });
      return { ok: true as const, userId: existing.id, kind: existing.kind as "citizen" | "staff", outcome: "linked" as const };
    }

    const user = await tx
      .insertInto("users")
      .values({
        kind: "citizen",
        email: props.email,
        display_name: props.displayName.slice(0, 120),
        password_hash: null,
        locale: props.locale,
        email_verified_at: props.emailVerified ? new Date() : null,
        home_ags: null,
        disabled_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.insertInto("user_identities").values({ issuer: props.issuer, subject: props.subject, user_id: user.id }).execute();
    await appendAudit(tx, { type: "user", id: user.id }, {
      action: "account.registered",
      objectType: "user",
      objectId: user.id,
      details: { method: "oidc", issuer: props.issuer, emailVerified: props.emailVerified },
      requestId: ctx.requestId,
    });
    await appendAudit(tx, { type: "user", id: user.id }, {
      action: "account.identity_linked",
      objectType: "user",
      objectId: user.id,
      details: { method: "oidc", issuer: props.issuer },
      requestId: ctx.requestId,
    });
    return { ok: true as const, userId: user.id, kind: "citizen" as const, outcome: "created" as const };
  });
}
