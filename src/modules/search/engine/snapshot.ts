/**
 * Stored index snapshots (ADR 0046). The key names the catalogue version and a fingerprint of the
 * analysis: the engine's and analyser's code and the shipped word lists. A new release with changed
 * analysis therefore never loads a snapshot an older release stored, even for the same catalogue.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { SEARCH_DATA_DIR } from "../analysis/resources.js";
import type { IndexSnapshot } from "./searchIndex.js";

const ENGINE_DIR = path.dirname(fileURLToPath(import.meta.url));
const ANALYSIS_DIR = path.join(ENGINE_DIR, "..", "analysis");
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** SHA-256 over the analysis code (built .js or source .ts, tests excluded) and data/search. */
export async function analysisFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of [ENGINE_DIR, ANALYSIS_DIR, SEARCH_DATA_DIR]) {
    const files = (await readdir(dir)).filter((f) => !/\.test\.[jt]s$/.test(f) && !f.endsWith(".map")).sort();
    for (const f of files) {
      hash.update(`${path.basename(dir)}/${f}\0`);
      hash.update(await readFile(path.join(dir, f)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/** Key of a snapshot: catalogue version, analysis fingerprint and what the node indexes (its Kreise and search sources). */
export function snapshotKey(catalogVersion: string, fingerprint: string, scope: readonly string[]): string {
  return `${catalogVersion}/${fingerprint}/${createHash("sha256").update(scope.join("\0")).digest("hex").slice(0, 12)}`;
}

/** gzip runs in libuv's thread pool, so encoding a few megabytes does not stall requests. */
export async function encodeSnapshot(snapshot: IndexSnapshot): Promise<Buffer> {
  return gzipAsync(JSON.stringify(snapshot), { level: 1 });
}

export async function decodeSnapshot(data: Buffer): Promise<IndexSnapshot> {
  return JSON.parse((await gunzipAsync(data)).toString("utf8")) as IndexSnapshot;
}
