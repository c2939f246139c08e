import type { ColumnType, Generated } from "kysely";

/** Tables of the search module (migrations/0006, 0007, 0039): editorial and thesaurus synonyms, queries without hits, index snapshots. */
export interface SearchTables {
  search_synonyms: { id: Generated<string>; term: string; expansions: ColumnType<string[], string[], string[]>; source: Generated<string>; updated_at: Generated<Date> };
  search_misses: { query: string; count: Generated<number>; first_day: Generated<string>; last_day: Generated<string> };
  search_index_snapshots: { key: string; created_at: Generated<Date>; data: Buffer };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends SearchTables {}
}
