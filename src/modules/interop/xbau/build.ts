/**
 * Builds XBau 2.6 messages of the building-permit process (baugenehmigung.*) from the portal's data.
 * Pure functions: the caller gathers the submission, its files and the case; validation is separate
 * (validate.ts) and always runs before a message is stored as sendable.
 */
import { randomUUID } from "node:crypto";
import { el, opt, toXml, type Child, type Node } from "./xml.js";

export const XBAU_NS = "http://www.xleitstelle.de/xbau/2/6";
export const PRODUCT = { produkt: "Kreisportal", produkthersteller: "Kreisportal-Projekt", produktversion: "1.0" };

/** The message types the portal produces, with their root element (code list xbau-nachrichten 4.0). */
export const MESSAGE_TYPES = {
  "0200": "baugenehmigung.antrag.0200",
  "0201": "baugenehmigung.formellePruefung.0201",
  "0202": "baugenehmigung.antragGeaendert.0202",
  "0205": "baugenehmigung.bescheid.0205",
  "0300": "beteiligung.aufforderung.0300",
} as const;
export type MessageType = keyof typeof MESSAGE_TYPES;

/** Code lists used (listURI, listVersionID) — the shipped genericode files in ../codelists. */
export const CODE_LISTS = {
  nachrichten: { uri: "urn:xoev-de:xbau:codeliste:xbau-nachrichten", version: "4.0" },
  anlagen: { uri: "urn:xoev-de:xbau:codeliste:anlagen", version: "3.0" },
  baumassnahmeart: { uri: "urn:xoev-de:xbau:codeliste:baumassnahmeart", version: "2.0" },
  formellebefundeart: { uri: "urn:xoev-de:xbau:codeliste:formellebefundeart", version: "2.0" },
  ags: { uri: "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags", version: "2026-06-30" },
  verzeichnisdienst: { uri: "urn:xoev-de:kosit:codeliste:verzeichnisdienst", version: "2" },
} as const;

/** The form's file fields → XBau code list "anlagen" 3.0. */
export const ATTACHMENT_KINDS: Record<string, string> = {
  lageplan: "1803",
  bauzeichnungen: "2000",
  baubeschreibung: "1500",
  standsicherheit: "2801",
  entwaesserung: "1806",
  abweichungsantrag: "0800",
};
/** The form's "vorhabenart" → code list baumassnahmeart 2.0. */
export const MEASURE_KINDS: Record<string, string> = { neubau: "11", umbau: "12", erweiterung: "12", nutzungsaenderung: "14", abbruch: "30" };

export interface Authority {
  /** Directory key (DVDV-like); the portal uses its own org unit keys, prefixed with "kreisportal:". */
  key: string;
  name: string;
}
export interface Attachment {
  fieldPath: string;
  label: string;
  fileId: string;
  filename: string;
  size: number;
  sha256: string | null;
  mediaType: string;
}
export interface Header {
  messageId?: string;
  createdAt: Date;
  author: Authority;
  reader: Authority;
}
export interface BuiltMessage {
  type: MessageType;
  messageId: string;
  xml: string;
}

/** An element in the XBau namespace (elements of xbau: types are qualified; those of XBau-Kernmodul types and the message head are not). */
const q = (name: string, content?: Parameters<typeof el>[1], attrs?: Record<string, string | undefined>) => el(`xbau:${name}`, content, attrs);
const qopt = (name: string, value: unknown) => opt(`xbau:${name}`, value);
const code = (name: string, list: { uri: string; version: string }, value: string) => el(name, [el("code", value)], { listURI: list.uri, listVersionID: list.version });

const qcode = (name: string, list: { uri: string; version: string }, value: string) => code(`xbau:${name}`, list, value);

function behoerde(name: string, a: Authority): Node {
  return el(name, [code("verzeichnisdienst", CODE_LISTS.verzeichnisdienst, "DVDV"), el("kennung", a.key), el("name", a.name)]);
}

function root(type: MessageType, h: Header, body: Array<Child>): BuiltMessage {
  const messageId = h.messageId ?? randomUUID();
  const head = el("nachrichtenkopf.g2g", [
    el("identifikation.nachricht", [el("nachrichtenUUID", messageId), code("nachrichtentyp", CODE_LISTS.nachrichten, type), el("erstellungszeitpunkt", h.createdAt.toISOString())]),
    behoerde("leser", h.reader),
    behoerde("autor", h.author),
  ]);
  const attrs = { "xmlns:xbau": XBAU_NS, ...PRODUCT, standard: "XBau-Hochbau", version: "2.6" };
  return { type, messageId, xml: toXml(el(`xbau:${MESSAGE_TYPES[type]}`, [head, ...body], attrs)) };
}

/** Splits "Bahnhofstraße 1, 75417 Mühlacker" into street and number, postcode, town (free text stays in zusatz otherwise). */
export function splitAddress(text: unknown): Node | undefined {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  const m = /^\s*(.+?)\s+(\d+\s*[a-zA-Z]?(?:\s*-\s*\d+)?)\s*,\s*(\d{5})\s+(.+?)\s*$/.exec(text);
  if (!m) return el("anschrift", [el("zusatz", text.trim())]);
  return el("anschrift", [el("strasse", m[1]!), el("hausnummer", m[2]!.replace(/\s+/g, "")), el("postleitzahl", m[3]!), el("ort", m[4]!)]);
}

function person(name: unknown, address: unknown, email: unknown, phone: unknown): Node {
  const full = typeof name === "string" ? name.trim() : "";
  const cut = full.lastIndexOf(" ");
  const given = cut > 0 ? full.slice(0, cut) : "";
  const family = cut > 0 ? full.slice(cut + 1) : full;
  return el("natuerlichePerson", [
    el("name", [el("familienname", [el("name", family || "unbekannt")]), given && el("vorname", [el("name", given)])]),
    splitAddress(address),
    typeof email === "string" && email && el("kommunikation", [code("kanal", { uri: "urn:de:xoev:codeliste:erreichbarkeit", version: "3" }, "01"), el("kennung", email)]),
    typeof phone === "string" && phone && el("kommunikation", [code("kanal", { uri: "urn:de:xoev:codeliste:erreichbarkeit", version: "3" }, "02"), el("kennung", phone)]),
  ]);
}

function organisation(firm: unknown, contact: unknown, address: unknown, email: unknown): Node {
  return el("organisation", [
    el("name", [el("name", String(firm))]),
    splitAddress(address),
    typeof email === "string" && email && el("kommunikation", [code("kanal", { uri: "urn:de:xoev:codeliste:erreichbarkeit", version: "3" }, "01"), el("kennung", email)]),
    typeof contact === "string" && contact && el("vertreter", [el("familienname", [el("name", contact)])]),
  ]);
}

function attachments(files: readonly Attachment[], createdAt: Date): Node | undefined {
  if (files.length === 0) return undefined;
  return q(
    "anlagen",
    files.map((f) => {
      const kind = ATTACHMENT_KINDS[f.fieldPath.replace(/^\//, "").split("/")[0]!];
      return el("anlage", [
        el("bezeichnung", f.label),
        el("versionsnummer", 1),
        el("datum", createdAt.toISOString().slice(0, 10)),
        kind && code("anlageart", CODE_LISTS.anlagen, kind),
        el("anhangOderVerlinkung", [el("anhang", [el("dokumentid", `urn:uuid:${f.fileId}`), el("dateiname", f.filename)], { filesize: f.size > 0 ? String(f.size) : undefined, hashValue: f.sha256 ?? undefined })]),
      ]);
    }),
  );
}

/** A text as XBau-Kernmodul Text: one textabsatz per non-empty line. */
const paragraphs = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => el("textabsatz", l));

const bezug = (caseReference: string, antragMessageId: string | undefined) =>
  q("bezug", [antragMessageId && el("referenz", antragMessageId), el("vorgang", caseReference)]);

export interface AntragInput extends Header {
  /** The submission's id (a UUID: XBau's reference of the application service). */
  submissionId: string;
  answers: Record<string, unknown>;
  files: readonly Attachment[];
}

/** baugenehmigung.antrag.0200 from the answers of the form "bauantrag" and its uploaded files. */
export function buildAntrag0200(input: AntragInput): BuiltMessage {
  const a = input.answers;
  const owners = Array.isArray(a.bauherren) ? (a.bauherren as Array<Record<string, unknown>>) : [];
  const first = owners[0] ?? {};
  const applicant = q("antragsteller", [first.art === "firma" || first.firma ? organisation(first.firma ?? first.name, first.name, first.anschrift, first.email) : person(first.name, first.anschrift, first.email, first.telefon)]);
  const plot = (a.grundstueck ?? {}) as Record<string, unknown>;
  const measure = MEASURE_KINDS[String(a.vorhabenart ?? "")];
  const bauvorhaben = q("bauvorhaben", [
    qopt("bezeichnungDesBauvorhabens", a.bezeichnung),
    q("gegenstand", [measure && qcode("artDerMassnahme", CODE_LISTS.baumassnahmeart, measure)]),
    q("verortung", [q("baugrundstueck", [
      q("grundstueck", [
        q("anschrift", [opt("strasseHausnummer", plot.strasse), typeof a.gemeinde === "string" && qcode("gemeindeschluessel", CODE_LISTS.ags, a.gemeinde)]),
      ]),
    ])]),
    qopt("weitereAngaben", [a.beschreibung, plot.gemarkung && `Gemarkung ${plot.gemarkung}`, plot.flurstuecke && `Flurstücke ${plot.flurstuecke}`, a.bebauungsplanName && `Bebauungsplan ${a.bebauungsplanName}`].filter(Boolean).join("; ")),
  ]);
  return root("0200", input, [q("referenzAntragsservice", [el("referenzAntragsservice", input.submissionId)]), applicant, q("prozessmerkmale", [q("absehenNachbarbeteiligungBeantragt", a.angrenzer === false)]), bauvorhaben, attachments(input.files, input.createdAt)]);
}

export interface FormalCheckInput extends Header {
  caseReference: string;
  antragMessageId?: string;
  complete: boolean;
  /** Nachforderung: what is missing (code list formellebefundeart 2.0, "05" = Bauvorlage fehlt) and until when. */
  findings?: Array<{ kind: string; text: string }>;
  deadline?: string;
  letter?: string;
}

/** baugenehmigung.formellePruefung.0201: complete, or a Nachforderung with findings and deadline. */
export function buildFormalCheck0201(input: FormalCheckInput): BuiltMessage {
  const findings = input.findings ?? [];
  return root("0201", input, [
    bezug(input.caseReference, input.antragMessageId),
    q("antragVollstaendig", input.complete),
    !input.complete && q("befundFrist", [q("befundliste", findings.map((f) => q("befund", [qcode("artDesBefundes", CODE_LISTS.formellebefundeart, f.kind), q("beschreibung", paragraphs(f.text))]))), qopt("frist", input.deadline)]),
    input.letter && q("anschreiben", paragraphs(input.letter)),
  ]);
}

export interface ChangedInput extends Header {
  caseReference: string;
  antragMessageId?: string;
  files: readonly Attachment[];
}

/** baugenehmigung.antragGeaendert.0202: the documents the applicant supplied after the Nachforderung. */
export function buildChanged0202(input: ChangedInput): BuiltMessage {
  return root("0202", input, [bezug(input.caseReference, input.antragMessageId), attachments(input.files, input.createdAt)]);
}

export interface NoticeInput extends Header {
  caseReference: string;
  antragMessageId?: string;
  approved: boolean;
  title: string;
  notice?: Attachment;
}

/** baugenehmigung.bescheid.0205: the decision and the notice document. */
export function buildNotice0205(input: NoticeInput): BuiltMessage {
  return root("0205", input, [
    bezug(input.caseReference, input.antragMessageId),
    q("bescheid", [q("tenor", [q("istGenehmigung", input.approved)])]),
    input.notice && attachments([input.notice], input.createdAt),
  ]);
}

export interface ParticipationInput extends Header {
  caseReference: string;
  antragMessageId?: string;
  /** The agency's directory key (its org unit key). */
  agencyKey: string;
  /** What the agency is asked for (the participation step's label). */
  subject: string;
  deadline?: string;
}

/** beteiligung.aufforderung.0300: the building authority asks an agency (or the municipality) for its statement. */
export function buildParticipation0300(input: ParticipationInput): BuiltMessage {
  return root("0300", input, [
    bezug(input.caseReference, input.antragMessageId),
    q("zuBeteiligendeStelle", input.agencyKey),
    qopt("frist", input.deadline),
    q("rechtsfolgeFristversaeumnis", paragraphs(`${input.subject}: Äußert sich die Stelle nicht fristgerecht, kann die Baurechtsbehörde davon ausgehen, dass keine Bedenken bestehen.`)),
  ]);
}
