import { sql, type Kysely } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { ConfigError } from "../../../platform/config.js";
import { authorityName, gemeindenOfKreise, listKreise } from "../../geo/index.js";

export interface MunicipalAuthorityEnsurerProps {
  /** 5-digit keys of the Kreise the portal serves (county and partners). */
  kreisKeys: readonly string[];
}

export interface MunicipalAuthorityEnsurerResult {
  /** Keys of the org units created now (empty when all existed). */
  created: string[];
}

const LOCK = 7_236_005;

/** Municipalities of the Kreise (from geo) without an org unit yet. */
async function missingAuthorities(db: Kysely<Database>, kreisKeys: readonly string[]) {
  const gemeinden = await gemeindenOfKreise(db, kreisKeys);
  const existing = new Set((await db.selectFrom("org_units").select("key").where("key", "in", gemeinden.length ? gemeinden.map((g) => authorityKey(g.ags)) : [""]).execute()).map((r) => r.key));
  return gemeinden.filter((g) => !existing.has(authorityKey(g.ags)));
}

/** The org unit key of a municipality's authority. */
export const authorityKey = (ags: string) => `gem-${ags}`;

/**
 * Creates the org unit (kind municipal_authority, key gem-<AGS>, ars = the municipality's ARS) of
 * every municipality in the served Kreise that has none yet. Existing units are left as they are,
 * so operators can rename them. Unknown Kreis keys are a configuration error. Needs the master
 * data (importMasterData) first.
 */
export async function municipalAuthorityEnsurer(ctx: CommandContext, props: MunicipalAuthorityEnsurerProps): Promise<MunicipalAuthorityEnsurerResult> {
  const keys = [...new Set(props.kreisKeys)];
  if (keys.length === 0) return { created: [] };
  const kreise = await listKreise(ctx.db, keys);
  const unknown = keys.filter((k) => !kreise.some((r) => r.ags === k));
  if (unknown.length) throw new ConfigError(`Kreisschlüssel ${unknown.join(", ")} ist im Gemeindeverzeichnis nicht enthalten (COUNTY_KEY/PARTNER_KEYS prüfen).`);

  if ((await missingAuthorities(ctx.db, keys)).length === 0) return { created: [] };

  return ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK})`.execute(tx);
    const rows = await missingAuthorities(tx, keys);
    if (rows.length === 0) return { created: [] };
    const inserted = await tx
      .insertInto("org_units")
      .values(rows.map((r) => ({ key: authorityKey(r.ags), name: authorityName(r.short_name, r.ags, r.type_code), kind: "municipal_authority" as const, ars: r.ars, parent_id: null })))
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .execute();
    const created = inserted.map((r) => r.key);
    await appendAudit(tx, ctx.actor, {
      action: "org_units.municipal_authorities_created",
      objectType: "org_unit",
      details: { count: created.length, keys: created, kreise: keys },
      requestId: ctx.requestId,
    });
    return { created };
  });
}
