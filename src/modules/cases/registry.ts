/**
 * The process definitions of this node: read once from data/processes (checked), kept in memory.
 * Definitions are stored in case_processes too (processLoader), so a case keeps the version it started with
 * even after a file moves on; an unknown version is read from there.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { lazyAsync } from "../../platform/lazy.js";
import { processFor, readProcessFiles, type ProcessDefinition } from "./definition.js";

const fromDb = new Map<string, ProcessDefinition>();

/** The checked definitions of data/processes (files shipped with the code: read once per process, a failed read is retried). */
export const processFiles: () => Promise<ProcessDefinition[]> = lazyAsync(() => readProcessFiles());

/** The process a form runs through (by form id, then LeiKa key, else the default). */
export async function processForForm(formId: string | null, leikaKeys: readonly string[]): Promise<ProcessDefinition> {
  return processFor(await processFiles(), formId, leikaKeys);
}

/** The definition a case runs with: id and version, from the files or from case_processes. */
export async function processDefinition(db: Db, id: string, version: number): Promise<ProcessDefinition> {
  const key = `${id}@${version}`;
  const file = (await processFiles()).find((d) => d.id === id && d.version === version);
  if (file) return file;
  const cached = fromDb.get(key);
  if (cached) return cached;
  const row = await sql<{ definition: ProcessDefinition }>`SELECT definition FROM case_processes WHERE id = ${id} AND version = ${version}`.execute(db);
  const def = row.rows[0]?.definition;
  if (!def) throw new Error(`process definition ${key} not found`);
  fromDb.set(key, def);
  return def;
}
