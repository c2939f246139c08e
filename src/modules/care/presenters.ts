import type { Locale, Translate } from "../../platform/i18n/index.js";
import { formatDateTime, formatDay } from "../../platform/i18n/format.js";
import { ageInDays, CARE_KINDS, isStale, kindLabel, STALE_AFTER_DAYS } from "./kinds.js";
import type { PlaceRow, ProviderRow } from "./queries.js";

/** One kind of a provider as pages and the API show it: number, since when, and how fresh. */
export interface PlaceView {
  kind: string;
  label: string;
  /** undefined: the provider offers the kind but never reported a number. */
  freePlaces?: number;
  availableFrom: string | null;
  reportedAt?: Date;
  stale: boolean;
  ageDays?: number;
}

/** The provider's kinds in the fixed order, each with its report (if any). */
export function placeViews(p: Pick<ProviderRow, "kinds" | "places">, t: Translate, now: Date, staleDays = STALE_AFTER_DAYS): PlaceView[] {
  const byKind = new Map<string, PlaceRow>(p.places.map((pl) => [pl.kind, pl]));
  return CARE_KINDS.filter((k) => p.kinds.includes(k)).map((k) => {
    const pl = byKind.get(k);
    if (!pl) return { kind: k, label: t(kindLabel(k)), availableFrom: null, stale: false };
    return { kind: k, label: t(kindLabel(k)), freePlaces: pl.freePlaces, availableFrom: pl.availableFrom, reportedAt: pl.reportedAt, stale: isStale(pl.reportedAt, now, staleDays), ageDays: ageInDays(pl.reportedAt, now) };
  });
}

/** "2 frei", "kein Platz frei", "noch keine Meldung" (+ "ab 08.12.2026"). */
export function placesText(v: PlaceView, t: Translate): string {
  if (v.freePlaces === undefined) return t("care.places.noReport");
  const n = v.freePlaces === 0 ? t("care.places.full") : v.freePlaces === 1 ? t("care.places.freeOne") : t("care.places.free", { n: v.freePlaces });
  return v.availableFrom && v.freePlaces > 0 ? `${n} ${t("care.places.from", { date: formatDay(v.availableFrom) })}` : n;
}

/** "Stand: 05.12.2026, 14:03" or "nicht aktuell (vor 5 Tagen gemeldet)"; empty without a report. */
export function freshnessText(v: PlaceView, t: Translate, locale: Locale): string {
  if (!v.reportedAt) return "";
  if (v.stale) return t("care.places.stale", { days: v.ageDays ?? 0 });
  return t("care.places.reported", { date: formatDateTime(v.reportedAt, locale) });
}

/** The provider as the public JSON API gives it (no account data). */
export function providerJson(p: ProviderRow, now: Date, staleDays = STALE_AFTER_DAYS) {
  return {
    id: p.id,
    name: p.name,
    carrier: p.carrier,
    demo: p.isDemo,
    ags: p.ags,
    address: { street: p.street, postcode: p.postcode, town: p.town },
    contact: { phone: p.phone, email: p.email, website: p.website },
    kinds: CARE_KINDS.filter((k) => p.kinds.includes(k)),
    places: p.places
      .filter((pl) => p.kinds.includes(pl.kind))
      .map((pl) => ({ kind: pl.kind, freePlaces: pl.freePlaces, availableFrom: pl.availableFrom, reportedAt: pl.reportedAt.toISOString(), stale: isStale(pl.reportedAt, now, staleDays) })),
    url: `/pflegeplaetze/anbieter/${p.id}`,
  };
}
