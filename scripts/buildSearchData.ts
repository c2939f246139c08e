/**
 * Builds the search word lists in data/search/ from the published sources (never read at run time):
 *
 *   npx tsx scripts/buildSearchData.ts [sourceDir]     default: ../shared/data next to the project
 *
 * Writes
 *   data/search/compound-parts.txt    jwordsplitter/LanguageTool compound parts (CC BY-SA 4.0), folded
 *   data/search/compound-prefixes.txt jwordsplitter first-part prefixes (CC BY-SA 4.0), folded
 *   data/search/compound-exceptions.txt jwordsplitter exception splits (CC BY-SA 4.0)
 *   data/search/compound-gold.txt     jwordsplitter gold splits (test data, CC BY-SA 4.0)
 *   data/search/openthesaurus-catalog.txt  OpenThesaurus synsets touching the catalogue vocabulary (LGPL-2.1+)
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { foldText, tokenize } from "../src/modules/search/analysis/fold.js";
import { stemKey } from "../src/modules/search/analysis/analyzer.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.resolve(process.argv[2] ?? path.join(ROOT, "../shared/data"));
const out = path.join(ROOT, "data/search");

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

const CC_HEADER = `# Derived from jwordsplitter (https://github.com/danielnaber/jwordsplitter, commit b8e1d5f7),
# dictionary data by Daniel Naber et al., from Morphy and LanguageTool. Licence: CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/). Changes: lower-cased and folded
# (ä→ae, ö→oe, ü→ue, ß→ss), de-duplicated, sorted; removals.txt applied. Built by scripts/buildSearchData.ts.
`;

async function main() {
  const jw = path.join(source, "decompounding/jwordsplitter-dict");
  const removals = lines(await readFile(path.join(jw, "removals.txt"), "utf8")).map((l) => new RegExp(l));
  const words = new Set<string>();
  for (const f of ["languagetool-dict.txt", "additions.txt"]) {
    for (const l of lines(await readFile(path.join(jw, f), "utf8"))) {
      const w = foldText(l).replace(/ /g, "");
      if (w.length >= 3 && !removals.some((r) => r.test(l.toLowerCase()))) words.add(w);
    }
  }
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, "compound-parts.txt"), CC_HEADER + [...words].sort().join("\n") + "\n");
  const prefixes = new Set(lines(await readFile(path.join(jw, "germanPrefixes.txt"), "utf8")).map((l) => foldText(l).replace(/ /g, "")));
  await writeFile(path.join(out, "compound-prefixes.txt"), CC_HEADER + [...prefixes].sort().join("\n") + "\n");
  const exceptions = lines(await readFile(path.join(jw, "exceptionsGerman.txt"), "utf8"));
  await writeFile(path.join(out, "compound-exceptions.txt"), CC_HEADER + "# Format: parts separated by |; /NS: also with -n and -s.\n" + exceptions.join("\n") + "\n");
  const gold = await readFile(path.join(jw, "test-de-large.txt"), "utf8");
  await writeFile(path.join(out, "compound-gold.txt"), CC_HEADER.replace("Changes: lower-cased and folded\n# (ä→ae, ö→oe, ü→ue, ß→ss), de-duplicated, sorted; removals.txt applied.", "Unchanged copy of src/test/resources/.../test-de-large.txt (gold splits).") + gold);

  // The catalogue vocabulary: every word of a LeiKa or OZG name.
  const leika = await readFile(path.join(source, "leika/leika_leistungen_mit_ozg_zuordnung.csv"), "utf8");
  // Only the names of service objects (keys ending in 000000), not the generic activities.
  const vocab = new Set<string>();
  for (const line of leika.split(/\r?\n/)) {
    const m = /^(\d{8}000000),("[^"]*"|[^,]*)/.exec(line);
    if (!m?.[2]) continue;
    for (const t of tokenize(m[2])) if (t.length >= 5 && !/^\d+$/.test(t)) vocab.add(stemKey(t));
  }

  const thesaurus = await readFile(path.join(source, "thesaurus/openthesaurus.txt"), "utf8");
  const header: string[] = [];
  const kept: string[] = [];
  for (const raw of thesaurus.split(/\r?\n/)) {
    if (raw.startsWith("#")) {
      header.push(raw);
      continue;
    }
    if (!raw.trim()) continue;
    const terms = raw.split(";").map((t) => t.trim()).filter(Boolean);
    if (terms.length < 2 || terms.length > 8 || raw.includes('...')) continue;
    // Register labels that make a term useless for citizens' queries.
    const usable = terms.filter((t) => !/\((veraltet|fachspr\.|schweiz\.|österr\.|lat\.|griechisch|fig\.|derb|vulgär|scherzhaft|abwertend|Jargon|Amtsdeutsch)[^)]*\)/i.test(t) || /ugs\./.test(t));
    const bare = usable.map((t) => t.replace(/\s*\([^)]*\)\s*/g, " ").trim()).filter((t) => t && t.split(/\s+/).length <= 3);
    const inVocab = bare.filter((t) => {
      const toks = tokenize(t);
      return toks.length === 1 && vocab.has(stemKey(toks[0]!));
    });
    if (inVocab.length === 0 || bare.length < 2) continue;
    kept.push(bare.join(";"));
  }
  const note = [
    "#",
    "# FILTERED for Kreisportal search by scripts/buildSearchData.ts: only synsets (2–8 terms) with a term",
    "# that occurs in a LeiKa/OZG service name; register labels removed; terms marked veraltet, fachspr.,",
    "# schweiz., österr., derb etc. dropped (ugs. kept). This modified file stays under the LGPL-2.1-or-later.",
  ];
  await writeFile(path.join(out, "openthesaurus-catalog.txt"), [...header, ...note, ...kept].join("\n") + "\n");
  console.log(JSON.stringify({ compoundParts: words.size, prefixes: prefixes.size, exceptions: exceptions.length, thesaurusSets: kept.length }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
