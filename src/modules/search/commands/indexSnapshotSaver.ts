import { sql } from "kysely";
import type { CommandContext } from "../../../platform/commands.js";

/** Snapshots kept besides the newest: nodes still on an older version during a rolling update find theirs. */
const KEEP = 3;

/**
 * Stores a built index under its key (ADR 0046). A cache of what the catalogue already says, written by
 * whichever node built it first, on nobody's behalf: nothing to audit. Older snapshots are pruned.
 */
export async function indexSnapshotSaver(ctx: CommandContext, props: { key: string; data: Buffer }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await sql`INSERT INTO search_index_snapshots (key, data) VALUES (${props.key}, ${props.data}) ON CONFLICT (key) DO NOTHING`.execute(tx);
    await sql`DELETE FROM search_index_snapshots WHERE key NOT IN (SELECT key FROM search_index_snapshots ORDER BY created_at DESC, key LIMIT ${KEEP})`.execute(tx);
  });
}
