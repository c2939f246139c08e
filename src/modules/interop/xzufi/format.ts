/**
 * XZuFi-shaped catalogue exchange (element names after XZuFi 2.2 as far as known; no XSD is available
 * offline, so the check is well-formedness plus the rule set in rules.ts). One `xzufi:leistung` per service
 * with its LeiKa reference, the texts as `modulText` (LeiKa text module codes), fees/deadline/duration
 * modules, search terms (`modulBegriffImKontext`), online service and responsibility (`zustaendigkeit` →
 * `organisationseinheit`).
 */
import { el, opt, toXml, type Child, type Node } from "../xbau/xml.js";
import type { ServiceChanges } from "../../catalog/index.js";

export const XZUFI_NS = "http://xoev.de/schemata/xzufi/2_2_0";
export const LEIKA_LIST = { uri: "urn:de:fim:leika:leistung", textmodul: "urn:de:fim:leika:textmodul" };

/** LeiKa text modules (code list "LeiKa-Textmodule") used by the portal. */
export const TEXT_MODULES = { name: "01", fullText: "03", documents: "04", requirements: "05", fees: "06", processingTime: "08", deadlines: "09", forms: "16", legalBasis: "18", shortText: "19" } as const;

/** A service as exchanged: its key and name plus the catalogue's editable content fields. */
export type ExchangeService = { leikaKey: string; name: string } & Omit<ServiceChanges, "popularity">;
export interface ExchangeOffice {
  id: string;
  name: string;
}

const x = (name: string, content?: Parameters<typeof el>[1], attrs?: Record<string, string | undefined>) => el(`xzufi:${name}`, content, attrs);

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const html = (s: string) => s.replace(/[&<>]/g, (c) => ESC[c]!);
/** A list as the HTML that XZuFi text modules carry (`<ul><li>…</li></ul>`). */
export const listHtml = (items: readonly string[]) => `<ul>${items.map((i) => `<li>${html(i)}</li>`).join("")}</ul>`;

function textModule(codeValue: string, content: Child[] | string | null | undefined): Node | undefined {
  if (content === null || content === undefined || (typeof content === "string" && content === "")) return undefined;
  return x("modulText", [x("leikaTextmodul", [el("code", codeValue)], { listURI: LEIKA_LIST.textmodul }), ...(typeof content === "string" ? [x("inhalt", content, { languageCode: "de" })] : content)]);
}
const links = (items: ReadonlyArray<{ title: string; url?: string }>) => items.map((l) => x("weiterfuehrenderLink", [opt("xzufi:uri", l.url), x("titel", l.title)]));

export function serviceNode(s: ExchangeService, officeId: string | undefined): Node {
  return x("leistung", [
    x("id", s.leikaKey, { schemeAgencyID: "kreisportal" }),
    x("referenzLeiKa", [el("code", s.leikaKey)], { listURI: LEIKA_LIST.uri }),
    textModule(TEXT_MODULES.name, s.name),
    textModule(TEXT_MODULES.shortText, s.shortText),
    textModule(TEXT_MODULES.fullText, s.fullText),
    s.requirements.length > 0 && textModule(TEXT_MODULES.requirements, listHtml(s.requirements)),
    s.documents.length > 0 && textModule(TEXT_MODULES.documents, listHtml(s.documents)),
    textModule(TEXT_MODULES.fees, s.fees),
    textModule(TEXT_MODULES.processingTime, s.processingTime),
    textModule(TEXT_MODULES.deadlines, s.deadlines),
    s.legalBasis.length > 0 && textModule(TEXT_MODULES.legalBasis, links(s.legalBasis)),
    s.forms.length > 0 && textModule(TEXT_MODULES.forms, links(s.forms)),
    s.searchTerms.length > 0 && x("modulBegriffImKontext", s.searchTerms.map((t) => x("begriffImKontext", [x("begriff", t)]))),
    s.onlineService && x("modulOnlinedienst", [x("onlinedienst", [x("link", s.onlineService.url), opt("xzufi:vertrauensniveau", s.onlineService.trustLevel)])]),
    (s.taskCategory || s.department) && x("zustaendigkeit", [opt("xzufi:organisationseinheitID", officeId), opt("xzufi:aufgabenkategorie", s.taskCategory), opt("xzufi:abteilung", s.department)]),
  ]);
}

export function officeNode(o: ExchangeOffice): Node {
  return x("organisationseinheit", [x("id", o.id, { schemeAgencyID: "kreisportal" }), x("name", [x("name", o.name)])]);
}

/** The whole export document. */
export function exportDocument(services: readonly ExchangeService[], offices: ReadonlyMap<string, ExchangeOffice>, officeOf: (s: ExchangeService) => string | undefined, createdAt: Date): string {
  return toXml(
    x(
      "transfer.katalog",
      [
        x("nachrichtenkopf", [x("erstellungszeitpunkt", createdAt.toISOString()), x("autor", "Kreisportal")]),
        ...services.map((s) => serviceNode(s, officeOf(s))),
        ...[...offices.values()].map(officeNode),
      ],
      { "xmlns:xzufi": XZUFI_NS, version: "2.2.0" },
    ),
    { keepText: true },
  );
}
