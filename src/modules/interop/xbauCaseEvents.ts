/**
 * XBau messages as the building-permit case moves (subscriber of the cases module's "case.changed"; runs in
 * the delivery transaction after the change committed, at least once — the storer is idempotent per event):
 * - case opened for a "bauantrag" submission → baugenehmigung.antrag.0200 (answers + uploaded plans);
 * - "request_documents" → formellePruefung.0201 with antragVollstaendig=false and the Nachforderung as findings;
 * - "start_participation" out of the completeness check → 0201 with antragVollstaendig=true, and one
 *   beteiligung.aufforderung.0300 per agency the engine asked (with its deadline);
 * - "documents_received" → antragGeaendert.0202 with the documents the applicant supplied since;
 * - a notice issued (approve/reject) → bescheid.0205 with the notice document.
 * Only cases that have a 0200 (outgoing, or incoming when imported) get the follow-up messages. Never throws for a bad message (it is stored as
 * invalid with its errors), so the other subscribers' reactions are not rolled back.
 */
import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import { getCaseDocument, listCaseEvents, receivingOfficeId, type CaseChange } from "../cases/index.js";
import { formServiceFacts, listSubmissionFiles, submissionForExchange, type SubmissionForExchange } from "../applications/index.js";
import { listCaseFile } from "../mailbox/index.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import { buildAntrag0200, buildChanged0202, buildFormalCheck0201, buildNotice0205, buildParticipation0300, type Attachment, type Authority } from "./xbau/build.js";
import { xbauMessageStorer } from "./commands/xbauMessageStorer.js";

export const XBAU_FORMS = new Set(["bauantrag"]);
const SYSTEM = { type: "system", id: null } as const;

/** The portal as an XBau party (Antragsservice). */
export const PORTAL_AUTHORITY: Authority = { key: "kreisportal:antragsservice", name: "Kreisportal - Antragsservice" };

async function authorityOf(tx: Transaction<Database>, unitId: string): Promise<Authority> {
  const [u] = await orgUnitsByIds(tx, [unitId]);
  return u ? { key: `kreisportal:${u.key}`, name: u.name } : { key: `kreisportal:${unitId}`, name: "Baurechtsbehörde" };
}

/** `created`: for a "created" change, the submission as the caller read it already (null: none), so it is read once. */
export async function onCaseChangeXBau(tx: Transaction<Database>, change: CaseChange, created?: SubmissionForExchange | null): Promise<void> {
  if (!change.submissionId) return;
  if (change.kind === "created") {
    const sub = created !== undefined ? created : await submissionForExchange(tx, change.submissionId);
    if (!sub || !XBAU_FORMS.has(sub.formId)) return;
    // An application imported from an incoming 0200 is not sent back as an outgoing one.
    if (sub.answers.importiertAus === "XBau 0200") return;
    const office = await authorityOf(tx, await receivingOfficeId(tx, { id: sub.id, form_id: sub.formId, answers: sub.answers }, await formServiceFacts(tx, sub.formId, sub.formVersion)));
    const files: Attachment[] = (await listSubmissionFiles(tx, sub.id)).map((f) => ({ fieldPath: f.path, label: f.label, fileId: f.fileId, filename: f.file.name, size: f.file.size, sha256: f.file.sha256, mediaType: f.file.mediaType }));
    const message = buildAntrag0200({ createdAt: new Date(), author: PORTAL_AUTHORITY, reader: office, submissionId: sub.id, answers: sub.answers, files });
    await xbauMessageStorer(tx, SYSTEM, { caseId: change.caseId, submissionId: sub.id, triggerKey: change.eventId, message });
    return;
  }
  const antrag = await tx.selectFrom("interop_xbau_messages").select(["message_uuid", "xml"]).where("case_id", "=", change.caseId).where("message_type", "=", "0200").orderBy("created_at").executeTakeFirst();
  if (!antrag) return;
  const sub = await submissionForExchange(tx, change.submissionId);
  if (!sub) return;
  const office = await authorityOf(tx, await receivingOfficeId(tx, { id: sub.id, form_id: sub.formId, answers: sub.answers }, await formServiceFacts(tx, sub.formId, sub.formVersion)));
  const header = { createdAt: new Date(), author: office, reader: PORTAL_AUTHORITY, caseReference: change.reference, antragMessageId: antrag.message_uuid };
  const events = await listCaseEvents(tx, change.caseId);
  const event = events.find((e) => String(e.id) === String(change.eventId));
  const store = (message: ReturnType<typeof buildFormalCheck0201>) => xbauMessageStorer(tx, SYSTEM, { caseId: change.caseId, submissionId: sub.id, triggerKey: String(change.eventId), message });
  if (change.kind === "status" && event) {
    if (event.event === "request_documents") {
      await store(buildFormalCheck0201({ ...header, complete: false, findings: [{ kind: "05", text: change.text ?? event.text ?? "Unterlagen fehlen" }], letter: event.text ?? undefined }));
    } else if (event.event === "start_participation" && event.from_state === "completeness_check") {
      await store(buildFormalCheck0201({ ...header, complete: true }));
    }
    // Each participation the engine started with this step: a beteiligung.aufforderung.0300 to that agency.
    for (const p of events.filter((e) => e.kind === "participation_requested" && Number(e.id) > Number(change.eventId))) {
      const details = (p.details ?? {}) as { unitId?: string; due?: string };
      const agency = details.unitId ? await authorityOf(tx, details.unitId) : undefined;
      if (!agency) continue;
      const message = buildParticipation0300({ ...header, author: office, reader: agency, agencyKey: agency.key, subject: p.text ?? "Beteiligung", deadline: typeof details.due === "string" ? details.due.slice(0, 10) : undefined });
      await xbauMessageStorer(tx, SYSTEM, { caseId: change.caseId, submissionId: sub.id, triggerKey: String(p.id), message });
    }
    if (event.event === "documents_received") {
      const since = await tx.selectFrom("interop_xbau_messages").select("created_at").where("case_id", "=", change.caseId).where("message_type", "=", "0201").orderBy("created_at", "desc").executeTakeFirst();
      const supplied = (await listCaseFile(tx, sub.id, { includeInternal: false }))
        .flatMap((d) => d.versions.map((v) => ({ d, v })))
        .filter(({ v }) => v.addedByType !== "staff" && v.addedByType !== "system" && (!since || v.addedAt >= since.created_at))
        .map(({ d, v }) => ({ fieldPath: `/nachgereicht/${d.role}`, label: d.name, fileId: v.fileId ?? d.id, filename: v.filename, size: v.sizeBytes, sha256: v.sha256, mediaType: v.contentType }));
      await store(buildChanged0202({ ...header, files: supplied }));
    }
    return;
  }
  if (change.kind === "notice" && change.documentId) {
    const doc = await getCaseDocument(tx, change.caseId, change.documentId);
    const decision = [...events].reverse().find((e) => e.event === "approve" || e.event === "reject");
    const notice = doc ? { fieldPath: "/bescheid", label: doc.title, fileId: doc.id, filename: doc.filename, size: doc.content.length, sha256: doc.sha256, mediaType: doc.mediaType } : undefined;
    await store(buildNotice0205({ ...header, approved: decision?.event !== "reject", title: doc?.title ?? "Bescheid", notice }));
  }
}
