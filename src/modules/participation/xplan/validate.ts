/**
 * XSD validation of XPlanGML 6.0 plans with xmllint (libxml2 as WebAssembly), like the XBau check in the
 * interop module. The schemas are the unmodified XPlanGML 6.0.2 files in data/xplanung (see its SOURCE.txt);
 * the entry is XPlanung-Operationen.xsd, which declares the XPlanAuszug root. Its import of the remote WFS
 * schema cannot be loaded offline and is reported as a parser warning only, so warnings are dropped.
 */
import { readFileSync } from "node:fs";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";
import { rootPath } from "../../../platform/paths.js";
import { checkXPlanRules, type XPlanRule } from "./rules.js";

export const XPLAN_DIR = rootPath("data", "xplanung");
const ENTRY = "XPlanGML_6_0/XPlanung-Operationen.xsd";
const FILES = [
  ENTRY,
  "XPlanGML_6_0/XPlanGML.xsd",
  "XPlanGML_6_0/XPlanGML_Basisschema.xsd",
  "XPlanGML_6_0/XPlanGML_BPlan.xsd",
  "XPlanGML_6_0/XPlanGML_FPlan.xsd",
  "XPlanGML_6_0/XPlanGML_LPlan_Kernmodell.xsd",
  "XPlanGML_6_0/XPlanGML_Raumordnungsplan.xsd",
  "XPlanGML_6_0/XPlanGML_SonstigePlanwerke.xsd",
  "XPlanGML_6_0/GmlProfile/gmlProfilexplan.xsd",
  "xlink/xlink.xsd",
  "xlink/xml.xsd",
];
const DOC = "plan.gml";

export interface XPlanProblem {
  /** The XSD validator's text (English, from libxml2); empty for a rule of rules.ts, which the page translates. */
  message: string;
  line: number | null;
  rule?: XPlanRule;
  id?: string;
  params?: Record<string, string | number>;
}

/**
 * Rules of the content (references, plan ↔ Bereich ↔ content) make a plan invalid; geometric findings are warnings
 * shown to staff next to the published plan (real plans often carry them, and the plan is still worth showing).
 */
const GEOMETRIC = new Set<XPlanRule>(["ringPositions", "ringOpen", "ringSelfIntersection", "ringOrientation", "outsideArea"]);

/** Reads the schema files (once per call site; the caller keeps nothing global — 1.1 MB read in ~5 ms). */
function schemas(dir: string): { entry: XMLFileInfo; preload: XMLFileInfo[] } {
  const all = FILES.map((f) => ({ fileName: f, contents: readFileSync(`${dir}/${f}`, "utf8") }));
  return { entry: all[0]!, preload: all.slice(1) };
}

/**
 * Validates one XPlanGML document against XPlanGML 6.0.2 and, when the XSD holds, the rules of rules.ts;
 * problems carry the line in the uploaded file.
 */
export async function validateXPlan(xml: string, dir = XPLAN_DIR): Promise<{ valid: boolean; errors: XPlanProblem[]; warnings: XPlanProblem[] }> {
  const { entry, preload } = schemas(dir);
  const r = await validateXML({ xml: [{ fileName: DOC, contents: xml }], schema: [entry], preload });
  const errors = r.errors
    .filter((e) => !/parser warning|^warning:/i.test(e.rawMessage) && !/parser warning/i.test(e.message))
    .map((e) => ({
      message: e.message.replace(/^Schemas validity error : /, "").replace(/\{http:\/\/www\.xplanung\.de\/xplangml\/6\/0\}/g, "xplan:").replace(/\{http:\/\/www\.opengis\.net\/gml\/3\.2\}/g, "gml:"),
      line: e.loc?.fileName === DOC && Number.isFinite(e.loc.lineNumber) ? e.loc.lineNumber : null,
    }));
  if (!r.valid || errors.length) return { valid: false, errors, warnings: [] };
  const found = checkXPlanRules(xml).map((p) => ({ message: "", ...p }));
  const ruleErrors = found.filter((p) => !GEOMETRIC.has(p.rule));
  return { valid: ruleErrors.length === 0, errors: ruleErrors, warnings: found.filter((p) => GEOMETRIC.has(p.rule)) };
}
