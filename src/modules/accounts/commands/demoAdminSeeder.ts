import { sql } from "kysely";
import type { Db } from "../../../platform/db/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import { hashPassword } from "../../../platform/auth/password.js";

export const DEMO_ADMIN_EMAIL = "admin@kreisportal.example";
export const DEMO_ADMIN_PASSWORD = "Demo-Admin-Passwort-2026";

/**
 * Demo data of the accounts module (its demoData hook, also used by test/helpers.ts): an administrator. Runs in one transaction, only once (marked by the account).
 * The Landratsamt and its departments come from data/offices (responsibility module, importOffices).
 */
export async function seedDemoAdmin({ db, log }: { db: Db; log: (m: string) => void }): Promise<void> {
  const exists = await db.selectFrom("users").select("id").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirst();
  if (exists) return;
  const passwordHash = await hashPassword(process.env.DEMO_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD);
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7236003)`.execute(tx);
    const again = await tx.selectFrom("users").select("id").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirst();
    if (again) return;
    const admin = await tx
      .insertInto("users")
      .values({ kind: "staff", email: DEMO_ADMIN_EMAIL, display_name: "Demo-Administration", password_hash: passwordHash, email_verified_at: new Date(), home_ags: null, disabled_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.insertInto("user_roles").values({ user_id: admin.id, role: "admin", org_unit_id: null, granted_by: null }).execute();
    await appendAudit(tx, { type: "system", id: null }, { action: "demo.seeded", objectType: "user", objectId: admin.id });
  });
  log(`demo data loaded: administrator ${DEMO_ADMIN_EMAIL}`);
}
