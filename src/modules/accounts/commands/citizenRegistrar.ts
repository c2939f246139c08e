import { appendAudit } from "../../../platform/audit/index.js";
import { hashPassword } from "../../../platform/auth/password.js";
import type { CommandContext } from "../../../platform/commands.js";
import { issueToken } from "../tokens.js";

export interface CitizenRegistrarProps {
  email: string;
  displayName: string;
  password: string;
  locale: string;
}

export type CitizenRegistrarResult = { created: true; userId: string; token: string } | { created: false; existingUserId: string };

export const CONFIRM_TTL_MS = 48 * 3600_000;

/**
 * Creates an unconfirmed citizen account and a confirmation token. An existing e-mail address is
 * not an error the caller may show (no user enumeration): it gets `created: false`.
 */
export async function citizenRegistrar(ctx: CommandContext, props: CitizenRegistrarProps): Promise<CitizenRegistrarResult> {
  const passwordHash = await hashPassword(props.password);
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom("users").select("id").where((eb) => eb(eb.fn("lower", ["email"]), "=", props.email.toLowerCase())).executeTakeFirst();
    if (existing) return { created: false as const, existingUserId: existing.id };
    const user = await tx
      .insertInto("users")
      .values({ kind: "citizen", email: props.email, display_name: props.displayName, password_hash: passwordHash, locale: props.locale, email_verified_at: null, home_ags: null, disabled_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const token = await issueToken(tx, user.id, "confirm_email", CONFIRM_TTL_MS);
    await appendAudit(tx, { type: "user", id: user.id }, { action: "account.registered", objectType: "user", objectId: user.id, requestId: ctx.requestId });
    return { created: true as const, userId: user.id, token };
  });
}
