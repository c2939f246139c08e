import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { draftPurger } from "./commands/draftSaver.js";
import { formDefinitionLoader } from "./commands/formDefinitionLoader.js";
import { readFormFiles } from "../forms/index.js";
import { applicationPages } from "./pages/routes.js";
import { applicationPaymentSubject } from "./payment.js";
import { applicationMessages } from "./messages.js";
import { uploadMessages } from "./uploadMessages.js";
import { paymentMessages as applicationPaymentMessages } from "./paymentMessages.js";
import { findForm, findSubmission, listFormKeys, listForms } from "./queries.js";
import { canSubmission } from "./policies.js";
import type { Actor } from "../../platform/audit/index.js";
import { applicationRoutes } from "./routes.js";
import { applicationSubmitter, statusCodeFor } from "./commands/applicationSubmitter.js";
import { statusPath } from "./paths.js";
import "./db.js";

/** Uploaded files of a submission (field path, `{id,name,mediaType,size,sha256}`) for the case file; send one with the platform's `sendStoredFile` after your own policy check. */
export { listSubmissionFiles } from "./uploads.js";
/** A submission by reference or id as other modules refer to it (form title, applicant, status code hash), and an applicant's submissions newest first. */
export { findSubmissionRef, findSubmissionRefById, listApplicantSubmissions, type SubmissionRef } from "./submissionRefs.js";
/** A submission with answers, form definition keys and JSON Schema, for exchange formats (interop: XBau, FIT-Connect). */
export { submissionForExchange, type SubmissionForExchange } from "./submissionRefs.js";
/** Capability kind of status codes, for `verifyCapability` (platform/auth/capabilities.ts). */
export { STATUS_CAPABILITY } from "./queries.js";

/** The status link of a submission (`/antraege/status/:ref?code=…`, absolute), as on the receipt; whoever holds it may follow the case. */
export async function statusUrlFor(db: Db, config: Pick<Config, "publicUrl" | "sessionSecret">, submissionId: string, reference: string): Promise<string> {
  return `${config.publicUrl}${statusPath(reference, await statusCodeFor(db, config.sessionSecret, submissionId))}`;
}

/** The submission's own documents for the case file (receipt PDF dated by the submission, JSON copy); the caller has authorized. */
export { submissionDocument } from "./documents.js";

/** An account's own drafts and submissions, newest first, with the form's title ("Meine Anträge"). */
export { listOwnApplications } from "./queries.js";
/** The service facts (title, LeiKa keys) of a form version, for its case (applications owns form_definitions). */
export { formServiceFacts } from "./queries.js";

/** A submission the actor may read as its own (undefined for unknown and for someone else's: references cannot be probed). */
export async function findOwnSubmission(db: Db, actor: Actor, reference: string): Promise<{ id: string; reference: string; formId: string; title: string; submittedAt: Date } | undefined> {
  const sub = await findSubmission(db, reference);
  if (!canSubmission(actor, "read", sub)) return undefined;
  const form = await findForm(db, sub!.form_id, sub!.form_version);
  return { id: sub!.id, reference: sub!.reference, formId: sub!.form_id, title: form?.title ?? sub!.form_id, submittedAt: new Date(sub!.submitted_at) };
}

/** Drafts untouched for this many days are deleted (nightly job). */
export const DRAFT_RETENTION_DAYS = 30;


/** Loads the form definitions of data/forms into the database (new versions only; idempotent). */
export async function loadFormDefinitions(db: Db, dir?: string): Promise<{ inserted: string[] }> {
  return formDefinitionLoader(systemContext(db), { definitions: await readFormFiles(dir) });
}

/** Online forms for a service page: id, title and start link per form that serves the LeiKa key. */
export async function onlineFormsFor(db: Db, leikaKey: string): Promise<Array<{ id: string; title: string; href: string }>> {
  return (await listForms(db, leikaKey)).map((f) => ({ id: f.id, title: f.title, href: `/antraege/${f.id}` }));
}

/** The portal's own online form per LeiKa key (start link of the first form by title that serves it), for lists such as search results: one query for all keys. */
export async function onlineFormLinksFor(db: Db, leikaKeys: string[]): Promise<Map<string, string>> {
  const wanted = new Set(leikaKeys);
  const links = new Map<string, string>();
  if (wanted.size === 0) return links;
  for (const f of await listFormKeys(db, [...wanted])) for (const key of f.leikaKeys) if (wanted.has(key) && !links.has(key)) links.set(key, `/antraege/${f.id}`);
  return links;
}

/**
 * Files an application that came from outside the portal (interop: an imported XBau 0200) through the normal
 * submitting command — the case is opened in the same transaction; idempotent per key (the message UUID).
 * Undefined when the form does not exist.
 */
export async function submitImportedApplication(
  ctx: { actor: Actor; db: Db; requestId?: string },
  props: { formId: string; answers: Record<string, unknown>; idempotencyKey: string; statusSecret: string },
): Promise<{ id: string; reference: string; replayed: boolean } | undefined> {
  const form = await findForm(ctx.db, props.formId);
  if (!form) return undefined;
  const res = await applicationSubmitter(ctx, { formId: form.id, formVersion: form.version, referencePrefix: form.definition.referencePrefix, answers: props.answers, feeCents: 0, userId: null, channel: "api", statusSecret: props.statusSecret, idempotencyKey: props.idempotencyKey });
  return res.kind === "conflict" ? undefined : { id: res.id, reference: res.reference, replayed: res.kind === "replayed" };
}

/** Online applications: forms API, the application flow, drafts, submissions, receipts. */
async function applicationsPlugin(app: FastifyInstance) {
  // Shipped forms are loaded on start (like migrations: several nodes may do it at once, inserts are idempotent).
  await loadFormDefinitions(app.deps.db);
  await applicationRoutes(app);
  await applicationPages(app);
}

/** The applications module (src/platform/modules.ts). */
export const applicationsModule = defineModule({
  name: "applications",
  messages: [applicationMessages, uploadMessages, applicationPaymentMessages],
  jobs: [
    {
      name: "application-drafts-purge",
      cron: "17 2 * * *",
      async handler({ db }) {
        await draftPurger(systemContext(db), { days: DRAFT_RETENTION_DAYS });
      },
    },
  ],
  // Paid "before": the submission completes in the transaction that books the payment.
  paymentSubjects: { application: applicationPaymentSubject },
  plugin: applicationsPlugin,
});

/** Figures (issue 22): online submissions per month and service, by channel. */
export { monthlyOnlineSubmissions } from "./queries.js";
