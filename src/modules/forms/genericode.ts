/**
 * OASIS genericode 1.0 code lists (as published in the XRepository) for the XDatenfelder import: a small
 * parser (`<gc:CodeList>`: Identification, ColumnSet with Column/Key, SimpleCodeList/Row/Value) and a
 * local store (`data/codelists/`) that resolves a reference by canonical URI and version. Used only at
 * import time; the imported form definition carries the values itself.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { CodeEntry } from "./definition.js";
import { parseXml, type XmlElement } from "./xml.js";
import { rootPath } from "../../platform/paths.js";

export const CODELISTS_DIR = rootPath("data", "codelists");
export const GENERICODE_NS = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

export class GenericodeError extends Error {}

export interface GenericodeColumn {
  id: string;
  shortName: string;
  /** `Data/@Lang`, e.g. "de-DE". */
  lang?: string;
  required: boolean;
}

export interface GenericodeList {
  shortName: string;
  canonicalUri: string;
  version: string;
  canonicalVersionUri: string;
  columns: GenericodeColumn[];
  /** Keys in document order: id and the columns they consist of; `recommended` = XÖV's recommendedKeyColumn. */
  keys: Array<{ id: string; columns: string[]; recommended: boolean }>;
  /** Rows as column id → simple value. */
  rows: Array<Record<string, string>>;
}

const child = (el: XmlElement | undefined, local: string) => el?.children.find((c) => c.local === local);
const children = (el: XmlElement | undefined, local: string) => el?.children.filter((c) => c.local === local) ?? [];
const text = (el: XmlElement | undefined) => (el?.text ?? "").trim();
const hasDescendant = (el: XmlElement, local: string): boolean => el.children.some((c) => c.local === local || hasDescendant(c, local));

/** Parses a genericode 1.0 `<gc:CodeList>` document (throws GenericodeError with a German reason). */
export function parseGenericode(xml: string): GenericodeList {
  const root = parseXml(xml);
  if (root.local !== "CodeList") throw new GenericodeError(`kein genericode-Dokument: Wurzelelement <${root.name}>`);
  const ident = child(root, "Identification");
  const canonicalUri = text(child(ident, "CanonicalUri"));
  const version = text(child(ident, "Version"));
  if (!canonicalUri || !version) throw new GenericodeError("genericode ohne Identification/CanonicalUri oder Version");
  const canonicalVersionUri = text(child(ident, "CanonicalVersionUri")) || `${canonicalUri}_${version}`;
  const set = child(root, "ColumnSet");
  const columns: GenericodeColumn[] = children(set, "Column").map((c) => {
    const lang = child(c, "Data")?.attrs.Lang;
    return { id: c.attrs.Id ?? "", shortName: text(child(c, "ShortName")) || (c.attrs.Id ?? ""), ...(lang ? { lang } : {}), required: c.attrs.Use === "required" };
  });
  if (!columns.length || columns.some((c) => !c.id)) throw new GenericodeError(`${canonicalVersionUri}: ColumnSet ohne Spalten oder Spalte ohne Id`);
  const ids = new Set(columns.map((c) => c.id));
  const keys = children(set, "Key").map((k) => ({ id: k.attrs.Id ?? "", columns: children(k, "ColumnRef").map((r) => r.attrs.Ref ?? ""), recommended: hasDescendant(k, "recommendedKeyColumn") }));
  for (const k of keys) if (k.columns.some((c) => !ids.has(c))) throw new GenericodeError(`${canonicalVersionUri}: Schlüssel ${k.id} verweist auf unbekannte Spalte`);
  const list = child(root, "SimpleCodeList");
  if (!list) throw new GenericodeError(`${canonicalVersionUri}: keine SimpleCodeList`);
  const rows = children(list, "Row").map((row) => {
    const out: Record<string, string> = {};
    // A Value without ColumnRef is the column after the previous value's (genericode 1.0, 3.4.2).
    let next = 0;
    for (const v of children(row, "Value")) {
      const ref = v.attrs.ColumnRef;
      const at = ref !== undefined ? columns.findIndex((c) => c.id === ref) : next;
      if (at < 0 || at >= columns.length) throw new GenericodeError(`${canonicalVersionUri}: Wert für unbekannte Spalte ${ref ?? next}`);
      const simple = child(v, "SimpleValue");
      if (simple) out[columns[at]!.id] = text(simple);
      next = at + 1;
    }
    return out;
  });
  return { shortName: text(child(ident, "ShortName")) || canonicalUri, canonicalUri, version, canonicalVersionUri, columns, keys, rows };
}

/** The column a key name or column name stands for (XDatenfelder 3 `codeKey`/`nameKey` may name either). */
function columnFor(list: GenericodeList, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const key = list.keys.find((k) => k.id === name && k.columns.length === 1);
  if (key) return key.columns[0];
  return list.columns.find((c) => c.id === name || c.shortName === name)?.id;
}

const LABEL_NAME = /name|bezeichnung|beschreibung|description|wert|text/i;

/**
 * The list as select entries. Value column: `codeKey` if given, else the single-column key marked
 * recommended, else the first single-column key, else the first column. Label column: `nameKey` if given,
 * else the first German-language column, else the first column whose name says name/description,
 * else the next column after the value column. Rows without a value are skipped; duplicates keep the first.
 */
export function codeEntries(list: GenericodeList, opts: { codeKey?: string; nameKey?: string } = {}): { entries: CodeEntry[]; valueColumn: string; labelColumn: string } {
  const single = list.keys.filter((k) => k.columns.length === 1);
  const valueColumn = columnFor(list, opts.codeKey) ?? (single.find((k) => k.recommended) ?? single[0])?.columns[0] ?? list.columns[0]!.id;
  const others = list.columns.filter((c) => c.id !== valueColumn);
  const labelColumn =
    columnFor(list, opts.nameKey) ??
    others.find((c) => c.lang?.toLowerCase().startsWith("de"))?.id ??
    others.find((c) => LABEL_NAME.test(c.id) || LABEL_NAME.test(c.shortName))?.id ??
    others[0]?.id ??
    valueColumn;
  const seen = new Set<string>();
  const entries: CodeEntry[] = [];
  for (const row of list.rows) {
    const value = row[valueColumn];
    if (!value || seen.has(value)) continue;
    seen.add(value);
    entries.push({ value, label: row[labelColumn] || value });
  }
  return { entries, valueColumn, labelColumn };
}

/** Compares versions segment by segment, numbers numerically ("4.1" > "3", "2024-08-01" > "2017-01-01"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[^0-9A-Za-z]+/);
  const pb = b.split(/[^0-9A-Za-z]+/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}

/** A lookup result: the list, and whether it is the requested version or the newest one in the store instead. */
export interface ResolvedCodeList {
  list: GenericodeList;
  exact: boolean;
}

/** Code lists by canonical URI; resolves a reference to the requested version or falls back to the newest. */
export class CodeListStore {
  private byUri = new Map<string, GenericodeList[]>();

  constructor(lists: GenericodeList[] = []) {
    for (const l of lists) this.add(l);
  }

  add(list: GenericodeList): void {
    const all = this.byUri.get(list.canonicalUri) ?? [];
    if (all.some((l) => l.version === list.version)) throw new GenericodeError(`${list.canonicalVersionUri} doppelt im Codelisten-Verzeichnis`);
    all.push(list);
    all.sort((a, b) => compareVersions(b.version, a.version));
    this.byUri.set(list.canonicalUri, all);
  }

  get size(): number {
    return [...this.byUri.values()].reduce((n, l) => n + l.length, 0);
  }

  /** By canonical URI and version; a canonical version URI alone (`…_2`) is also understood. */
  resolve(ref: { canonicalUri?: string; version?: string; canonicalVersionUri?: string }): ResolvedCodeList | undefined {
    let uri = ref.canonicalUri;
    let version = ref.version;
    if (!uri && ref.canonicalVersionUri) {
      for (const [u, lists] of this.byUri) {
        const hit = lists.find((l) => l.canonicalVersionUri === ref.canonicalVersionUri);
        if (hit) return { list: hit, exact: true };
        if (ref.canonicalVersionUri.startsWith(`${u}_`)) {
          uri = u;
          version = ref.canonicalVersionUri.slice(u.length + 1);
        }
      }
    }
    const lists = uri ? this.byUri.get(uri) : undefined;
    if (!lists?.length) return undefined;
    const exact = lists.find((l) => l.version === version || (ref.canonicalVersionUri !== undefined && l.canonicalVersionUri === ref.canonicalVersionUri));
    return exact ? { list: exact, exact: true } : { list: lists[0]!, exact: false };
  }
}

/** Reads every `*.xml`/`*.gc` genericode file of a folder (default `data/codelists/`) into a store. */
export async function readCodeListStore(dir = CODELISTS_DIR): Promise<CodeListStore> {
  const files = (await readdir(dir)).filter((f) => /\.(xml|gc)$/i.test(f)).sort();
  const store = new CodeListStore();
  for (const f of files) {
    try {
      store.add(parseGenericode(await readFile(path.join(dir, f), "utf8")));
    } catch (err) {
      throw new GenericodeError(`${f}: ${(err as Error).message}`);
    }
  }
  return store;
}
