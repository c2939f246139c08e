/**
 * Builds the catalogue data files in data/catalog/ from the LeiKa/OZG extract (never read at run time):
 *
 *   npm run data:catalog                 source ../shared/data/leika (next to the project)
 *   npm run data:catalog -- <sourceDir>  or another directory with the same files
 *
 * Keeps keys, names, classification and legal references only. Drops rows without a 14-digit
 * LeiKa key ("nicht im LeiKa", truncated numbers) and test values ("sdesf") in any column.
 * Writes leika.csv, ozg_topics.csv, ozg_life_situations.csv, ozg_services.csv.
 * data/catalog/SOURCE.md (provenance, licence) is maintained by hand.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsvRecords, toCsv } from "../src/platform/csv.js";
import { parseLegalBasis } from "../src/modules/catalog/leika.js";
import { LEIKA_KEY } from "../src/platform/keys.js";
import { LEIKA_COLUMNS } from "../src/modules/catalog/dataFiles.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.resolve(process.argv[2] ?? path.join(ROOT, "../shared/data/leika"));
const out = path.join(ROOT, "data/catalog");

const clean = (s: string) => s.replace(/\s+/g, " ").trim();
// Placeholder values typed into the source database's free-text fields.
const JUNK = /^(sdesf|test|asdf|xxx+|-|\.)$/i;
const value = (s: string) => (JUNK.test(clean(s)) ? "" : clean(s));

async function main() {
  const read = (f: string) => readFile(path.join(source, f), "utf8");
  const topics = parseCsvRecords(await read("ozg_themenfelder.csv"), ["themenfeld_id", "themenfeld"] as const);
  const situations = parseCsvRecords(await read("ozg_lebenslagen.csv"), ["lebenslage_id", "lebenslage", "themenfeld_id"] as const);
  const ozg = parseCsvRecords(await read("ozg_leistungen.csv"), ["ozg_id", "ozg_leistung", "lebenslage", "themenfeld", "hidden"] as const);
  const leika = parseCsvRecords(await read("leika_leistungen_mit_ozg_zuordnung.csv"), [
    "leika_schluessel", "leistung", "leika_typ", "rechtsgrundlage", "gesetze", "gesetz_kuerzel", "ozg_id",
  ] as const);

  const topicRows = topics.map((t) => [t.themenfeld_id, clean(t.themenfeld)]);
  const topicName = new Map(topicRows.map(([id, name]) => [id!, name!]));
  const situationRows = situations.map((s) => [s.lebenslage_id, clean(s.lebenslage), s.themenfeld_id]);
  const situationId = new Map(situations.map((s) => [`${clean(s.lebenslage)}|${topicName.get(s.themenfeld_id)}`, s.lebenslage_id]));
  const ozgRows = ozg
    .filter((o) => o.hidden !== "1" && /^\d+$/.test(o.ozg_id))
    .map((o) => [o.ozg_id, clean(o.ozg_leistung), situationId.get(`${clean(o.lebenslage)}|${clean(o.themenfeld)}`) ?? ""]);
  const ozgIds = new Set(ozgRows.map((r) => r[0]!));

  const seen = new Set<string>();
  const leikaRows: string[][] = [];
  const dropped = { noKey: 0, junkName: 0, duplicate: 0 };
  for (const r of leika) {
    const key = r.leika_schluessel.trim();
    if (!LEIKA_KEY.test(key)) {
      dropped.noKey++;
      continue;
    }
    const name = value(r.leistung);
    if (!name) {
      dropped.junkName++;
      continue;
    }
    if (seen.has(key)) {
      dropped.duplicate++;
      continue;
    }
    seen.add(key);
    const legal = parseLegalBasis(value(r.rechtsgrundlage));
    leikaRows.push([
      key,
      name,
      value(r.leika_typ),
      ozgIds.has(r.ozg_id.trim()) ? r.ozg_id.trim() : "",
      value(r.gesetze),
      value(r.gesetz_kuerzel),
      legal.length ? JSON.stringify(legal) : "",
    ]);
  }
  leikaRows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, "ozg_topics.csv"), toCsv(["id", "name"], topicRows));
  await writeFile(path.join(out, "ozg_life_situations.csv"), toCsv(["id", "name", "topic_id"], situationRows));
  await writeFile(path.join(out, "ozg_services.csv"), toCsv(["ozg_id", "name", "life_situation_id"], ozgRows));
  await writeFile(path.join(out, "leika.csv"), toCsv(LEIKA_COLUMNS, leikaRows));
  process.stdout.write(
    `data/catalog: ${leikaRows.length} LeiKa services, ${ozgRows.length} OZG services, ${situationRows.length} life situations, ${topicRows.length} topics ` +
      `(dropped: ${dropped.noKey} without key, ${dropped.junkName} junk names, ${dropped.duplicate} duplicates)\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
