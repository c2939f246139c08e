/**
 * Routing of submissions to destinations by LeiKa key and AGS: first the office the responsibility module names
 * for the service in that municipality (a destination bound to that office wins), else the most specific AGS
 * prefix. Answered in the shape of the FIT-Connect Routing API 2.0 (GET /routes → route-result).
 */
import type { Transaction } from "kysely";
import type { Database, Db } from "../../../platform/db/index.js";
import { findResponsibleMany } from "../../responsibility/index.js";

export interface DestinationRow {
  id: string;
  name: string;
  leika_key: string;
  ags_prefix: string;
  office_key: string | null;
  submission_url: string;
  public_jwk: Record<string, unknown>;
}

/** Active destinations for any of the LeiKa keys: the responsible office's destination, else the most specific AGS prefix; one per key. */
export async function findDestinations(db: Db | Transaction<Database>, leikaKeys: readonly string[], ags: string): Promise<DestinationRow[]> {
  if (leikaKeys.length === 0) return [];
  const rows = await db.selectFrom("interop_destinations").select(["id", "name", "leika_key", "ags_prefix", "office_key", "submission_url", "public_jwk"]).where("active", "=", true).where("leika_key", "in", [...leikaKeys]).execute();
  if (rows.length === 0) return [];
  const responsible = rows.some((r) => r.office_key) ? await findResponsibleMany(db, leikaKeys, ags) : new Map();
  const best = new Map<string, DestinationRow>();
  for (const r of rows.filter((d) => d.office_key && responsible.get(d.leika_key)?.office.key === d.office_key)) best.set(r.leika_key, r);
  for (const r of rows) {
    if (r.office_key || best.get(r.leika_key)?.office_key || !ags.startsWith(r.ags_prefix)) continue;
    const prev = best.get(r.leika_key);
    if (!prev || r.ags_prefix.length > prev.ags_prefix.length) best.set(r.leika_key, r);
  }
  return [...best.values()];
}

/** The route-result document of the Routing API for one LeiKa key and AGS. */
export function routeResult(rows: readonly DestinationRow[], offset = 0) {
  return {
    count: rows.length,
    offset,
    totalCount: rows.length,
    routes: rows.map((r) => ({
      destinationId: r.id,
      destinationName: r.name,
      destinationParameters: {
        encryptionKid: String(r.public_jwk.kid ?? ""),
        publicKeys: { keys: [r.public_jwk] },
        status: "active",
        submissionUrl: r.submission_url,
        submissionSchemas: [{ schemaUri: "", mimeType: "application/json" }],
        replyChannels: {},
      },
    })),
  };
}
