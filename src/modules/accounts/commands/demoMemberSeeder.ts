import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { hashPassword } from "../../../platform/auth/password.js";

export interface DemoMember {
  email: string;
  name: string;
  /** The org unit the account is a member of, and its key (named in the audit entry). */
  orgUnitId: string;
  unitKey: string;
}

/**
 * Demo staff accounts with a known password, each a member of its org unit (DEMO_DATA=true; other modules
 * give the people, e.g. cases its building authority and departments). Accounts already there are kept;
 * the password is hashed only when one is missing. Audited as "demo.staff_seeded".
 */
export async function demoMemberSeeder(ctx: CommandContext, props: { people: readonly DemoMember[]; password: string }): Promise<{ created: string[] }> {
  if (props.people.length === 0) return { created: [] };
  const existing = await ctx.db.selectFrom("users").select("email").where("email", "in", props.people.map((p) => p.email)).execute();
  if (existing.length === props.people.length) return { created: [] };
  const hash = await hashPassword(props.password);
  return ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7236011)`.execute(tx);
    const created: string[] = [];
    for (const p of props.people) {
      const taken = await tx.selectFrom("users").select("id").where(sql`lower(email)`, "=", p.email).executeTakeFirst();
      if (taken) continue;
      const user = await tx
        .insertInto("users")
        .values({ kind: "staff", email: p.email, display_name: p.name, password_hash: hash, email_verified_at: new Date(), home_ags: null, disabled_at: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.insertInto("user_roles").values({ user_id: user.id, role: "member", org_unit_id: p.orgUnitId, granted_by: null }).execute();
      await appendAudit(tx, ctx.actor, { action: "demo.staff_seeded", objectType: "user", objectId: user.id, details: { unit: p.unitKey } });
      created.push(p.email);
    }
    return { created };
  });
}
