import type { Db } from "../../platform/db/index.js";
import type { ModuleSearchDocument } from "../../platform/modules.js";
import { findMunicipality } from "../geo/index.js";
import { listProcedures, openPhase } from "./queries.js";

const KIND_WORDS: Record<string, string> = {
  bebauungsplan: "bebauungsplan b-plan bauleitplan bauleitplanung",
  flaechennutzungsplan: "flächennutzungsplan fnp bauleitplan bauleitplanung",
  satzung: "satzung",
  planfeststellung: "planfeststellung planfeststellungsverfahren",
};

/**
 * Every procedure is public: a search document with the municipality's ARS (ranks first for queries
 * naming it). Open ones rank higher (popularity at load time; the index reloads on every change).
 */
export async function loadProcedureDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const procedures = await listProcedures(db);
  const names = new Map<string, string>();
  for (const ags of new Set(procedures.map((p) => p.ags))) names.set(ags, (await findMunicipality(db, ags))?.short_name ?? "");
  const now = new Date();
  return procedures.map((p) => {
    const place = names.get(p.ags) ?? "";
    return {
      id: p.id,
      title: place ? `${p.title} (${place})` : p.title,
      url: `/beteiligung/${p.slug}`,
      terms: `${KIND_WORDS[p.kind] ?? ""} plan einsehen stellungnahme abgeben beteiligung öffentlichkeitsbeteiligung auslegung offenlage einwendung ${place}`,
      text: p.description.slice(0, 300),
      ars: p.ars,
      popularity: openPhase(p.phases, now) ? 60 : 20,
    };
  });
}
