/**
 * The responsible offices for search results, from the responsibility finder (one query for a
 * whole result list). A failure there only leaves the offices out; the search still answers.
 */
import type { Db } from "../../platform/db/index.js";
import { findResponsibleMany, type Office, type Responsible } from "../responsibility/index.js";

export type { Office, Responsible };

/** Offices by LeiKa key for the municipality `ags` (empty map when unknown or on error). */
export async function responsibleOffices(db: Db, leikaKeys: string[], ags: string): Promise<Map<string, Responsible>> {
  if (leikaKeys.length === 0) return new Map();
  try {
    return await findResponsibleMany(db, leikaKeys, ags);
  } catch {
    return new Map();
  }
}
