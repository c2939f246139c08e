import { sql } from "kysely";
import type { CommandContext } from "../../../platform/commands.js";
import { foldText } from "../analysis/fold.js";

export interface SearchMissRecorderProps {
  /** The query as typed; stored folded and shortened, without who asked or when (only the day). */
  query: string;
}

/** Longest query kept; longer ones are cut (they are rarely repeated verbatim anyway). */
const MAX_QUERY = 100;

/**
 * Counts a query that found nothing, anonymously: no user, no IP, no time of day, so there is
 * nothing personal to audit; the row is a counter per folded query.
 */
export async function searchMissRecorder(ctx: CommandContext, props: SearchMissRecorderProps): Promise<void> {
  const query = foldText(props.query).slice(0, MAX_QUERY).trim();
  if (!query) return;
  await sql`
    INSERT INTO search_misses (query) VALUES (${query})
    ON CONFLICT (query) DO UPDATE SET count = search_misses.count + 1, last_day = current_date`.execute(ctx.db);
}
