/**
 * The catalogue's data files in data/catalog/ (built by scripts/buildCatalogData.ts, content
 * written by editors in data/catalog/content/*.json) and their validation.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { rootPath } from "../../platform/paths.js";
import { parseCsvRecords } from "../../platform/csv.js";
import { type LegalReference } from "./leika.js";
import { LEIKA_KEY, leikaKeySchema } from "../../platform/keys.js";

export const CATALOG_DIR = rootPath("data", "catalog");
export const LEIKA_COLUMNS = ["leika_key", "name", "leika_type", "ozg_id", "law", "law_abbr", "legal_basis"] as const;

/** Task categories (who is responsible in Baden-Württemberg); keys match task_categories.key. */
export const TASK_CATEGORIES = ["municipal", "county", "lower_admin_authority", "lower_building_authority", "state"] as const;

/** County department keys (org_units key suffix) that content files may name. */
export const DEPARTMENTS = [
  "fuehrerschein", "zulassung", "baurecht", "gesundheit", "versorgung", "wohngeld", "bussgeld", "abfall", "soziales", "wasser",
  "immission", "denkmal", "zentrale", "auslaender", "jugend", "veterinaer", "ordnung",
] as const;

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** One entry of a content file: the XZuFi text fields of a service. */
export const ServiceContent = Type.Object(
  {
    leikaKey: leikaKeySchema(),
    shortText: Text(600),
    fullText: Text(6000),
    requirements: Type.Array(Text(600), { maxItems: 30 }),
    documents: Type.Array(Text(600), { maxItems: 30 }),
    fees: Text(1500),
    deadlines: Type.Optional(Text(1500)),
    processingTime: Text(600),
    legalBasis: Type.Array(Type.Object({ title: Text(300), url: Type.Optional(Type.String({ pattern: "^https://[^\\s]+$", maxLength: 500 })) }, { additionalProperties: false }), { maxItems: 20 }),
    taskCategory: Type.Union(TASK_CATEGORIES.map((k) => Type.Literal(k))),
    department: Type.Optional(Type.Union(DEPARTMENTS.map((k) => Type.Literal(k)))),
    searchTerms: Type.Array(Text(80), { maxItems: 40 }),
    popularity: Type.Integer({ minimum: 0, maximum: 100 }),
    forms: Type.Optional(Type.Array(Type.Object({ title: Text(300), url: Type.String({ pattern: "^https://[^\\s]+$" }) }, { additionalProperties: false }))),
    onlineService: Type.Optional(Type.Object({ url: Type.String({ pattern: "^https://[^\\s]+$" }), trustLevel: Type.Optional(Type.String()) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type ServiceContent = Static<typeof ServiceContent>;
export const ContentFile = Type.Array(ServiceContent);

/** Thrown for a malformed data or content file; the message names file, entry and field. */
export class CatalogDataError extends Error {}

/**
 * Checks a parsed content file. Fails loudly with every problem: schema errors, keys that are not
 * in the catalogue, keys given twice (also across files, via `seen`).
 */
export function validateContentFile(name: string, data: unknown, knownKeys: ReadonlySet<string>, seen: Map<string, string> = new Map()): ServiceContent[] {
  const problems: string[] = [];
  if (!Value.Check(ContentFile, data)) {
    for (const e of [...Value.Errors(ContentFile, data)].slice(0, 20)) problems.push(`${e.path || "/"}: ${e.message}`);
    throw new CatalogDataError(`content file ${name} is invalid:\n  ${problems.join("\n  ")}`);
  }
  data.forEach((entry, i) => {
    if (!knownKeys.has(entry.leikaKey)) problems.push(`/${i}: LeiKa key ${entry.leikaKey} is not in the catalogue`);
    const earlier = seen.get(entry.leikaKey);
    if (earlier) problems.push(`/${i}: LeiKa key ${entry.leikaKey} already has content in ${earlier}`);
    seen.set(entry.leikaKey, name);
    if ((entry.taskCategory === "county" || entry.taskCategory === "lower_admin_authority") && !entry.department)
      problems.push(`/${i}: ${entry.leikaKey}: a county task needs "department"`);
  });
  if (problems.length) throw new CatalogDataError(`content file ${name} is invalid:\n  ${problems.join("\n  ")}`);
  return data;
}

export interface LeikaRow {
  leikaKey: string;
  name: string;
  leikaType: string | null;
  ozgId: number | null;
  legalBasis: LegalReference[];
}

export interface CatalogFiles {
  topics: Array<{ id: number; name: string }>;
  lifeSituations: Array<{ id: number; name: string; topicId: number }>;
  ozgServices: Array<{ ozgId: number; name: string; lifeSituationId: number | null }>;
  services: LeikaRow[];
  content: ServiceContent[];
  contentFiles: string[];
}

const int = (s: string) => (s === "" ? null : Number.parseInt(s, 10));

/** SHA-256 over the bytes of every catalogue file (CSV and content/*.json), without parsing them. */
export async function catalogFilesFingerprint(dir = CATALOG_DIR): Promise<string> {
  const hash = createHash("sha256");
  const contentDir = path.join(dir, "content");
  const content = (await readdir(contentDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  for (const f of [...CSV_FILES, ...content.map((c) => path.join("content", c))]) {
    hash.update(`${f}\0`);
    hash.update(await readFile(path.join(dir, f)));
  }
  return hash.digest("hex");
}

const CSV_FILES = ["ozg_topics.csv", "ozg_life_situations.csv", "ozg_services.csv", "leika.csv"];

/** Reads and validates every catalogue file; throws CatalogDataError on the first bad file. */
export async function readCatalogFiles(dir = CATALOG_DIR): Promise<CatalogFiles> {
  const read = (f: string) => readFile(path.join(dir, f), "utf8");
  const topics = parseCsvRecords(await read("ozg_topics.csv"), ["id", "name"] as const).map((r) => ({ id: int(r.id)!, name: r.name }));
  const lifeSituations = parseCsvRecords(await read("ozg_life_situations.csv"), ["id", "name", "topic_id"] as const).map((r) => ({ id: int(r.id)!, name: r.name, topicId: int(r.topic_id)! }));
  const ozgServices = parseCsvRecords(await read("ozg_services.csv"), ["ozg_id", "name", "life_situation_id"] as const).map((r) => ({ ozgId: int(r.ozg_id)!, name: r.name, lifeSituationId: int(r.life_situation_id) }));
  const services = parseCsvRecords(await read("leika.csv"), LEIKA_COLUMNS).map((r, i): LeikaRow => {
    if (!LEIKA_KEY.test(r.leika_key) || !r.name) throw new CatalogDataError(`leika.csv line ${i + 2}: bad key or empty name`);
    return { leikaKey: r.leika_key, name: r.name, leikaType: r.leika_type || null, ozgId: int(r.ozg_id), legalBasis: r.legal_basis ? (JSON.parse(r.legal_basis) as LegalReference[]) : [] };
  });
  const keys = new Set(services.map((s) => s.leikaKey));
  const contentDir = path.join(dir, "content");
  const contentFiles = (await readdir(contentDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const seen = new Map<string, string>();
  const content: ServiceContent[] = [];
  for (const f of contentFiles) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path.join(contentDir, f), "utf8"));
    } catch (err) {
      throw new CatalogDataError(`content file ${f} is not valid JSON: ${(err as Error).message}`);
    }
    content.push(...validateContentFile(f, data, keys, seen));
  }
  return { topics, lifeSituations, ozgServices, services, content, contentFiles };
}
