/**
 * The master-data files in data/ (built by scripts/buildData.ts from the Destatis GV100AD and the
 * OpenStreetMap postcode list) and their conversion into table rows.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { searchKey, shortName } from "./names.js";
import type { AreaLevel, AreaRow } from "./db.js";
import { rootPath } from "../../platform/paths.js";
import { parseCsvRecords } from "../../platform/csv.js";
import { AGS, agsOfArs } from "../../platform/keys.js";

/** Attribution required by the sources' licences; shown wherever the data is shown (pages, API). */
export const DESTATIS_ATTRIBUTION = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Stand 30.11.2021";
export const OSM_ATTRIBUTION = "© OpenStreetMap-Mitwirkende";
export const DATA_ATTRIBUTION = `${DESTATIS_ATTRIBUTION}, dl-de/by-2-0; Postleitzahlen ${OSM_ATTRIBUTION}, ODbL 1.0`;

export const DATA_DIR = rootPath("data");
export const AREAS_FILE = "areas.csv";
export const POSTCODES_FILE = "postcodes.csv";

/** Columns of data/areas.csv (one row per Land, Regierungsbezirk, Kreis, Gemeindeverband, Gemeinde). */
export const AREA_COLUMNS = ["ars", "ags", "level", "type", "name", "seat", "area_ha", "population", "postcode"] as const;
/** Columns of data/postcodes.csv (one row per postcode and municipality). */
export const POSTCODE_COLUMNS = ["postcode", "ags", "place"] as const;

export const LEVELS: readonly AreaLevel[] = ["land", "bezirk", "kreis", "verband", "gemeinde"];
/** Length of the ARS on each level: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 12. */
export const ARS_LENGTH: Record<AreaLevel, number> = { land: 2, bezirk: 3, kreis: 5, verband: 9, gemeinde: 12 };

export type { AreaRow };

export interface PostcodeRow {
  postcode: string;
  ags: string;
  place: string;
  search_key: string;
}

export interface MasterDataFiles {
  /** SHA-256 over both files: a new data release changes it and triggers a re-import. */
  version: string;
  /** Parses and checks both files (only needed when the version differs from the imported one). */
  parse(): { areas: AreaRow[]; postcodes: PostcodeRow[] };
}

function intOrNull(v: string, what: string): number | null {
  if (v === "") return null;
  if (!/^\d+$/.test(v)) throw new Error(`${what}: keine ganze Zahl: ${v}`);
  return Number(v);
}

/**
 * Converts data/areas.csv into rows: checks keys, links each area to its parent (a Kreis without
 * Regierungsbezirk hangs directly under its Land), and sums population and area of the
 * municipalities up to Gemeindeverband, Kreis, Bezirk and Land.
 */
export function parseAreas(text: string): AreaRow[] {
  const rows: AreaRow[] = [];
  const byArs = new Map<string, AreaRow>();
  for (const r of parseCsvRecords(text, AREA_COLUMNS)) {
    const level = r.level as AreaLevel;
    if (!LEVELS.includes(level)) throw new Error(`areas.csv: unbekannte Ebene ${r.level} (${r.ars})`);
    if (!/^\d+$/.test(r.ars) || r.ars.length !== ARS_LENGTH[level]) throw new Error(`areas.csv: ungültiger ARS ${r.ars} für Ebene ${level}`);
    if (level === "verband" ? r.ags !== "" : !/^\d+$/.test(r.ags)) throw new Error(`areas.csv: ungültiger AGS "${r.ags}" (${r.ars})`);
    if (level === "gemeinde" && r.ags !== agsOfArs(r.ars)) throw new Error(`areas.csv: AGS ${r.ags} passt nicht zum ARS ${r.ars}`);
    if (byArs.has(r.ars)) throw new Error(`areas.csv: ARS ${r.ars} doppelt`);
    const row: AreaRow = {
      ars: r.ars,
      ags: r.ags || null,
      level,
      type_code: r.type || null,
      name: r.name,
      short_name: shortName(r.name),
      search_key: searchKey(shortName(r.name)),
      seat: r.seat || null,
      parent_ars: null,
      kreis_key: ARS_LENGTH[level] >= 5 ? r.ars.slice(0, 5) : null,
      population: intOrNull(r.population, r.ars),
      area_ha: intOrNull(r.area_ha, r.ars),
      seat_postcode: r.postcode || null,
    };
    rows.push(row);
    byArs.set(row.ars, row);
  }
  // The parent is the nearest existing upper level: a Kreis without Regierungsbezirk hangs under its
  // Land, and the few areas outside any Kreis (e.g. 07000999, the German-Luxembourg condominium)
  // under their Land.
  for (const row of rows) {
    const parentKeys = [9, 5, 3, 2].filter((n) => n < row.ars.length).map((n) => row.ars.slice(0, n));
    if (parentKeys.length === 0) continue;
    const parent = parentKeys.map((k) => byArs.get(k)).find(Boolean);
    if (!parent) throw new Error(`areas.csv: zu ${row.ars} (${row.name}) fehlt die übergeordnete Ebene`);
    row.parent_ars = parent.ars;
    if (row.kreis_key && byArs.get(row.kreis_key)?.level !== "kreis") row.kreis_key = null;
  }
  // Totals for the upper levels (the file has them only for municipalities).
  for (const row of rows) {
    if (row.level !== "gemeinde") continue;
    for (let p = row.parent_ars ? byArs.get(row.parent_ars) : undefined; p; p = p.parent_ars ? byArs.get(p.parent_ars) : undefined) {
      if (row.population !== null) p.population = (p.population ?? 0) + row.population;
      if (row.area_ha !== null) p.area_ha = (p.area_ha ?? 0) + row.area_ha;
    }
  }
  return rows;
}

/** Converts data/postcodes.csv into rows; every AGS must be a municipality of areas.csv when `known` is given. */
export function parsePostcodes(text: string, known?: ReadonlySet<string>): PostcodeRow[] {
  const seen = new Set<string>();
  return parseCsvRecords(text, POSTCODE_COLUMNS).map((r) => {
    if (!/^\d{5}$/.test(r.postcode)) throw new Error(`postcodes.csv: ungültige Postleitzahl ${r.postcode}`);
    if (!AGS.test(r.ags)) throw new Error(`postcodes.csv: ungültiger AGS ${r.ags}`);
    if (known && !known.has(r.ags)) throw new Error(`postcodes.csv: AGS ${r.ags} (${r.place}) fehlt in areas.csv`);
    const key = `${r.postcode}/${r.ags}`;
    if (seen.has(key)) throw new Error(`postcodes.csv: ${key} doppelt`);
    seen.add(key);
    return { postcode: r.postcode, ags: r.ags, place: r.place, search_key: searchKey(r.place) };
  });
}

/** Reads both files from `dir` (default: the project's data/). */
export async function readMasterDataFiles(dir: string = DATA_DIR): Promise<MasterDataFiles> {
  const [areasText, postcodesText] = await Promise.all([readFile(path.join(dir, AREAS_FILE), "utf8"), readFile(path.join(dir, POSTCODES_FILE), "utf8")]);
  const version = createHash("sha256").update(areasText).update("\0").update(postcodesText).digest("hex");
  return {
    version,
    parse() {
      const areas = parseAreas(areasText);
      const municipalities = new Set(areas.filter((a) => a.level === "gemeinde").map((a) => a.ags!));
      return { areas, postcodes: parsePostcodes(postcodesText, municipalities) };
    },
  };
}
