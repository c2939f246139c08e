import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { hashPassword } from "../../../platform/auth/password.js";

export const DEMO_STAFF_PASSWORD = "Demo-Vorgang-Passwort-2026";
/** Municipality of the demo building site (Keltern, Enzkreis; the Landratsamt is its building authority): its authority gives the Einvernehmen. */
export const DEMO_MUNICIPALITY_AGS = "08236070";

/** Demo staff of the building authority and the four participating departments (README, demo section). */
export const demoStaff = (county: string) => [
  { email: "bauamt@kreisportal.example", name: "Sabine Keller (Baurecht)", unit: `lra-${county}-baurecht` },
  { email: "bauamt2@kreisportal.example", name: "Thomas Brandt (Baurecht)", unit: `lra-${county}-baurecht` },
  { email: "wasser@kreisportal.example", name: "Jana Wolf (Wasserbehörde)", unit: `lra-${county}-wasser` },
  { email: "immission@kreisportal.example", name: "Murat Demir (Immissionsschutz)", unit: `lra-${county}-immission` },
  { email: "denkmal@kreisportal.example", name: "Eva Lindner (Denkmalschutz)", unit: `lra-${county}-denkmal` },
  { email: "gemeinde@kreisportal.example", name: "Klaus Weber (Gemeinde Keltern)", unit: `gem-${DEMO_MUNICIPALITY_AGS}` },
  { email: "fuehrerschein@kreisportal.example", name: "Lena Vogt (Führerscheinstelle)", unit: `lra-${county}-fuehrerschein` },
];

let hashed: Promise<string> | undefined;

/** Creates the demo staff accounts once (skips units that do not exist and accounts already there). */
export async function demoStaffSeeder(ctx: CommandContext, props: { countyKey: string; password?: string }): Promise<{ created: string[] }> {
  const people = demoStaff(props.countyKey);
  const existing = await ctx.db.selectFrom("users").select("email").where("email", "in", people.map((p) => p.email)).execute();
  if (existing.length === people.length) return { created: [] };
  hashed ??= hashPassword(props.password ?? process.env.DEMO_STAFF_PASSWORD ?? DEMO_STAFF_PASSWORD);
  const hash = await hashed;
  return ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7236011)`.execute(tx);
    const created: string[] = [];
    for (const p of people) {
      const unit = await tx.selectFrom("org_units").select("id").where("key", "=", p.unit).executeTakeFirst();
      if (!unit) continue;
      const taken = await tx.selectFrom("users").select("id").where(sql`lower(email)`, "=", p.email).executeTakeFirst();
      if (taken) continue;
      const user = await tx
        .insertInto("users")
        .values({ kind: "staff", email: p.email, display_name: p.name, password_hash: hash, email_verified_at: new Date(), home_ags: null, disabled_at: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.insertInto("user_roles").values({ user_id: user.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
      await appendAudit(tx, ctx.actor, { action: "demo.staff_seeded", objectType: "user", objectId: user.id, details: { unit: p.unit } });
      created.push(p.email);
    }
    return { created };
  });
}
