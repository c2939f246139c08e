import type { Translate } from "../../platform/i18n/index.js";
import { formatDateTime, formatDay } from "../../platform/i18n/format.js";
import { berlinTime } from "../../platform/time/berlin.js";
import { currentPhase, openPhase, type PhaseInfo, type ProcedureInfo } from "./queries.js";
import type { LandUse } from "./xplan/parse.js";

/** The last moment of a period as people say it: an end at Berlin midnight is "24:00" of the day before. */
export function endParts(endsAt: Date): { day: string; time: string } {
  const time = berlinTime(endsAt);
  if (time === "00:00") return { day: formatDay(new Date(endsAt.getTime() - 1)), time: "24:00" };
  return { day: formatDay(endsAt), time };
}

/** "01.12.2026 bis einschließlich 05.01.2027". */
export function periodText(t: Translate, p: Pick<PhaseInfo, "startsAt" | "endsAt">): string {
  return t("participation.phase.period", { from: formatDay(p.startsAt), to: endParts(p.endsAt).day });
}

/** One line about where the procedure stands now (open until …, starts on …, ended). */
export function stateText(t: Translate, phases: readonly PhaseInfo[], now = new Date()): string {
  const open = openPhase(phases, now);
  if (open) return t("participation.state.open", { end: endParts(open.endsAt).day });
  const next = phases.find((p) => p.startsAt > now);
  if (next) return t("participation.state.upcoming", { start: formatDay(next.startsAt) });
  return phases.length ? t("participation.state.closed") : t("participation.state.none");
}

/** Why no statement can be given now, in words with the end (or start) time. */
export function closedText(t: Translate, phases: readonly PhaseInfo[], now = new Date()): string {
  const p = currentPhase(phases, now);
  if (!p) return t("participation.closed.none");
  if (p.startsAt > now) return t("participation.closed.upcoming", { day: formatDay(p.startsAt), time: berlinTime(p.startsAt) });
  return t("participation.closed.ended", endParts(p.endsAt));
}

/** JSON shape of a procedure (public API). */
export function presentProcedure(p: ProcedureInfo, municipality: string, publicUrl: string, now = new Date()) {
  const open = openPhase(p.phases, now);
  return {
    slug: p.slug,
    kind: p.kind,
    title: p.title,
    description: p.description,
    municipality: { ags: p.ags, ars: p.ars, name: municipality },
    open: !!open,
    phases: p.phases.map((ph) => ({ kind: ph.kind, startsAt: ph.startsAt.toISOString(), endsAt: ph.endsAt.toISOString(), announcement: ph.announcement, reason: ph.reason })),
    url: `${publicUrl}/beteiligung/${p.slug}`,
  };
}

/** A CSV cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
export function csvSafe(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** The receipt mail (German or English) with the statement's text and number. */
export function receiptMail(t: Translate, locale: "de" | "en", m: { reference: string; at: Date; name: string; title: string; municipality: string; body: string; url: string }) {
  return {
    subject: t("participation.mail.subject", { reference: m.reference }),
    text: t("participation.mail.text", { name: m.name, title: m.title, municipality: m.municipality, at: formatDateTime(m.at, locale), reference: m.reference, body: m.body, url: m.url }),
  };
}

/** The invitation of an agency consulted before to a repeated display (§ 4a Abs. 3 BauGB): new period, reason, new link. */
export const agencyRedisplayMail =
  (t: Translate, x: { title: string; municipality: string; county: string; publicUrl: string; period: string; reason: string }) =>
  ({ token, deadline }: { token: string; deadline: Date }): { subject: string; text: string } => ({
    subject: t("participation.redisplay.mail.subject", { title: x.title }),
    text: t("participation.redisplay.mail.text", { title: x.title, municipality: x.municipality, period: x.period, reason: x.reason, url: `${x.publicUrl}/beteiligung-behoerden?zugang=${token}`, ...endParts(deadline), county: x.county }),
  });

/** The invitation mail of an agency (TÖB) with its personal link; German (agencies are German authorities). */
export const agencyInvitationMail =
  (t: Translate, x: { title: string; municipality: string; county: string; publicUrl: string }) =>
  ({ token, deadline }: { token: string; deadline: Date }): { subject: string; text: string } => ({
    subject: t("participation.agency.mail.subject", { title: x.title }),
    text: t("participation.agency.mail.text", { title: x.title, municipality: x.municipality, url: `${x.publicUrl}/beteiligung-behoerden?zugang=${token}`, ...endParts(deadline), county: x.county }),
  });

/** The classes with allgArtDerBaulNutzung / besondereArtDerBaulNutzung (XPlanGML 6.0 BP and FP schemas). */
const USE_CLASSES = new Set(["BP_BaugebietsTeilFlaeche", "FP_BebauungsFlaeche"]);

const GEOMETRY_KIND = { MultiPolygon: "area", MultiLineString: "line", MultiPoint: "point" } as const;

/**
 * The German (or English) name of a plan's feature: "Mischgebiet (Baugebiet)" for a building area with a known use
 * (besondere Art der baulichen Nutzung 1500; "Wohnbaufläche (Baugebiet)" for the allgemeine 1000),
 * "Baugrenze" for a BP_BauGrenze, "Einzelbaum (anpflanzen oder erhalten)" for a BP_AnpflanzungBindungErhaltung
 * drawn as a point (a class may read differently as point, line or area); the XPlanung class name when the
 * catalogue has no text for it (the catalogue holds the common BP/FP classes, not all of XPlanung).
 */
export function landUseLabel(t: Translate, lu: Pick<LandUse, "type" | "use" | "useAttribute"> & { geometry?: Pick<LandUse["geometry"], "type"> }): string {
  const known = (key: string) => {
    const text = t(key);
    return text === key ? null : text;
  };
  const kind = lu.geometry ? GEOMETRY_KIND[lu.geometry.type] : undefined;
  const typeText = (kind && known(`participation.plan.type.${lu.type}.${kind}`)) ?? known(`participation.plan.type.${lu.type}`) ?? lu.type;
  // The code is named from the code list of the attribute it came from (the same code differs between the two lists).
  const use = lu.use && lu.useAttribute && USE_CLASSES.has(lu.type) ? known(`participation.plan.${lu.useAttribute}.${lu.use}`) : null;
  return use ? `${use} (${typeText})` : typeText;
}
