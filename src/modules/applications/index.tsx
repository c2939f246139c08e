import type { FastifyInstance } from "fastify";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { registerJob } from "../../platform/jobs/index.js";
import { draftPurger } from "./commands/draftSaver.js";
import { formDefinitionLoader } from "./commands/formDefinitionLoader.js";
import { readFormFiles } from "./definition.js";
import { applicationPages } from "./pages/flow.js";
import { listForms } from "./queries.js";
import { applicationRoutes } from "./routes.js";
import "./db.js";

export type { FormDefinition } from "./definition.js";
export { importXDatenfelder } from "./xdatenfelder.js";
export { generateJsonSchema } from "./jsonSchema.js";

/** Drafts untouched for this many days are deleted (nightly job). */
export const DRAFT_RETENTION_DAYS = 30;

registerJob({
  name: "application-drafts-purge",
  cron: "17 2 * * *",
  async handler({ db }) {
    await draftPurger(systemContext(db), { days: DRAFT_RETENTION_DAYS });
  },
});

/** Loads the form definitions of data/forms into the database (new versions only; idempotent). */
export async function loadFormDefinitions(db: Db, dir?: string): Promise<{ inserted: string[] }> {
  return formDefinitionLoader(systemContext(db), { definitions: await readFormFiles(dir) });
}

/** Online forms for a service page: id, title and start link per form that serves the LeiKa key. */
export async function onlineFormsFor(db: Db, leikaKey: string): Promise<Array<{ id: string; title: string; href: string }>> {
  return (await listForms(db, leikaKey)).map((f) => ({ id: f.id, title: f.title, href: `/antraege/${f.id}` }));
}

/** Online applications: forms API, the application flow, drafts, submissions, receipts. */
export async function applicationsModule(app: FastifyInstance) {
  // Shipped forms are loaded on start (like migrations: several nodes may do it at once, inserts are idempotent).
  await loadFormDefinitions(app.deps.db);
  await applicationRoutes(app);
  await applicationPages(app);
}
