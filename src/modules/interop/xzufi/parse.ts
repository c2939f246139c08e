import { isLeikaKey } from "../../../platform/keys.js";
/**
 * Reading an XZuFi-shaped catalogue file (the export's structure) item by item, with the portal's rule set:
 * every `leistung` needs an id, a 14-digit LeiKa reference equal to the id, a name (text module 01), no
 * duplicate ids, links with http(s) URIs, and text without broken encoding (U+FFFD, control characters).
 * A broken item is refused with its reasons; the others are read.
 */
import { parseXml, XmlError, type XmlElement } from "../../forms/index.js";
import { TEXT_MODULES, XZUFI_NS, type ExchangeService } from "./format.js";

export interface ItemRefusal {
  index: number;
  leikaKey: string | null;
  reasons: string[];
}
export interface ParsedCatalogue {
  services: ExchangeService[];
  refused: ItemRefusal[];
}

export class XZuFiFileError extends Error {}

const kids = (e: XmlElement | undefined, local: string) => (e ? e.children.filter((c) => c.local === local) : []);
const kid = (e: XmlElement | undefined, local: string) => kids(e, local)[0];
const textOf = (e: XmlElement | undefined) => (e ? e.text : "");
// Replacement characters (a file decoded with the wrong charset) and C0 controls other than tab/newline.
// eslint-disable-next-line no-control-regex
const BROKEN = /\ufffd|[\u0000-\u0008\u000b\u000c\u000e-\u001f]|Ã[\u0080-\u00bf¤¶¼]/;

const UNESC: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };
const unhtml = (s: string) => s.replace(/&(amp|lt|gt);/g, (m) => UNESC[m]!);
export const listFromHtml = (s: string) => [...s.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => unhtml(m[1]!));

export function parseCatalogue(xml: string): ParsedCatalogue {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    throw new XZuFiFileError(`Die Datei ist kein wohlgeformtes XML: ${(err as XmlError).message}`);
  }
  if (root.local !== "transfer.katalog" || (root.name.includes(":") && !xml.includes(XZUFI_NS))) throw new XZuFiFileError("Kein XZuFi-Katalog (Wurzelelement xzufi:transfer.katalog erwartet)");
  const services: ExchangeService[] = [];
  const refused: ItemRefusal[] = [];
  const seen = new Set<string>();
  kids(root, "leistung").forEach((item, index) => {
    const reasons: string[] = [];
    const id = textOf(kid(item, "id")).trim();
    const leika = textOf(kid(kid(item, "referenzLeiKa"), "code")).trim();
    if (!isLeikaKey(leika)) reasons.push("LeiKa-Schlüssel fehlt oder ist nicht 14-stellig");
    if (id !== leika) reasons.push("id und referenzLeiKa stimmen nicht überein");
    if (seen.has(leika)) reasons.push("Leistung doppelt in der Datei");
    const modules = new Map<string, XmlElement>();
    for (const m of kids(item, "modulText")) modules.set(textOf(kid(kid(m, "leikaTextmodul"), "code")).trim(), m);
    const text = (code: string) => {
      const v = textOf(kid(modules.get(code), "inhalt"));
      return v === "" ? null : v;
    };
    const linksOf = (code: string) => kids(modules.get(code), "weiterfuehrenderLink").map((l) => ({ title: textOf(kid(l, "titel")), url: textOf(kid(l, "uri")) || undefined }));
    const name = text(TEXT_MODULES.name);
    if (!name) reasons.push("Leistungsbezeichnung (Textmodul 01) fehlt");
    const legalBasis = linksOf(TEXT_MODULES.legalBasis);
    const forms = linksOf(TEXT_MODULES.forms).map((l) => ({ title: l.title, url: l.url ?? "" }));
    for (const l of [...legalBasis, ...forms]) if (l.url && !/^https?:\/\//.test(l.url)) reasons.push(`Link ohne http(s): ${l.url.slice(0, 80)}`);
    const online = kid(kid(item, "modulOnlinedienst"), "onlinedienst");
    const resp = kid(item, "zustaendigkeit");
    const s: ExchangeService = {
      leikaKey: leika,
      name: name ?? "",
      shortText: text(TEXT_MODULES.shortText),
      fullText: text(TEXT_MODULES.fullText),
      requirements: listFromHtml(text(TEXT_MODULES.requirements) ?? ""),
      documents: listFromHtml(text(TEXT_MODULES.documents) ?? ""),
      fees: text(TEXT_MODULES.fees),
      deadlines: text(TEXT_MODULES.deadlines),
      processingTime: text(TEXT_MODULES.processingTime),
      legalBasis,
      forms,
      onlineService: online ? { url: textOf(kid(online, "link")), ...(kid(online, "vertrauensniveau") ? { trustLevel: textOf(kid(online, "vertrauensniveau")) } : {}) } : null,
      searchTerms: kids(kid(item, "modulBegriffImKontext"), "begriffImKontext").map((b) => textOf(kid(b, "begriff"))),
      taskCategory: textOf(kid(resp, "aufgabenkategorie")) || null,
      department: textOf(kid(resp, "abteilung")) || null,
    };
    if (BROKEN.test(JSON.stringify(s))) reasons.push("Text mit kaputter Zeichenkodierung (z. B. � oder Steuerzeichen)");
    if (reasons.length > 0) refused.push({ index: index + 1, leikaKey: leika || null, reasons });
    else {
      seen.add(leika);
      services.push(s);
    }
  });
  return { services, refused };
}
