/**
 * Routing of submissions to destinations by LeiKa key and AGS (most specific AGS prefix wins), answered in the
 * shape of the FIT-Connect Routing API 2.0 (GET /routes → route-result with destinationParameters).
 */
import type { Transaction } from "kysely";
import type { Database, Db } from "../../../platform/db/index.js";

export interface DestinationRow {
  id: string;
  name: string;
  leika_key: string;
  ags_prefix: string;
  submission_url: string;
  public_jwk: Record<string, unknown>;
}

/** Active destinations for any of the LeiKa keys whose AGS prefix covers `ags`; one per key, the most specific. */
export async function findDestinations(db: Db | Transaction<Database>, leikaKeys: readonly string[], ags: string): Promise<DestinationRow[]> {
  if (leikaKeys.length === 0) return [];
  const rows = await db.selectFrom("interop_destinations").select(["id", "name", "leika_key", "ags_prefix", "submission_url", "public_jwk"]).where("active", "=", true).where("leika_key", "in", [...leikaKeys]).execute();
  const best = new Map<string, DestinationRow>();
  for (const r of rows) {
    if (!ags.startsWith(r.ags_prefix)) continue;
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
