import type { Generated } from "kysely";

/** Tables of the figures module (migrations/0028_figures.sql): roll-ups only, no personal data. */
export interface FigureTables {
  figures_monthly: { service: string; ags: string; month: string; metric: string; value: number };
  figures_services: { key: string; title: string };
  figures_search_misses: { query: string; count: number };
  figures_paper_counts: { service: string; ags: string; month: string; count: number; entered_by: string | null; entered_at: Generated<Date> };
  figures_refreshes: { id: Generated<string>; kind: "incremental" | "full"; from_month: string; rows: number; duration_ms: number; finished_at: Generated<Date> };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FigureTables {}
}
