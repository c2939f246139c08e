/**
 * Loads the search word lists shipped in data/search/ (built by scripts/buildSearchData.ts).
 * Read once per process; the catalogue's own vocabulary is added per index build.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { foldText } from "./fold.js";
import { Decompounder } from "./decompound.js";
import { rootPath } from "../../../platform/paths.js";

export const SEARCH_DATA_DIR = rootPath("data", "search");

const cache = new Map<string, string>();

/** The text of a file in data/search/. */
export function readSearchData(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(SEARCH_DATA_DIR, name), "utf8");
    cache.set(name, text);
  }
  return text;
}

const dataLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

/** Parts that the dictionaries contain but that split words wrongly far too often. */
const NOISY_PARTS = ["ung", "ungen", "heit", "keit", "lich", "isch", "chen", "lein", "ige", "igen", "iger", "ter", "ten", "tes", "ern", "ener", "ende", "enden", "ster", "nen"];

/** A decompounder with the shipped dictionaries. */
export function createDecompounder(extraWords: Iterable<string> = []): Decompounder {
  const d = new Decompounder();
  d.addWords(dataLines(readSearchData("compound-parts.txt")));
  d.addPrefixes(dataLines(readSearchData("compound-prefixes.txt")));
  for (const line of dataLines(readSearchData("compound-exceptions.txt"))) {
    const [word, flags] = line.split("/");
    const parts = foldText(word ?? "").replace(/ /g, "").split("|");
    const folded = parts.join("");
    const splits = (word ?? "").split("|").map((p) => foldText(p).replace(/ /g, ""));
    d.addException(folded, splits);
    if (flags?.includes("NS")) {
      d.addException(folded + "n", [...splits.slice(0, -1), splits[splits.length - 1] + "n"]);
      d.addException(folded + "s", [...splits.slice(0, -1), splits[splits.length - 1] + "s"]);
    }
  }
  d.addWords(extraWords);
  d.removeWords(NOISY_PARTS);
  return d;
}
