/**
 * The shipped XBau code lists (genericode, ./codelists): every code a produced message uses from them must be
 * in the list version it names. Lists not shipped (AGS, Erreichbarkeit, Verzeichnisdienst) are not checked here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { codeEntries, parseGenericode } from "../../forms/index.js";
import { rootPath } from "../../../platform/paths.js";
import type { XmlProblem } from "./validate.js";
import { elementPath } from "./validate.js";

export const XBAU_CODELIST_DIR = rootPath("src", "modules", "interop", "xbau", "codelists");

const cache = new Map<string, Map<string, Set<string>>>();

/** listURI_version → codes, read once. */
export function shippedCodeLists(dir = XBAU_CODELIST_DIR): Map<string, Set<string>> {
  const hit = cache.get(dir);
  if (hit) return hit;
  const lists = new Map<string, Set<string>>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".xml"))) {
    const list = parseGenericode(readFileSync(`${dir}/${f}`, "utf8"));
    lists.set(`${list.canonicalUri}|${list.version}`, new Set(codeEntries(list).entries.map((e) => e.value)));
  }
  cache.set(dir, lists);
  return lists;
}

const CODED = /<([\w.:-]+) listURI="([^"]+)" listVersionID="([^"]+)">\s*<code>([^<]*)<\/code>/g;

/** Codes of shipped lists that are not in them, with the element's path. */
export function checkCodes(xml: string): XmlProblem[] {
  const lists = shippedCodeLists();
  const problems: XmlProblem[] = [];
  for (const m of xml.matchAll(CODED)) {
    const codes = lists.get(`${m[2]}|${m[3]}`);
    if (!codes || codes.has(m[4]!)) continue;
    const line = xml.slice(0, m.index).split("\n").length;
    problems.push({ message: `Code „${m[4]}“ steht nicht in der Codeliste ${m[2]} ${m[3]}`, line, path: elementPath(xml, line, m[1]!.replace(/^.*:/, "")) });
  }
  return problems;
}
