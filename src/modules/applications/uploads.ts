/**
 * Uploads in the application flow: storing a step's files into the draft, removing and replacing
 * them, keeping them as long as the draft lives, resolving API upload ids, and linking the files to
 * the submission in its transaction. The bytes and checks are the platform's (src/platform/files).
 */
import type { Transaction } from "kysely";
import type { Config } from "../../platform/config.js";
import type { CommandContext } from "../../platform/commands.js";
import type { Database, Db } from "../../platform/db/index.js";
import type { Translate } from "../../platform/i18n/index.js";
import { fileDeleter, fileRetainer, fileStoreFor, presentFile, refusalMessage, storeUpload, type ReceivedFile } from "../../platform/files/index.js";
import { apiFileIds, collectFileRefs, itemAt, draftFileValue, fieldAccept, fieldMaxBytes, instanceCount, isRepeatingGroup, mapApiFileValues, parseDraftFileRef, type FieldDef, type FileRef, type FormDefinition, type ItemDef, type PageDef } from "../forms/index.js";

declare module "../../platform/db/schema.js" {
  interface Database {
    application_submission_files: { submission_id: string; file_id: string; field_path: string };
  }
}

/** Files of a draft are kept a day longer than a draft untouched for 30 days (DRAFT_RETENTION_DAYS). */
export const DRAFT_FILE_RETENTION_DAYS = 31;
/** API uploads not used by a submission within this time are deleted (platform purge job). */
export const API_UPLOAD_RETENTION_HOURS = 24;
export const API_UPLOAD_PURPOSE = "api-upload";
export const DRAFT_UPLOAD_PURPOSE = "application";

/** The file fields a page posts, with their form names (`anlagen.1.datei`). */
export function pageFileFields(page: Pick<PageDef, "items">, values: Record<string, string>): Array<{ name: string; field: FieldDef }> {
  const out: Array<{ name: string; field: FieldDef }> = [];
  const walk = (items: ItemDef[], prefix: string) => {
    for (const item of items) {
      const name = prefix ? `${prefix}.${item.id}` : item.id;
      if (item.kind === "field") {
        if (item.type === "file") out.push({ name, field: item });
      } else if (isRepeatingGroup(item)) {
        const n = instanceCount(item, values, name);
        for (let i = 0; i < n; i++) walk(item.children, `${name}.${i}`);
      } else walk(item.children, name);
    }
  };
  walk(page.items, "");
  return out;
}

/** The ids of all files a draft's values refer to. */
export const draftFileIds = (values: Record<string, string>) =>
  Object.values(values)
    .map((v) => (v.startsWith("{") ? parseDraftFileRef(v)?.id : undefined))
    .filter((id): id is string => !!id);

export interface StepUploadResult {
  values: Record<string, string>;
  /** Messages per form field name (refused uploads). */
  errors: Record<string, string>;
  /** Form field name whose file the user removed ("Datei entfernen"). */
  removed?: string;
}

/**
 * A step's file fields: the value is the draft's previous file (never what the browser sends), replaced
 * by a new upload that passes the checks, or emptied by "Datei entfernen" (`aktion=datei-entfernen:<name>`).
 * Refused uploads give a message at the field and keep the previous file. Replaced and removed files
 * are deleted; the draft's other files are kept for another DRAFT_FILE_RETENTION_DAYS.
 */
export async function applyStepUploads(
  ctx: CommandContext,
  p: {
    config: Pick<Config, "files">;
    t: Translate;
    page: PageDef;
    draft: { user_id: string | null; anon_token_hash: string | null; values: Record<string, string> };
    values: Record<string, string>;
    uploads: ReceivedFile[] | null;
    action: string;
    /** Who uploads (`uploadClientKey`), for the hourly quota. */
    client: string;
  },
): Promise<StepUploadResult> {
  const values = { ...p.values };
  const errors: Record<string, string> = {};
  const obsolete: string[] = [];
  let removed: string | undefined;
  for (const { name, field } of pageFileFields(p.page, values)) {
    const previous = parseDraftFileRef(p.draft.values[name]);
    values[name] = previous ? draftFileValue(previous) : "";
    if (p.action === `datei-entfernen:${name}`) {
      if (previous) obsolete.push(previous.id);
      values[name] = "";
      removed = name;
      continue;
    }
    const upload = p.uploads?.find((u) => u.field === name);
    if (!upload) continue;
    const maxBytes = fieldMaxBytes(field, p.config.files.maxBytes);
    const accept = fieldAccept(field);
    const stored = await storeUpload(ctx, p.config, upload, {
      accept,
      maxBytes,
      uploaderId: p.draft.user_id,
      ownerTokenHash: p.draft.user_id ? null : p.draft.anon_token_hash,
      purpose: DRAFT_UPLOAD_PURPOSE,
      retainUntil: new Date(Date.now() + DRAFT_FILE_RETENTION_DAYS * 86_400_000),
      client: p.client,
    });
    if (!stored.ok) {
      errors[name] = refusalMessage(p.t, stored.reason, { accept, maxBytes, maxRequestBytes: p.config.files.maxRequestBytes });
      continue;
    }
    if (previous) obsolete.push(previous.id);
    values[name] = draftFileValue(stored.file);
  }
  // Only unattached files are deleted (a file already in a submission stays).
  if (obsolete.length) await fileDeleter(ctx, { store: fileStoreFor(p.config.files), ids: obsolete });
  const keep = draftFileIds(values);
  if (keep.length) await fileRetainer(ctx.db, { ids: keep, until: new Date(Date.now() + DRAFT_FILE_RETENTION_DAYS * 86_400_000) });
  return { values, errors, removed };
}

/** API JSON: upload ids in file fields → the uploads' references (unknown ids fail the answer check). */
export async function resolveApiFiles(db: Db, def: FormDefinition, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const ids = [...new Set(apiFileIds(def, raw))];
  if (!ids.length) return mapApiFileValues(def, raw, () => undefined);
  const rows = await db.selectFrom("files").select(["id", "original_name", "media_type", "size_bytes", "sha256"]).where("id", "in", ids).where("purpose", "=", API_UPLOAD_PURPOSE).execute();
  const byId = new Map(rows.map((r) => [r.id, presentFile(r) as FileRef]));
  return mapApiFileValues(def, raw, (id) => byId.get(id));
}

/** Who may put a file into a submission: the draft's owner (web) or an API upload not used yet. */
export type FileOwner = { kind: "draft"; userId: string | null; tokenHash: string | null } | { kind: "api" };

export interface FileLinks {
  owner: FileOwner;
  files: Array<{ path: string; ref: FileRef }>;
}

/** A file named in the answers cannot go with this submission (someone else's, already used, or gone). */
export class FileLinkError extends Error {
  constructor(public errors: Array<{ path: string; message: string }>) {
    super("file link refused");
  }
}

/** The file links of validated answers; for the web the owner is the draft's. */
export async function fileLinksFor(db: Db, def: FormDefinition, answers: Record<string, unknown>, opts: { channel: "web" | "api"; draftId?: string }): Promise<FileLinks | undefined> {
  const files = collectFileRefs(def, answers);
  if (!files.length) return undefined;
  if (opts.channel === "api") return { owner: { kind: "api" }, files };
  const draft = opts.draftId ? await db.selectFrom("application_drafts").select(["user_id", "anon_token_hash"]).where("id", "=", opts.draftId).executeTakeFirst() : undefined;
  return { owner: { kind: "draft", userId: draft?.user_id ?? null, tokenHash: draft?.anon_token_hash ?? null }, files };
}

/**
 * Links the files to the submission inside its transaction: each must exist with the same content hash,
 * belong to the owner and not be held by another record yet; then it is held for good (retain_until NULL).
 */
export async function linkSubmissionFiles(tx: Transaction<Database>, submissionId: string, links: FileLinks): Promise<void> {
  const ids = [...new Set(links.files.map((f) => f.ref.id))];
  const rows = await tx.selectFrom("files").select(["id", "sha256", "uploader_id", "owner_token_hash", "purpose", "retain_until"]).where("id", "in", ids).forUpdate().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  for (const f of links.files) {
    const row = byId.get(f.ref.id);
    const owned =
      !!row &&
      (links.owner.kind === "api"
        ? row.purpose === API_UPLOAD_PURPOSE
        : row.purpose === DRAFT_UPLOAD_PURPOSE && (links.owner.userId ? row.uploader_id === links.owner.userId : !!links.owner.tokenHash && row.owner_token_hash === links.owner.tokenHash));
    if (!row || !owned || row.sha256 !== f.ref.sha256) errors.push({ path: f.path, message: "Die Datei wurde nicht gefunden. Bitte laden Sie sie erneut hoch." });
    else if (row.retain_until === null || seen.has(f.ref.id)) errors.push({ path: f.path, message: "Diese Datei gehört bereits zu einem Antrag. Bitte laden Sie sie erneut hoch." });
    seen.add(f.ref.id);
  }
  if (errors.length) throw new FileLinkError(errors);
  await fileRetainer(tx, { ids, until: null });
  await tx.insertInto("application_submission_files").values(links.files.map((f) => ({ submission_id: submissionId, file_id: f.ref.id, field_path: f.path }))).execute();
}

/** The uploaded files of a submission, in answer order (field path, file). The caller authorizes. */
export async function listSubmissionFiles(db: Db, submissionId: string): Promise<Array<{ path: string; label: string; file: FileRef; fileId: string }>> {
  // The field's label from the submission's form version ("Baubeschreibung mit Berechnungen", numbered in repeating groups).
  const sub = await db
    .selectFrom("application_submissions as s")
    .innerJoin("form_definitions as d", (j) => j.onRef("d.id", "=", "s.form_id").onRef("d.version", "=", "s.form_version"))
    .select(["d.definition", "s.answers"])
    .where("s.id", "=", submissionId)
    .executeTakeFirst();
  const labels = new Map(sub ? collectFileRefs(sub.definition as FormDefinition, sub.answers as Record<string, unknown>).map((f) => [f.path, f.label]) : []);
  const rows = await db
    .selectFrom("application_submission_files as l")
    .innerJoin("files as f", "f.id", "l.file_id")
    .select(["l.field_path", "f.id", "f.original_name", "f.media_type", "f.size_bytes", "f.sha256"])
    .where("l.submission_id", "=", submissionId)
    .orderBy("l.field_path")
    .execute();
  return rows.map((r) => ({ path: r.field_path, label: labels.get(r.field_path) ?? (sub ? itemAt(sub.definition as FormDefinition, r.field_path)?.label : undefined) ?? r.field_path, fileId: r.id, file: presentFile(r) as FileRef }));
}
