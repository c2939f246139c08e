/**
 * How road works leave the module: GeoJSON features, the iCalendar feed, the DATEX II v3 situation
 * publication, the order PDF and short texts for pages.
 */
import ical from "ical-generator";
import { formatEuro } from "../../platform/i18n/format.js";
import type { Translate } from "../../platform/i18n/index.js";
import { renderPdf, type PdfBlock, type PdfLine } from "../../platform/pdf/renderPdf.js";
import type { RoadGeometry } from "./db.js";
import { daysOf } from "./rules.js";
import type { ConsentRow, RoadworkRow } from "./queries.js";
import type { PartyMailWork } from "./commands/partyAnswers.js";
import type { ChangeMail } from "./commands/changeAnswers.js";

export const euro = (cents: number) => formatEuro(cents, "de");

/** "48.95120, 8.84100; …" (latitude first, as people read maps). */
export function coordinatesText(g: RoadGeometry | null): string {
  if (!g) return "";
  const pts = g.type === "Point" ? [g.coordinates] : g.type === "LineString" ? g.coordinates : g.coordinates[0]!;
  const shown = pts.slice(0, 6).map(([lon, lat]) => `${lat.toFixed(5)}, ${lon.toFixed(5)}`);
  return shown.join("; ") + (pts.length > 6 ? " …" : "");
}

export const locationText = (r: { road_name: string; house_from: string; house_to: string; municipality: string }) =>
  `${r.road_name}${r.house_from ? ` ${r.house_from}${r.house_to ? `–${r.house_to}` : ""}` : ""}, ${r.municipality}`;

/** The iCalendar feed: one all-day event per road work from start to end (inclusive). */
export function icsFeed(rows: RoadworkRow[], t: Translate, publicUrl: string, county: string): string {
  const cal = ical({ name: `${t("roadworks.public.title")} – ${county}`, prodId: { company: "Kreisportal", product: "Baustellen", language: "DE" } });
  for (const r of rows) {
    const end = new Date(`${r.end_date}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    cal.createEvent({
      id: `${r.id}@kreisportal`,
      start: new Date(`${r.start_date}T00:00:00Z`),
      end,
      allDay: true,
      summary: `${t(`roadworks.closure.${r.closure}`)}: ${r.title}`,
      location: locationText(r),
      description: `${t("roadworks.field.period")}: ${t("roadworks.field.periodValue", { start: r.start_date, end: r.end_date, from: r.daily_from, to: r.daily_to })}`,
      url: `${publicUrl}/baustellen/${r.id}`,
    });
  }
  return cal.toString();
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** DATEX II closure mapping (docs/modules/roadworks.md): our closure kind → roadOrCarriagewayOrLaneManagementType. */
export const DATEX_MANAGEMENT: Record<RoadworkRow["closure"], string> = {
  full: "roadClosed",
  half: "laneClosures",
  signals: "singleAlternateLineTraffic",
  footway: "other",
};

function centre(g: RoadGeometry): [number, number] {
  const pts = g.type === "Point" ? [g.coordinates] : g.type === "LineString" ? g.coordinates : g.coordinates[0]!;
  const lon = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return [lon, lat];
}

/** A DATEX II v3 SituationPublication: per road work a situation with a MaintenanceWorks and a RoadOrCarriagewayOrLaneManagement record. */
export function datexFeed(rows: RoadworkRow[], now: Date): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload" xmlns:com="http://datex2.eu/schema/3/common" xmlns:sit="http://datex2.eu/schema/3/situation" xmlns:loc="http://datex2.eu/schema/3/locationReferencing" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="sit:SituationPublication" lang="de" modelBaseVersion="3">`,
    `<com:publicationTime>${now.toISOString()}</com:publicationTime>`,
    `<com:publicationCreator><com:country>DE</com:country><com:nationalIdentifier>kreisportal</com:nationalIdentifier></com:publicationCreator>`,
  ];
  for (const r of rows) {
    const [lon, lat] = centre(r.geometry);
    const version = (r.ordered_at ?? r.submitted_at).toISOString();
    const common = (kind: string, suffix: string) =>
      `<sit:situationRecord xsi:type="sit:${kind}" id="${r.id}-${suffix}" version="1">` +
      `<sit:situationRecordCreationTime>${r.submitted_at.toISOString()}</sit:situationRecordCreationTime>` +
      `<sit:situationRecordVersionTime>${version}</sit:situationRecordVersionTime>` +
      `<sit:probabilityOfOccurrence>certain</sit:probabilityOfOccurrence>` +
      `<sit:validity><com:validityStatus>definedByValidityTimeSpec</com:validityStatus><com:validityTimeSpecification><com:overallStartTime>${r.start_date}T${r.daily_from === "24:00" ? "00:00" : r.daily_from}:00+01:00</com:overallStartTime><com:overallEndTime>${r.end_date}T${r.daily_to === "24:00" ? "23:59" : r.daily_to}:00+01:00</com:overallEndTime></com:validityTimeSpecification></sit:validity>` +
      `<sit:generalPublicComment><com:comment><com:values><com:value lang="de">${xml(`${r.title} – ${locationText(r)}`)}</com:value></com:values></com:comment></sit:generalPublicComment>` +
      `<sit:locationReference xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates><loc:latitude>${lat.toFixed(6)}</loc:latitude><loc:longitude>${lon.toFixed(6)}</loc:longitude></loc:pointCoordinates></loc:pointByCoordinates></sit:locationReference>`;
    out.push(
      `<sit:situation id="${r.id}" version="1"><sit:overallSeverity>${r.closure === "full" ? "high" : "low"}</sit:overallSeverity>`,
      `${common("MaintenanceWorks", "works")}<sit:roadMaintenanceType>roadworks</sit:roadMaintenanceType></sit:situationRecord>`,
      `${common("RoadOrCarriagewayOrLaneManagement", "management")}<sit:roadOrCarriagewayOrLaneManagementType>${DATEX_MANAGEMENT[r.closure]}</sit:roadOrCarriagewayOrLaneManagementType></sit:situationRecord>`,
      `</sit:situation>`,
    );
  }
  out.push(`</d2:payload>`);
  return out.join("\n");
}

/** The order (Anordnung) as PDF/A: the work, the period, the closure, the detour and every condition of the consents. */
export function orderPdf(r: RoadworkRow, consents: ConsentRow[], t: Translate, opts: { company: string; signPlanName?: string; /** The special use's road owner, when one is applied for. */ roadOwner?: string }): Buffer {
  const conditions = consents.filter((c) => c.condition !== "").map((c) => `${t(`roadworks.party.${c.party}`)}: ${c.condition}`);
  const blocks: PdfBlock[] = [
    { kind: "title", text: t("roadworks.order.title"), subtitle: `${t("roadworks.field.reference")} ${r.reference}` },
    { text: t("roadworks.order.legal"), gap: 6 },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.field.title"), value: r.title },
        { label: t("roadworks.field.location"), value: locationText(r) },
        { label: t("roadworks.field.roadClass"), value: t(`roadworks.roadClass.${r.road_class}`) },
        { label: t("roadworks.field.period"), value: t("roadworks.field.periodValue", { start: r.start_date, end: r.end_date, from: r.daily_from, to: r.daily_to }) },
        { label: t("roadworks.field.closure"), value: t(`roadworks.closure.${r.closure}`) },
        { label: t("roadworks.field.lanes"), value: String(r.lanes) },
        { label: t("roadworks.field.rsaPlan"), value: r.rsa_plan },
        { label: t("roadworks.field.coordinates"), value: coordinatesText(r.geometry) },
        { label: t("roadworks.field.detour"), value: r.detour ? coordinatesText(r.detour) : t("roadworks.field.noDetour") },
        { label: t("roadworks.staff.company"), value: opts.company },
        { label: t("roadworks.field.contractor"), value: r.contractor },
        { label: t("roadworks.field.client"), value: r.client },
        { label: t("roadworks.field.siteManager"), value: `${r.site_manager}, ${r.site_phone}` },
        { label: t("roadworks.field.fee"), value: euro(r.fee_cents) },
        { label: t("roadworks.field.authority"), value: r.authority_name },
        ...(opts.roadOwner ? [{ label: t("roadworks.su.roadOwner"), value: opts.roadOwner }] : []),
      ],
    },
    ...(opts.roadOwner ? [{ text: t("roadworks.su.roadOwnerInOrder", { owner: opts.roadOwner }), gap: 6 }] : []),
    { kind: "heading", text: t("roadworks.order.conditions") },
    ...(conditions.length ? conditions.map((text) => ({ text, gap: 4 })) : [{ text: t("roadworks.order.noConditions") }]),
    ...(opts.signPlanName ? [{ text: t("roadworks.order.signPlanAttached", { name: opts.signPlanName }), gap: 8 }] : []),
    ...signatureBlock(r.authority_name, { name: r.order_signed_by, unit: r.order_signed_unit }, t),
  ];
  return renderPdf(blocks, { title: `${t("roadworks.order.title")} ${r.reference}`, issuer: r.authority_name, subject: r.title, createdAt: r.ordered_at ?? new Date() });
}

/** What a granted change round stored (roadworks_extensions) and its parties' answers. */
export interface ChangeNoticeInput {
  /** A granted consent round, or an early end applied by staff without one (migration 0090). */
  kind: "round" | "early_end";
  old_end: string;
  new_end: string;
  old_geometry: RoadGeometry | null;
  new_geometry: RoadGeometry | null;
  reason: string;
  decided_at: Date;
  /** The change round's answers: a consent's text is a condition of the change (none for an early end). */
  answers: { party: string; answer: string | null; text: string | null }[];
  /** The deciding staff member (empty for rounds decided before migration 0090: the authority's block only). */
  signed_by: string;
  signed_unit: string;
}

/**
 * The change notice (Änderungsbescheid) of a granted change round as PDF/A, on the order's layout: the reference to
 * the original order, old → new period and area, the change's own conditions, the order's conditions that still
 * apply, legal remedy and the authority's block. Rendered from the stored round (decided_at as its moment), so the
 * mailed attachment and the served PDF are the same document.
 */
export function changeNoticePdf(r: RoadworkRow, change: ChangeNoticeInput, consents: ConsentRow[], t: Translate, opts: { company: string }): Buffer {
  const day = (d: Date) => d.toLocaleDateString("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" });
  const period = (end: string) => t("roadworks.field.periodValue", { start: r.start_date, end, from: r.daily_from, to: r.daily_to });
  const still = consents.filter((c) => c.condition !== "").map((c) => `${t(`roadworks.party.${c.party}`)}: ${c.condition}`);
  const added = change.answers.filter((a) => a.answer === "consent" && (a.text ?? "").trim() !== "").map((a) => `${t(`roadworks.party.${a.party}`)}: ${a.text!.trim()}`);
  const oldArea = change.old_geometry ?? r.geometry;
  const early = change.kind === "early_end";
  const title = t(early ? "roadworks.early.title" : "roadworks.change.title");
  const blocks: PdfBlock[] = [
    { kind: "title", text: title, subtitle: `${t("roadworks.field.reference")} ${r.reference}` },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.refusal.addressee"), value: opts.company },
        { label: t("roadworks.refusal.date"), value: day(change.decided_at) },
        { label: t("roadworks.change.orderRef"), value: t("roadworks.change.orderRefValue", { reference: r.reference, date: r.ordered_at ? day(r.ordered_at) : "–" }) },
      ],
    },
    { text: t(early ? "roadworks.early.intro" : "roadworks.change.intro", { reference: r.reference, date: r.ordered_at ? day(r.ordered_at) : "–", end: change.new_end }), gap: 8 },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.field.title"), value: r.title },
        { label: t("roadworks.field.location"), value: locationText(r) },
        { label: t("roadworks.change.periodOld"), value: period(change.old_end) },
        { label: t("roadworks.change.periodNew"), value: change.new_end === change.old_end ? t("roadworks.change.unchanged") : period(change.new_end) },
        { label: t("roadworks.change.areaOld"), value: coordinatesText(oldArea) },
        { label: t("roadworks.change.areaNew"), value: change.new_geometry ? coordinatesText(change.new_geometry) : t("roadworks.change.unchanged") },
        ...(change.reason ? [{ label: t(early ? "roadworks.early.reason" : "roadworks.change.reason"), value: change.reason }] : []),
        { label: t("roadworks.field.authority"), value: r.authority_name },
      ],
    },
    { text: t(early ? "roadworks.early.rest" : "roadworks.change.rest"), gap: 6 },
    ...(early ? [] : [{ kind: "heading" as const, text: t("roadworks.change.newConditions") }, ...(added.length ? added.map((text) => ({ text, gap: 4 })) : [{ text: t("roadworks.change.noNewConditions") }])]),
    { kind: "heading", text: t(early ? "roadworks.early.stillConditions" : "roadworks.change.stillConditions") },
    ...(still.length ? still.map((text) => ({ text, gap: 4 })) : [{ text: t("roadworks.order.noConditions") }]),
    { kind: "heading", text: t("roadworks.refusal.remedyTitle") },
    { text: t("roadworks.refusal.remedy", { authority: r.authority_name }) },
    ...signatureBlock(r.authority_name, { name: change.signed_by, unit: change.signed_unit }, t),
  ];
  return renderPdf(blocks, { title: `${title} ${r.reference}`, issuer: r.authority_name, subject: r.title, createdAt: change.decided_at });
}

/**
 * The refusal notice (Ablehnungsbescheid) as PDF/A: addressee, the work, the reasons, the parties' objections
 * and the legal-remedy paragraph (Rechtsbehelfsbelehrung; demo text to be checked before use).
 */
export function refusalPdf(r: RoadworkRow, consents: ConsentRow[], t: Translate, opts: { company: string; reasons: string; refusedAt: Date; feeCents: number; signedBy: string }): Buffer {
  const objections = consents.filter((c) => c.answer === "refusal").map((c) => `${t(`roadworks.party.${c.party}`)}: ${c.reason || t("roadworks.staff.answer.refusal")}`);
  const day = (d: Date) => d.toLocaleDateString("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" });
  const blocks: PdfBlock[] = [
    { kind: "title", text: t("roadworks.refusal.title"), subtitle: `${t("roadworks.field.reference")} ${r.reference}` },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.refusal.addressee"), value: opts.company },
        { label: t("roadworks.refusal.date"), value: day(opts.refusedAt) },
      ],
    },
    { text: t("roadworks.refusal.intro", { date: day(r.submitted_at) }), gap: 8 },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.field.title"), value: r.title },
        { label: t("roadworks.field.location"), value: locationText(r) },
        { label: t("roadworks.field.period"), value: t("roadworks.field.periodValue", { start: r.start_date, end: r.end_date, from: r.daily_from, to: r.daily_to }) },
        { label: t("roadworks.field.closure"), value: t(`roadworks.closure.${r.closure}`) },
        { label: t("roadworks.field.authority"), value: r.authority_name },
      ],
    },
    { kind: "heading", text: t("roadworks.refusal.reasons") },
    ...opts.reasons.split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean).map((text) => ({ text, gap: 4 })),
    ...(objections.length ? [{ kind: "heading" as const, text: t("roadworks.refusal.objections") }, ...objections.map((text) => ({ text, gap: 4 }))] : []),
    { kind: "heading", text: t("roadworks.refusal.feeTitle") },
    { text: refusalFeeText(r, opts.feeCents, t) },
    ...remedyAndSignature(r.authority_name, opts.signedBy, t),
  ];
  return renderPdf(blocks, { title: `${t("roadworks.refusal.title")} ${r.reference}`, issuer: r.authority_name, subject: r.title, createdAt: opts.refusedAt });
}

/** The refusal's fee decision: waived, to be paid, or covered by the order fee already paid. */
/**
 * The end of every road-works notice: legal remedy, then the signature and seal block (who decided, for which
 * authority; electronically issued, no qualified seal yet).
 */
function remedyAndSignature(authority: string, signedBy: string, t: Translate): PdfBlock[] {
  return [{ kind: "heading", text: t("roadworks.refusal.remedyTitle") }, { text: t("roadworks.refusal.remedy", { authority }) }, ...signatureBlock(authority, { name: signedBy, unit: "" }, t)];
}

/**
 * The signature and seal block of a notice: "Mit freundlichen Grüßen / Im Auftrag / <name> / <function or unit> /
 * <authority>" and the seal line, kept together on one page. Without a stored signer (decided before migration 0090) the authority's block only.
 */
export function signatureBlock(authority: string, signer: { name: string; unit: string }, t: Translate): PdfBlock[] {
  const named = signer.name.trim() !== "";
  const lines: PdfLine[] = [
    { text: t("roadworks.refusal.regards"), gap: 16 },
    ...(named ? [{ text: t("roadworks.refusal.onBehalf") }, { text: signer.name, bold: true, gap: 4 }, ...(signer.unit && signer.unit !== authority ? [{ text: signer.unit }] : [])] : []),
    { text: authority, bold: !named },
    { text: t("roadworks.refusal.seal", { authority }), size: 9, gap: 12 },
  ];
  // kept on one page: the whole block moves to the next page when it does not fit below the text
  return [{ kind: "keep", lines }];
}

function refusalFeeText(r: RoadworkRow, feeCents: number, t: Translate): string {
  if (feeCents === 0) return t("roadworks.refusal.feeNone");
  if (r.paid_at) return t("roadworks.refusal.feeCovered", { fee: euro(feeCents), paid: euro(r.fee_cents), refund: euro(Math.max(0, r.fee_cents - feeCents)) });
  return t("roadworks.refusal.feeDue", { fee: euro(feeCents), order: euro(r.fee_cents) });
}

/**
 * The special-use notice (Sondernutzungserlaubnis or its refusal, § 16 StrG BW) as PDF/A: the work, the use and
 * area, the conditions or reasons, the fee decision, the legal remedy and the signature block (ADR 0065).
 */
export function specialUsePdf(r: RoadworkRow, su: { purpose: string; area_m2: number }, t: Translate, opts: { kind: "granted" | "refused"; company: string; text: string; feeCents: number; decidedAt: Date; signedBy: string; roadOwner?: string }): Buffer {
  const day = (d: Date) => d.toLocaleDateString("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" });
  const granted = opts.kind === "granted";
  const title = t(granted ? "roadworks.su.pdf.grantTitle" : "roadworks.su.pdf.refuseTitle");
  const paragraphs = opts.text.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
  const blocks: PdfBlock[] = [
    { kind: "title", text: title, subtitle: `${t("roadworks.field.reference")} ${r.reference}` },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.refusal.addressee"), value: opts.company },
        { label: t("roadworks.refusal.date"), value: day(opts.decidedAt) },
      ],
    },
    { text: t(granted ? "roadworks.su.pdf.grantIntro" : "roadworks.su.pdf.refuseIntro", { date: day(r.submitted_at) }), gap: 8 },
    {
      kind: "fields",
      rows: [
        { label: t("roadworks.field.title"), value: r.title },
        { label: t("roadworks.field.location"), value: locationText(r) },
        { label: t("roadworks.field.period"), value: t("roadworks.field.periodValue", { start: r.start_date, end: r.end_date, from: r.daily_from, to: r.daily_to }) },
        { label: t("roadworks.su.purpose"), value: su.purpose },
        { label: t("roadworks.su.area"), value: t("roadworks.su.areaValue", { m2: su.area_m2 }) },
        { label: t("roadworks.field.coordinates"), value: coordinatesText(r.geometry) },
        { label: t("roadworks.field.authority"), value: r.authority_name },
        ...(opts.roadOwner ? [{ label: t("roadworks.su.roadOwner"), value: opts.roadOwner }] : []),
      ],
    },
    { kind: "heading", text: t(granted ? "roadworks.su.pdf.conditions" : "roadworks.su.pdf.reasons") },
    ...(paragraphs.length ? paragraphs.map((text) => ({ text, gap: 4 })) : [{ text: t("roadworks.su.pdf.noConditions") }]),
    { kind: "heading", text: t("roadworks.su.pdf.feeTitle") },
    { text: granted ? t("roadworks.su.pdf.feeGrant", { fee: euro(opts.feeCents), m2: su.area_m2, weeks: Math.ceil(daysOf(r.start_date, r.end_date) / 7) }) : t("roadworks.su.pdf.feeNone") },
    ...remedyAndSignature(r.authority_name, opts.signedBy, t),
  ];
  return renderPdf(blocks, { title: `${title} ${r.reference}`, issuer: r.authority_name, subject: r.title, createdAt: opts.decidedAt });
}

/** The request and reminder mails to a consulted party (German: official mail goes out in German). */
export function partyMail(t: Translate) {
  return (m: { work: PartyMailWork; party: "municipality" | "police" | "bus"; url: string; dueOn: string; until: string; purpose: "request" | "reminder" }) => ({
    subject: t(m.purpose === "request" ? "roadworks.party.mail.requestSubject" : "roadworks.party.mail.reminderSubject", { reference: m.work.reference, date: m.dueOn }),
    text: t("roadworks.party.mail.text", { authority: m.work.authority_name, party: t(`roadworks.party.${m.party}`), title: m.work.title, reference: m.work.reference, place: locationText(m.work), start: m.work.start_date, end: m.work.end_date, date: m.dueOn, url: m.url, until: m.until }),
  });
}

/** The mail of a change round (request or reminder) with the party's answer link (migration 0076). */
export function changeMail(t: Translate): ChangeMail {
  return (m) => ({
    subject: t(m.purpose === "request" ? "roadworks.ext.mailSubject" : "roadworks.ext.reminderSubject", { reference: m.work.reference, date: m.dueOn }),
    text: t("roadworks.ext.mailText", { authority: m.work.authority_name, party: t(`roadworks.party.${m.party}`), title: m.work.title, reference: m.work.reference, place: locationText(m.work), from: m.work.end_date, to: m.work.newEnd, area: m.work.newArea ?? t("roadworks.ext.mailAreaSame"), reason: m.work.reason || "–", date: m.dueOn, url: m.url, until: m.until }),
  });
}
