import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { issueToken } from "../tokens.js";
import { INVITE_TTL_MS } from "./passwordResetter.js";
import type { Role } from "./roleChanger.js";

export interface StaffCreatorProps {
  email: string;
  displayName: string;
  roles: Array<{ role: Role; orgUnitId: string | null }>;
}

export type StaffCreatorResult = { ok: true; userId: string; inviteToken: string } | { ok: false; reason: "email_taken" };

/**
 * Creates a staff account with its roles. The administrator never sets the password: the new
 * member gets an invitation link to choose one (valid 7 days).
 */
export async function staffCreator(ctx: CommandContext, props: StaffCreatorProps): Promise<StaffCreatorResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom("users").select("id").where((eb) => eb(eb.fn("lower", ["email"]), "=", props.email.toLowerCase())).executeTakeFirst();
    if (existing) return { ok: false as const, reason: "email_taken" as const };
    const user = await tx
      .insertInto("users")
      .values({ kind: "staff", email: props.email, display_name: props.displayName, password_hash: null, email_verified_at: null, home_ags: null, disabled_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "staff.created", objectType: "user", objectId: user.id, requestId: ctx.requestId });
    for (const r of props.roles) {
      await tx.insertInto("user_roles").values({ user_id: user.id, role: r.role, org_unit_id: r.orgUnitId, granted_by: ctx.actor.id }).execute();
      await appendAudit(tx, ctx.actor, { action: "user.role_granted", objectType: "user", objectId: user.id, details: { role: r.role, orgUnitId: r.orgUnitId }, requestId: ctx.requestId });
    }
    const inviteToken = await issueToken(tx, user.id, "reset_password", INVITE_TTL_MS);
    return { ok: true as const, userId: user.id, inviteToken };
  });
}
