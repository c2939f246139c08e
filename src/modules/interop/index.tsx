/**
 * Interoperability (issue 23): XBau 2.6 messages of the building-permit process per case (built as the case
 * moves, validated against the XSDs and code lists before they are stored), FIT-Connect-shaped delivery of
 * submissions to configured destinations (JWE, delivery log, retries) with routing by LeiKa key and AGS, and the
 * XZuFi-shaped catalogue exchange (export, import with diff preview, PVOG-shaped JSON).
 * See docs/modules/interop.md and ADR 0039.
 */
import type { FastifyInstance } from "fastify";
import type { Db } from "../../platform/db/index.js";
import { defineModule } from "../../platform/modules.js";
import { fileStoreFor } from "../../platform/files/index.js";
import { DELIVERY_JOB, onCaseChange } from "./caseEvents.js";
import { deliverDue, type DeliveryDeps } from "./fitconnect/deliver.js";
import { interopMessages } from "./messages.js";
import { interopPages } from "./pages/routes.js";
import { destinationPages } from "./pages/destinations.js";
import { destinationAdder, type DestinationProps } from "./commands/destinationEditor.js";
import { systemContext } from "../../platform/commands.js";
import { xzufiImportPages } from "./pages/xzufiImport.js";
import { xbauImportPages } from "./pages/xbauImport.js";
import { interopRoutes } from "./routes.js";
import "./db.js";

export { checkXBauMessage } from "./xbau/check.js";
export { MESSAGE_TYPES, type MessageType } from "./xbau/build.js";
export { listXBauMessages } from "./queries.js";

/** Delivers the due FIT-Connect-shaped submissions now (the job does it every minute and after each submission). */
export async function deliverPendingSubmissions(deps: DeliveryDeps): Promise<{ delivered: number; retried: number; failed: number }> {
  return deliverDue(deps);
}

/** Registers a destination (Fachverfahren) for a LeiKa key and an office key (the responsible office) or AGS prefix, with its public encryption key. */
export function addDestination(db: Db, d: DestinationProps): Promise<string> {
  return destinationAdder(systemContext(db), d);
}

async function interopPlugin(app: FastifyInstance) {
  await interopRoutes(app);
  await interopPages(app);
  await destinationPages(app);
  await xzufiImportPages(app);
  await xbauImportPages(app);
}

/** The interop module (src/platform/modules.ts). */
export const interopModule = defineModule({
  name: "interop",
  messages: [interopMessages],
  nav: [
    { label: "nav.interop", href: "/verwaltung/zustellungen", audience: "admin", order: 95 },
    { label: "nav.xzufi", href: "/verwaltung/katalog/xzufi-import", audience: "editor", order: 96 },
  ],
  events: { "case.changed": onCaseChange },
  jobs: [
    {
      name: DELIVERY_JOB,
      cron: "* * * * *",
      async handler({ db, config }) {
        await deliverDue({ db, publicUrl: config.publicUrl, files: fileStoreFor(config.files), fitConnect: config.interop.fitConnect });
      },
    },
  ],
  plugin: interopPlugin,
});
