import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { searchMessages } from "./messages.js";
import { searchPages } from "./pages/routes.js";
import { synonymPages } from "./pages/synonymPages.js";
import { searchRoutes } from "./routes.js";
import { SearchService } from "./service.js";

export { SearchService } from "./service.js";
/** Creates or replaces an editorial synonym (audited, bumps the catalogue version); search owns search_synonyms. */
export { synonymSaver } from "./commands/synonymSaver.js";
/** Deletes an editorial synonym (never a thesaurus one); false when there was none. */
export { synonymDeleter } from "./commands/synonymDeleter.js";
/** Synonyms of one source (default: editorial), alphabetically, for the editors' page. */
export { listSynonyms } from "./queries.js";
import "./db.js";
export type { SearchOutcome, Hit } from "./engine/searcher.js";

declare module "../../platform/http/types.js" {
  interface AppServices {
    /** The app's search service (in-memory index of this node). */
    search?: SearchService;
  }
}

/** The search service of an app (for tests and the bench). */
export function searchServiceOf(app: FastifyInstance): SearchService | undefined {
  return app.services.search;
}

/**
 * Search: /suche (page), /api/v1/search and /suggest, /verwaltung/suchanfragen (editors). Keeps an
 * in-memory index per app node, rebuilt when catalog_version changes.
 */
async function searchPlugin(app: FastifyInstance, opts: { pollMs?: number } = {}) {
  const { db, config } = app.deps;
  const search = new SearchService(db, { kreisKeys: [config.countyKey, ...config.partnerKeys], sources: app.registry.searchSources, pollMs: opts.pollMs, log: app.log });
  app.services.search = search;
  app.addHook("onReady", async () => {
    // Built before the node is ready: building analyses every document on the event loop, so a node that
    // answered /ready first would stall its first requests for seconds (session 24 tried the background build
    // and reverted it: a geocoder call in a test timed out behind it). A stored snapshot makes this fast.
    // A failed first build is retried on the first search; it must not stop the node.
    await search.rebuild().catch((err: unknown) => app.log.error({ err }, "search index build failed"));
    search.start();
  });
  app.addHook("onClose", async () => search.stop());

  searchRoutes(app, search);
  await app.register(synonymPages);
  searchPages(app, search);
}

/** The search module (src/platform/modules.ts). */
export const searchModule = defineModule({
  name: "search",
  messages: [searchMessages],
  plugin: searchPlugin,
});

/** Figures (issue 22): frequent queries without a hit (normalised, only those asked at least `minCount` times). */
export { frequentSearchMisses } from "./queries.js";
