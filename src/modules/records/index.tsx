/**
 * Electronic records (E-Akte, issue 14): filing plan → file (Akte) → case (Vorgang) → document → versions
 * after xdomea 3; every case files itself (subscriber of "case.changed"); uploads, scanning intake with
 * cover-sheet routing and a clearing list; German OCR as a job; full-text search; zdA enforced by the
 * database; disposal list, deletion and xdomea 0503 export; API for specialist software.
 * Records are not public: they never reach the portal search. See docs/modules/records.md, ADR 0034.
 */
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { rootPath } from "../../platform/paths.js";
import { disposalLister } from "./commands/disposal.js";
import { caseBackfiller, onCaseChangedFile, parsePlanCsv, planImporter } from "./commands/filing.js";
import { ocrRunner } from "./commands/ocr.js";
import { recordsMessages } from "./messages.js";
import { recordsAdminMessages } from "./messagesAdmin.js";
import { systemAccountPages } from "./pages/systemAccounts.js";
import { planImportPages } from "./pages/planImport.js";
import { recordsPages } from "./pages/routes.js";
import { webhookPages } from "./pages/webhooks.js";
import { filePanel } from "./pages/casePanel.js";
import { webhookDeliverer } from "./commands/webhooks.js";
import { webhookHostPolicy, type WebhookHostPolicy } from "./webhookHosts.js";
import type { Config } from "../../platform/config.js";
import { recordsRoutes } from "./routes.js";
import "./db.js";

export { fileCase } from "./commands/filing.js";
export { fileCloser, disposalLister, disposalApprover } from "./commands/disposal.js";
export { scanIntake } from "./commands/intake.js";
export { coverSheetPdf } from "./coverSheet.js";
export { readDocumentPages } from "./pageReader.js";
export { build0503, validateXdomea } from "./xdomea.js";
export { systemAccountCreator } from "./commands/systemAccounts.js";

/** The demo filing plan of the Enzkreis (data/records/aktenplan-enzkreis.csv; Baurecht: 632 Baugenehmigungsverfahren). */
export const DEMO_PLAN_CSV = rootPath("data", "records", "aktenplan-enzkreis.csv");

/** Imports a filing plan CSV (code,parent,title,retention_years,disposal,process_ids); throws with German line errors. */
export async function importFilingPlan(db: Db, csvPath: string): Promise<{ inserted: number; updated: number }> {
  const { units, errors } = parsePlanCsv(await readFile(csvPath, "utf8"));
  if (errors.length) throw new Error(`Aktenplan ungültig:\n${errors.join("\n")}`);
  return planImporter(systemContext(db), units);
}

/** Files every case that has no file yet (`npm run records:backfill`); idempotent. */
export async function fileUnfiledCases(db: Db, opts: { batch?: number } = {}) {
  return caseBackfiller(systemContext(db), opts);
}

/** Runs OCR for pending documents now (the job records-ocr does it every minute and after each intake). */
export async function runRecordsOcr(db: Db, opts: { limit?: number } = {}) {
  return ocrRunner(systemContext(db), opts);
}

/** Sends due webhook deliveries now under the configuration's host policy (the job records-webhooks does it every minute). */
export async function deliverRecordsWebhooks(db: Db, config: Config, opts: { resolve?: WebhookHostPolicy["resolve"] } = {}) {
  return webhookDeliverer(systemContext(db), { policy: webhookHostPolicy(config, opts.resolve), timeoutMs: 5_000 });
}
export { signWebhook, MAX_WEBHOOK_ATTEMPTS } from "./commands/webhooks.js";

/** Lists files whose retention ran out by `now` (the job records-disposal runs daily). */
export async function listDueDisposals(db: Db, now = new Date()) {
  return disposalLister(systemContext(db), now);
}

async function recordsPlugin(app: FastifyInstance) {
  const { db } = app.deps;
  // Without any plan nothing could be filed: the Enzkreis plan is the default until an operator imports one.
  const any = await db.selectFrom("records_plan_units").select("code").limit(1).executeTakeFirst();
  if (!any) await importFilingPlan(db, DEMO_PLAN_CSV);
  await recordsPages(app);
  await webhookPages(app);
  await systemAccountPages(app);
  await planImportPages(app);
  await app.register(recordsRoutes);
}

/** The records module (src/platform/modules.ts). */
export const recordsModule = defineModule({
  name: "records",
  messages: [recordsMessages, recordsAdminMessages],
  nav: [{ label: "nav.records", href: "/verwaltung/akten", audience: "staff", order: 87 }],
  jobs: [
    {
      name: "records-ocr",
      cron: "* * * * *",
      async handler({ db }) {
        await ocrRunner(systemContext(db), { limit: 10 });
      },
    },
    {
      name: "records-webhooks",
      cron: "* * * * *",
      async handler({ db, config }) {
        await webhookDeliverer(systemContext(db), { policy: webhookHostPolicy(config) });
      },
    },
    {
      name: "records-disposal",
      cron: "17 3 * * *",
      async handler({ db }) {
        await disposalLister(systemContext(db));
      },
    },
  ],
  events: { "case.changed": onCaseChangedFile },
  casePanels: [filePanel],
  plugin: recordsPlugin,
});
