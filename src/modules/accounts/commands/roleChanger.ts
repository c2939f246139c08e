import { appendAudit } from "../../../platform/audit/index.js";
import { destroyUserSessions } from "../../../platform/auth/session.js";
import type { CommandContext } from "../../../platform/commands.js";

/** Every role a staff account can hold; `care_counsellor`: Pflegeberatung of the care support point (care module). */
export const ROLES = ["member", "editor", "admin", "care_counsellor"] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (r: unknown): r is Role => typeof r === "string" && (ROLES as readonly string[]).includes(r);

export type RoleChangeResult = { ok: true } | { ok: false; reason: "not_staff" | "exists" | "missing" | "last_admin" | "self" };


/** Grants a role to a staff account. Ends the person's sessions so the new rights apply at once. */
export async function roleGranter(ctx: CommandContext, props: { userId: string; role: Role; orgUnitId: string | null }): Promise<RoleChangeResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom("users").select(["id", "kind"]).where("id", "=", props.userId).executeTakeFirst();
    if (!user || user.kind !== "staff") return { ok: false as const, reason: "not_staff" as const };
    const dup = await tx
      .selectFrom("user_roles")
      .select("role")
      .where("user_id", "=", props.userId)
      .where("role", "=", props.role)
      .where((eb) => (props.orgUnitId ? eb("org_unit_id", "=", props.orgUnitId) : eb("org_unit_id", "is", null)))
      .executeTakeFirst();
    if (dup) return { ok: false as const, reason: "exists" as const };
    await tx.insertInto("user_roles").values({ user_id: props.userId, role: props.role, org_unit_id: props.orgUnitId, granted_by: ctx.actor.id }).execute();
    await destroyUserSessions(tx, props.userId);
    await appendAudit(tx, ctx.actor, { action: "user.role_granted", objectType: "user", objectId: props.userId, details: { role: props.role, orgUnitId: props.orgUnitId }, requestId: ctx.requestId });
    return { ok: true as const };
  });
}

/**
 * Revokes a role. The last administrator cannot lose the role, and nobody removes their own
 * admin role (so the installation never locks itself out).
 */
export async function roleRevoker(ctx: CommandContext, props: { userId: string; role: Role; orgUnitId: string | null }): Promise<RoleChangeResult> {
  return ctx.db.transaction().execute(async (tx) => {
    if (props.role === "admin") {
      if (props.userId === ctx.actor.id) return { ok: false as const, reason: "self" as const };
      const admins = await tx.selectFrom("user_roles").select((eb) => eb.fn.countAll<string>().as("n")).where("role", "=", "admin").executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) return { ok: false as const, reason: "last_admin" as const };
    }
    const r = await tx
      .deleteFrom("user_roles")
      .where("user_id", "=", props.userId)
      .where("role", "=", props.role)
      .where((eb) => (props.orgUnitId ? eb("org_unit_id", "=", props.orgUnitId) : eb("org_unit_id", "is", null)))
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { ok: false as const, reason: "missing" as const };
    await destroyUserSessions(tx, props.userId);
    await appendAudit(tx, ctx.actor, { action: "user.role_revoked", objectType: "user", objectId: props.userId, details: { role: props.role, orgUnitId: props.orgUnitId }, requestId: ctx.requestId });
    return { ok: true as const };
  });
}

/** Disables or re-enables an account; disabling ends all its sessions at once. */
export async function accountStatusSetter(ctx: CommandContext, props: { userId: string; disabled: boolean }): Promise<RoleChangeResult> {
  return ctx.db.transaction().execute(async (tx) => {
    if (props.userId === ctx.actor.id) return { ok: false as const, reason: "self" as const };
    const r = await tx
      .updateTable("users")
      .set({ disabled_at: props.disabled ? new Date() : null, updated_at: new Date() })
      .where("id", "=", props.userId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return { ok: false as const, reason: "missing" as const };
    if (props.disabled) await destroyUserSessions(tx, props.userId);
    await appendAudit(tx, ctx.actor, { action: props.disabled ? "user.disabled" : "user.enabled", objectType: "user", objectId: props.userId, requestId: ctx.requestId });
    return { ok: true as const };
  });
}
