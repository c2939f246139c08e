/**
 * XSD validation of XBau 2.6 messages with xmllint (libxml2 compiled to WebAssembly, no CLI needed).
 * The schemas are the unmodified release files in ./schemas plus a wrapper including the message schemas the
 * portal produces. Every error carries the line and the element path (/xbau:baugenehmigung.antrag.0200/...),
 * so staff can see where a message broke.
 */
import { readdirSync, readFileSync } from "node:fs";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";
import { rootPath } from "../../../platform/paths.js";

export const XBAU_SCHEMA_DIR = rootPath("src", "modules", "interop", "xbau", "schemas");
const ENTRY = "kreisportal-xbau-messages.xsd";

export interface XmlProblem {
  message: string;
  line: number | null;
  /** Element path of the failing element, e.g. /xbau:baugenehmigung.antrag.0200/nachrichtenkopf.g2g[1]/autor[1]. */
  path: string | null;
}
export interface ValidationResult {
  valid: boolean;
  errors: XmlProblem[];
}

const schemaCache = new Map<string, { entry: XMLFileInfo; preload: XMLFileInfo[] }>();

function schemas(dir = XBAU_SCHEMA_DIR) {
  const hit = schemaCache.get(dir);
  if (hit) return hit;
  const files = readdirSync(dir).filter((f) => f.endsWith(".xsd"));
  const all = files.map((f) => ({ fileName: f, contents: readFileSync(`${dir}/${f}`, "utf8") }));
  const loaded = { entry: all.find((f) => f.fileName === ENTRY)!, preload: all.filter((f) => f.fileName !== ENTRY) };
  schemaCache.set(dir, loaded);
  return loaded;
}

/** Validates one XBau message against the XBau 2.6 XSDs. Schema parser warnings are not errors. */
export async function validateXBau(xml: string): Promise<ValidationResult> {
  const { entry, preload } = schemas();
  const r = await validateXML({ xml: [{ fileName: "message.xml", contents: xml }], schema: [entry], preload });
  const errors = r.errors
    .filter((e) => !/parser warning/i.test(e.message))
    .map((e) => {
      const line = e.loc?.fileName === "message.xml" ? e.loc.lineNumber : null;
      const element = /Element '(?:\{[^}]*\})?([^']+)'/.exec(e.message)?.[1];
      return { message: e.message.replace(/^Schemas validity error : /, ""), line, path: line ? elementPath(xml, line, element) : null };
    });
  return { valid: r.valid && errors.length === 0, errors };
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^>]*?)?(\/?)>/g;

/**
 * The path of the element starting on `line` (the named one if several start there; otherwise the innermost
 * element open at that line), with 1-based positions among same-named siblings.
 */
export function elementPath(xml: string, line: number, localName?: string): string | null {
  const stack: Array<{ name: string; counts: Map<string, number>; step: string }> = [{ name: "", counts: new Map(), step: "" }];
  let lineNo = 1;
  let last = 0;
  let best: string | null = null;
  for (const m of xml.matchAll(TOKEN)) {
    for (let i = last; i < m.index; i++) if (xml.charCodeAt(i) === 10) lineNo++;
    last = m.index;
    if (lineNo > line) break;
    if (!m[2]) continue;
    if (m[1]) {
      stack.pop();
      continue;
    }
    const parent = stack[stack.length - 1]!;
    const n = (parent.counts.get(m[2]) ?? 0) + 1;
    parent.counts.set(m[2], n);
    const step = stack.length === 1 ? m[2] : `${m[2]}[${n}]`;
    const path = stack.map((s) => s.step).join("/") + "/" + step;
    if (lineNo === line && (!localName || m[2] === localName || m[2].endsWith(`:${localName}`))) best = path;
    if (!m[3]) stack.push({ name: m[2], counts: new Map(), step });
  }
  if (best) return best;
  return stack.length > 1 ? stack.map((s) => s.step).join("/") : null;
}
