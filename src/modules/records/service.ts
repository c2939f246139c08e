/** Small helpers shared by the pages and the API of the records module. */
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { ReceivedFile } from "../../platform/files/index.js";
import type { Db } from "../../platform/db/index.js";
import { triggerJob } from "../../platform/jobs/index.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import { exportXdomea } from "./commands/disposal.js";

/** Where the archive packages go (named in the 0503 header). */
export const ARCHIVE_NAME = "Kreisarchiv Enzkreis";

/** An upload to be filed: its temporary file with the hash and size measured while it was received (never read whole). */
export const uploadContent = (f: ReceivedFile) => ({ path: f.tempPath, sha256: f.sha256, size: f.size });

/** The bytes of a received upload (the platform streamed it to a temporary file, size-limited): small files only (CSV, XML). */
export async function uploadBytes(f: ReceivedFile): Promise<Buffer> {
  return readFile(f.tempPath);
}

export async function unitName(db: Db, id: string): Promise<string> {
  return (await orgUnitsByIds(db, [id]))[0]?.name ?? id;
}

/** The 0503 export of a file, validated against the XSDs; `raised: false` leaves out documents raised above the file's level. */
export function xdomeaExport(db: Db, countyName: string, fileId: string, opts: { raised: boolean } = { raised: true }) {
  return exportXdomea(db, fileId, { raised: opts.raised, sender: countyName, archive: ARCHIVE_NAME, names: { unit: (id) => unitName(db, id), user: async (id) => (id ? `Beschäftigte Person ${id.slice(0, 8)}` : "Kreisportal") } });
}

/** Queues the OCR job right after the commit (the every-minute sweep catches up without a queue). */
export async function queueOcr(app: FastifyInstance, requestId: string): Promise<void> {
  await triggerJob(app, "records-ocr", { requestId }).catch(() => undefined);
}
