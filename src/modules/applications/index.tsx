import type { FastifyInstance } from "fastify";
import { systemContext } from "../../platform/commands.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { registerJob } from "../../platform/jobs/index.js";
import { draftPurger } from "./commands/draftSaver.js";
import { formDefinitionLoader } from "./commands/formDefinitionLoader.js";
import { readFormFiles } from "./definition.js";
import { applicationPages } from "./pages/flow.js";
import { applicationPaymentRoutes } from "./payment.js";
import { findForm, listForms } from "./queries.js";
import { calculate } from "./calculations.js";
import { receiptPdf } from "./receipt.js";
import { applicationRoutes } from "./routes.js";
import { applicationUploadRoutes } from "./uploadRoutes.js";
import { statusCodeFor } from "./commands/applicationSubmitter.js";
import { statusPath } from "./service.js";
import "./db.js";

export type { FormDefinition } from "./definition.js";
export { importXDatenfelder } from "./xdatenfelder.js";
/** Genericode code lists for the import: the local store of data/codelists/ (read at import time only). */
export { readCodeListStore, parseGenericode, CodeListStore } from "./genericode.js";
export { generateJsonSchema } from "./jsonSchema.js";
/** Uploaded files of a submission (field path, `{id,name,mediaType,size,sha256}`) for the case file; send one with the platform's `sendStoredFile` after your own policy check. */
export { listSubmissionFiles } from "./uploads.js";
/** Capability kind of status codes, for `verifyCapability` (platform/auth/capabilities.ts). */
export { STATUS_CAPABILITY } from "./queries.js";

/** The status link of a submission (`/antraege/status/:ref?code=…`, absolute), as on the receipt; whoever holds it may follow the case. */
export async function statusUrlFor(db: Db, config: Pick<Config, "publicUrl" | "sessionSecret">, submissionId: string, reference: string): Promise<string> {
  return `${config.publicUrl}${statusPath(reference, await statusCodeFor(db, config.sessionSecret, submissionId))}`;
}

/**
 * The submission's own documents for the case file, rendered from the stored (immutable) submission:
 * the receipt PDF, or the machine-readable JSON copy of the answers. The caller has authorized.
 */
export async function submissionDocument(db: Db, submissionId: string, kind: "pdf" | "json", countyName: string): Promise<{ filename: string; contentType: string; body: Buffer } | undefined> {
  const sub = await db.selectFrom("application_submissions").selectAll().where("id", "=", submissionId).executeTakeFirst();
  if (!sub) return undefined;
  if (kind === "json") return { filename: `${sub.reference}.json`, contentType: "application/json; charset=utf-8", body: Buffer.from(JSON.stringify(sub.answers, null, 2)) };
  const form = await findForm(db, sub.form_id, sub.form_version);
  if (!form) return undefined;
  const def = form.definition;
  const calc = calculate(def.calculation, sub.answers, (l, v) => def.codeLists[l]?.find((e) => e.value === v)?.label ?? v);
  return { filename: `${sub.reference}.pdf`, contentType: "application/pdf", body: receiptPdf(def, sub, calc, countyName) };
}

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
  await applicationPaymentRoutes(app);
  await applicationUploadRoutes(app);
}
