/** How records leave the module as JSON (the API's document representation). */
import type { Translate } from "../../platform/i18n/index.js";
import type { findDocument } from "./queries.js";
import type { DocumentJson } from "./schemas.js";
import type { Static } from "@sinclair/typebox";

type DocumentDetail = NonNullable<Awaited<ReturnType<typeof findDocument>>>;
type ReleaseJson = Static<typeof DocumentJson>["release"];

/** The state of a scan's four-eyes release (ADR 0077): waiting, released, or defective with the reason (migration 0078). */
export const releaseState = (qualityOk: boolean | null) => (qualityOk === null ? "pending" : qualityOk ? "released" : "defective");

/** The release of a scanned document; `null` for documents that were not scanned (uploads, API). Accounts by id only. */
export function presentRelease(d: DocumentDetail): ReleaseJson {
  if (!d.scan_document_id) return null;
  const state = releaseState(d.quality_ok);
  const checkedAt = d.quality_checked_at ? d.quality_checked_at.toISOString() : null;
  return {
    state,
    scannedAt: d.scanned_at!.toISOString(),
    scannedBy: d.scanned_by,
    device: d.device!,
    checkedBy: d.quality_checked_by,
    checkedAt,
    releasedAt: state === "released" ? checkedAt : null,
    defectReason: state === "defective" ? (d.quality_note ?? null) : null,
  };
}

/** A document for specialist software: metadata, its confidentiality (own or the file's), the scan release, versions and page texts. */
export function presentDocument(d: DocumentDetail, t: Translate): Static<typeof DocumentJson> {
  return {
    id: d.id,
    title: d.title,
    source: d.source,
    caseReference: d.reference,
    fileId: d.file_id,
    fileNumber: d.file_number,
    fileClosed: d.file_status !== "open",
    // The document's own (raised) level, else the file's (inherited, migration 0094).
    confidentiality: d.doc_confidentiality
      ? { code: d.doc_confidentiality, label: t(`records.confidentiality.${d.doc_confidentiality}`), reason: d.doc_confidentiality_reason, inherited: false }
      : { code: d.confidentiality, label: t(`records.confidentiality.${d.confidentiality}`), reason: d.confidentiality_reason, inherited: true },
    release: presentRelease(d),
    ocr: { status: d.ocr_status, error: d.ocr_error },
    versions: d.versions.map((v) => ({ version: v.version, filename: v.filename, mediaType: v.media_type, size: v.size, sha256: v.sha256, createdAt: v.created_at.toISOString() })),
    pages: d.pages,
  };
}
