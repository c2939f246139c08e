/**
 * The archive's answers to a 0503 hand-over (which asks for both): the receipt, xdomea 3.0.0
 * Aussonderung.AussonderungEmpfangBestaetigen.0507 (only a header: the ProzessID was received; recorded, the
 * file stays until the import is confirmed), and the import, Aussonderung.AussonderungImportBestaetigen.0506
 * (validated against the XSD). For each handed-over object the archive says whether it imported it; a
 * confirmed file is then deleted here (data and bytes; the audit keeps its number and the archive's reference).
 * A refused import is recorded with the archive's message, and the file stays.
 */
import { XMLParser } from "fast-xml-parser";
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { validateXdomea } from "../xdomea.js";
import { destroyFileData } from "./disposal.js";

export type AnswerResult = { ok: true; received: string[]; confirmed: string[]; refused: Array<{ fileNumber: string; message: string }> } | { ok: false; reason: "invalid" | "unknown_process" | "wrong_type"; detail?: string };

export async function archiveAnswerImporter(ctx: CommandContext, p: { xml: string; unitIds: readonly string[] }): Promise<AnswerResult> {
  const check = await validateXdomea(p.xml);
  if (!check.valid) return { ok: false, reason: "invalid", detail: check.errors.slice(0, 2).join("; ") };
  const doc = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === "AusgesondertesSGO" }).parse(p.xml) as Record<string, unknown>;
  const receipt = doc["Aussonderung.AussonderungEmpfangBestaetigen.0507"] as { Kopf: { ProzessID: string } } | undefined;
  if (receipt) return receiptImporter(ctx, String(receipt.Kopf.ProzessID), p.unitIds);
  const msg = doc["Aussonderung.AussonderungImportBestaetigen.0506"] as { Kopf: { ProzessID: string }; AusgesondertesSGO: Array<{ IDSGO: string; Erfolgreich: string; Fehlermeldung?: string; Archivkennung?: string }> } | undefined;
  if (!msg) return { ok: false, reason: "wrong_type" };
  const processId = String(msg.Kopf.ProzessID);
  const disposal = await ctx.db.selectFrom("records_disposals").selectAll().where("process_id", "=", processId).executeTakeFirst();
  if (!disposal || !p.unitIds.includes(disposal.owner_unit_id)) return { ok: false, reason: "unknown_process" };
  const confirmed: string[] = [];
  const refused: Array<{ fileNumber: string; message: string }> = [];
  await ctx.db.transaction().execute(async (tx) => {
    for (const sgo of msg.AusgesondertesSGO) {
      if (String(sgo.IDSGO) !== disposal.sgo_id) continue;
      if (String(sgo.Erfolgreich) === "true" || String(sgo.Erfolgreich) === "1") {
        if (disposal.archive_confirmed_at) continue;
        const documents = await destroyFileData(tx, disposal.file_id);
        // The kept package goes: the archive has it now (a large object since migration 0098, before a bytea).
        if (disposal.archive_oid) await sql`SELECT lo_unlink(${disposal.archive_oid}::oid)`.execute(tx);
        await tx.updateTable("records_disposals").set({ archive_confirmed_at: new Date(), archive_reference: sgo.Archivkennung ? String(sgo.Archivkennung).slice(0, 200) : null, archive_zip: null, archive_oid: null, archive_size: null, archive_sha256: null }).where("file_id", "=", disposal.file_id).execute();
        await appendAudit(tx, ctx.actor, { action: "records.archive_confirmed", objectType: "records_file", objectId: disposal.file_id, details: { fileNumber: disposal.file_number, processId, archiveReference: sgo.Archivkennung ?? null, documents }, requestId: ctx.requestId });
        confirmed.push(disposal.file_number);
      } else {
        const message = String(sgo.Fehlermeldung ?? "ohne Begründung").slice(0, 500);
        await appendAudit(tx, ctx.actor, { action: "records.archive_refused", objectType: "records_file", objectId: disposal.file_id, details: { fileNumber: disposal.file_number, processId, message }, requestId: ctx.requestId });
        refused.push({ fileNumber: disposal.file_number, message });
      }
    }
  });
  return { ok: true, received: [], confirmed, refused };
}

/** 0507: the archive received the hand-over of this ProzessID. Recorded once (audited); reading it again changes nothing. */
async function receiptImporter(ctx: CommandContext, processId: string, unitIds: readonly string[]): Promise<AnswerResult> {
  const disposal = await ctx.db.selectFrom("records_disposals").select(["file_id", "file_number", "owner_unit_id", "archive_received_at"]).where("process_id", "=", processId).executeTakeFirst();
  if (!disposal || !unitIds.includes(disposal.owner_unit_id)) return { ok: false, reason: "unknown_process" };
  if (!disposal.archive_received_at) {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable("records_disposals").set({ archive_received_at: new Date() }).where("file_id", "=", disposal.file_id).where("archive_received_at", "is", null).execute();
      await appendAudit(tx, ctx.actor, { action: "records.archive_received", objectType: "records_file", objectId: disposal.file_id, details: { fileNumber: disposal.file_number, processId }, requestId: ctx.requestId });
    });
  }
  return { ok: true, received: [disposal.file_number], confirmed: [], refused: [] };
}
