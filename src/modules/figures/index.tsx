/**
 * Figures (Zahlen, issue 22): a public page of the portal's own monthly figures (online applications, processing
 * time, appointments, online payments, searches without a result) with accessible SVG charts, tables, CSV / JSON
 * and a DCAT-AP.de catalogue; department reports for staff. The owner modules deliver aggregates through their
 * index; this module keeps monthly roll-ups in its own tables (job "figures-rollup"). See docs/modules/figures.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule, type ModuleSearchDocument } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { figuresMessages } from "./messages.js";
import { figuresPages } from "./pages/routes.js";
import { figuresStaffPages } from "./pages/staffRoutes.js";
import { figuresRoutes } from "./routes.js";
import { createDatasetCache } from "./cache.js";
import { figuresRefresher, FULL_FROM, incrementalFrom } from "./commands/rollup.js";
import "./db.js";

/** Recomputes the roll-up: the previous and current month (incremental, what the job does) or everything (`full`). */
export function refreshFigures(db: Db, o: { full?: boolean; now?: Date } = {}) {
  return figuresRefresher(systemContext(db), o.full ? { fromMonth: FULL_FROM, kind: "full" } : { fromMonth: incrementalFrom(o.now), kind: "incremental" });
}
export { MIN_COUNT, SUPPRESSED, monthStart } from "./metrics.js";

/** /zahlen as one search document: "statistik", "zahlen", "open data" find it. */
export async function figuresSearchDocuments(): Promise<ModuleSearchDocument[]> {
  return [
    {
      id: "zahlen",
      title: "Zahlen und Statistiken",
      url: "/zahlen",
      terms: "statistik statistiken zahlen kennzahlen open data offene daten dcat govdata dashboard bearbeitungszeit online-anteil onlinezugangsgesetz ozg nutzung termine zahlungen",
      text: "Online-Anträge, Bearbeitungszeiten, Termine und Online-Zahlungen je Monat – als Diagramm, Tabelle, CSV und JSON.",
      popularity: 20,
    },
  ];
}

async function figuresPlugin(app: FastifyInstance) {
  const cache = createDatasetCache(app.deps.db);
  await figuresPages(app, cache);
  await figuresStaffPages(app, cache);
  await figuresRoutes(app, cache);
}

/** The figures module (src/platform/modules.ts). */
export const figuresModule = defineModule({
  name: "figures",
  messages: [figuresMessages],
  nav: [{ label: "nav.figuresStaff", href: "/verwaltung/zahlen", audience: "staff", order: 87 }],
  jobs: [
    {
      name: "figures-rollup",
      cron: "*/10 * * * *",
      async handler({ db }) {
        await refreshFigures(db);
      },
    },
  ],
  searchSources: [{ kind: "figures.page", kindLabel: "figures.search.kind", load: figuresSearchDocuments }],
  async demoData({ db, log }) {
    const r = await refreshFigures(db, { full: true });
    log(`figures: roll-up rebuilt (${r.rows} values)`);
  },
  plugin: figuresPlugin,
});
