import { sql } from "kysely";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { appendAudit } from "../../platform/audit/index.js";
import { hashPassword } from "../../platform/auth/password.js";

export const DEMO_ADMIN_EMAIL = "admin@kreisportal.example";
export const DEMO_ADMIN_PASSWORD = "Demo-Admin-Passwort-2026";

/** Departments of a typical Landratsamt (Baden-Württemberg), used by the demo data. */
export const DEMO_DEPARTMENTS: Array<{ key: string; name: string }> = [
  { key: "zentrale", name: "Zentrale Dienste" },
  { key: "fuehrerschein", name: "Führerscheinstelle" },
  { key: "zulassung", name: "Kfz-Zulassungsstelle" },
  { key: "baurecht", name: "Baurechtsamt" },
  { key: "wasser", name: "Umweltschutzamt – Wasser und Boden" },
  { key: "immission", name: "Umweltschutzamt – Immissionsschutz" },
  { key: "denkmal", name: "Untere Denkmalschutzbehörde" },
  { key: "gesundheit", name: "Gesundheitsamt" },
  { key: "soziales", name: "Sozialamt" },
  { key: "versorgung", name: "Versorgungsamt (Schwerbehindertenrecht)" },
  { key: "wohngeld", name: "Wohngeldstelle" },
  { key: "bussgeld", name: "Bußgeldstelle" },
  { key: "abfall", name: "Abfallwirtschaft" },
];

/**
 * Demo data for the pilot county: the Landratsamt with its departments and an administrator.
 * Runs in one transaction, only once (marked by the administrator's account).
 */
export async function seedDemoData(db: Db, config: Config, log: (m: string) => void): Promise<void> {
  const exists = await db.selectFrom("users").select("id").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirst();
  if (exists) return;
  const passwordHash = await hashPassword(process.env.DEMO_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD);
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7236003)`.execute(tx);
    const again = await tx.selectFrom("users").select("id").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirst();
    if (again) return;
    const lra = await tx
      .insertInto("org_units")
      .values({ key: `lra-${config.countyKey}`, name: "Landratsamt", kind: "county_authority", ars: config.countyKey.padEnd(12, "0"), parent_id: null })
      .onConflict((oc) => oc.column("key").doUpdateSet({ name: "Landratsamt" }))
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const d of DEMO_DEPARTMENTS) {
      await tx
        .insertInto("org_units")
        .values({ key: `lra-${config.countyKey}-${d.key}`, name: d.name, kind: "department", ars: config.countyKey.padEnd(12, "0"), parent_id: lra.id })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
    }
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
