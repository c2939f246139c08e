/**
 * The rules of road works without the database: closures, parties, RSA 21 rule plans, fees, who the road
 * authority is, the checks of geometry and period, and when two road works conflict (space and time).
 */
import { createRequire } from "node:module";
import type { Position, RoadGeometry } from "./db.js";

// Turf (~0.25 s to load) is required on the first geometry check, not at start-up; require caches it.
const requireCjs = createRequire(import.meta.url);
const turf = () => requireCjs("@turf/turf") as typeof import("@turf/turf");

export const CLOSURES = ["full", "half", "signals", "footway"] as const;
export type Closure = (typeof CLOSURES)[number];
export const isClosure = (v: string): v is Closure => (CLOSURES as readonly string[]).includes(v);

export const ROAD_CLASSES = ["municipal", "county", "state", "federal"] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const isRoadClass = (v: string): v is RoadClass => (ROAD_CLASSES as readonly string[]).includes(v);

/** Bodies asked for consent, in parallel. */
export const PARTIES = ["municipality", "police", "bus"] as const;
export type Party = (typeof PARTIES)[number];
export const isParty = (v: string): v is Party => (PARTIES as readonly string[]).includes(v);

/** Working days each party has to answer. */
export const CONSENT_WORKING_DAYS = 5;

/** RSA 21 rule plans (Regelpläne) offered in the form: Teil B innerorts, Teil C Landstraßen, Teil D Autobahnen. */
export const RSA_PLANS = ["B I/1", "B I/2", "B I/3", "B I/4", "B I/5", "B I/6", "B II/1", "B II/2", "B II/3", "B II/4", "B II/5", "B III/1", "B III/2", "C I/1", "C I/2", "C I/3", "C I/4", "C II/1", "C II/2", "C II/3", "C III/1", "D I/1", "D II/1", "individuell"] as const;
export const isRsaPlan = (v: string): boolean => (RSA_PLANS as readonly string[]).includes(v);

/** Longest period one order covers; longer works need an extension (a new application). */
export const MAX_DAYS_WITHOUT_EXTENSION = 183;

/**
 * Fee schedule (Gebührenverzeichnis, GebOSt Nr. 263 frame 10.20–767 €): a base by closure plus a daily
 * amount from the 15th day. Amounts in cents.
 */
export const FEE_TABLE: Record<Closure, { base: number; perDayAfter14: number }> = {
  footway: { base: 4_000, perDayAfter14: 100 },
  half: { base: 8_000, perDayAfter14: 200 },
  signals: { base: 10_000, perDayAfter14: 250 },
  full: { base: 12_000, perDayAfter14: 300 },
};
const FEE_MAX = 76_700;

export function daysOf(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

export function feeCents(closure: Closure, start: string, end: string): number {
  const f = FEE_TABLE[closure];
  return Math.min(FEE_MAX, f.base + Math.max(0, daysOf(start, end) - 14) * f.perDayAfter14);
}

/**
 * The fee for refusing an application (demo rule, to be set by the legal department): half the fee the order
 * would have cost, at least 10 €. An order fee already paid covers it (the difference is refunded outside the portal).
 */
export const REFUSAL_FEE_MIN = 1_000;
export const refusalFeeCents = (orderFeeCents: number): number => Math.max(REFUSAL_FEE_MIN, Math.round(orderFeeCents / 2));

/**
 * The road authority (untere Straßenverkehrsbehörde): a Große Kreisstadt (type 67) or Stadtkreis (61, 62)
 * is its own for every road; elsewhere the municipality for its municipal roads, the Landratsamt for the rest.
 */
export function authorityKindFor(roadClass: RoadClass, municipalityTypeCode: string | null): "county" | "municipality" | "city" {
  if (municipalityTypeCode === "67" || municipalityTypeCode === "62" || municipalityTypeCode === "61") return "city";
  return roadClass === "municipal" ? "municipality" : "county";
}

/** Who carries the road (Straßenbaulastträger) and so grants its special use (§ 16 StrG BW, § 8 FStrG). */
export type RoadOwnerKind = "municipality" | "county" | "state" | "federal";

/** Population above which a municipality carries the through roads (Ortsdurchfahrten) of state and county roads (§ 43 Abs. 3 StrG BW). */
export const TOWN_OWNS_STATE_ROADS_FROM = 30_000;
/** … and of federal roads (§ 5 Abs. 2 FStrG). */
export const TOWN_OWNS_FEDERAL_ROADS_FROM = 80_000;

/**
 * The road owner from the road class and the place: municipal roads the municipality; county roads the county
 * (Landratsamt), in a Stadtkreis the city; state and federal roads the Land (the federal ones administered for the
 * Bund by the Land: the Regierungspräsidium). Within the town (`withinTown`: the through road, Ortsdurchfahrt) a
 * municipality above 30,000 inhabitants carries state and county roads, above 80,000 federal roads.
 */
export function roadOwnerKindFor(roadClass: RoadClass, place: { typeCode: string | null; population: number | null; withinTown: boolean }): RoadOwnerKind {
  if (roadClass === "municipal") return "municipality";
  const cityCounty = place.typeCode === "61" || place.typeCode === "62";
  const population = place.population ?? 0;
  if (roadClass === "county") return cityCounty || (place.withinTown && population > TOWN_OWNS_STATE_ROADS_FROM) ? "municipality" : "county";
  if (place.withinTown && population > (roadClass === "state" ? TOWN_OWNS_STATE_ROADS_FROM : TOWN_OWNS_FEDERAL_ROADS_FROM)) return "municipality";
  return roadClass;
}

/**
 * Whether a work lies inside the town (innerorts, on the through road): as the applicant stated it or staff corrected it
 * (migration 0090), else guessed – a work that names house numbers counts as inside the town.
 */
export function insideTownOf(r: { inside_town: boolean | null; house_from: string }): boolean {
  return r.inside_town ?? guessInsideTown(r.house_from);
}
export const guessInsideTown = (houseFrom: string): boolean => houseFrom.trim() !== "";

/** The served area (Enzkreis with Pforzheim): geometries outside are refused. [west, south, east, north]. */
export const COUNTY_BBOX: readonly [number, number, number, number] = [8.45, 48.7, 9.0, 49.1];

/** "Hauptstr. " → "hauptstrasse": the key for "same road in the same municipality". */
export function roadKey(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFC")
    .replace(/str\.(\s|$)/g, "straße$1")
    .replace(/ß/g, "ss")
    .replace(/[\s.\-–]/g, "");
}

export type GeometryResult = { ok: true; geometry: RoadGeometry } | { ok: false; error: "geometryInvalid" | "geometryOutside" | "geometrySelfIntersecting" };

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isPos = (v: unknown): v is Position => Array.isArray(v) && v.length >= 2 && isNum(v[0]) && isNum(v[1]);

/** Coordinates typed as "48.95, 8.84; 48.951, 8.842" (latitude, longitude pairs, as maps show them). */
function parseTyped(text: string): RoadGeometry | undefined {
  const pairs = text.split(/[;\n]/).map((s) => s.trim()).filter(Boolean);
  const pos: Position[] = [];
  for (const p of pairs) {
    const m = /^(-?\d{1,3}(?:\.\d+)?)\s*[, ]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(p);
    if (!m) return undefined;
    pos.push([Number(m[2]), Number(m[1])]);
  }
  if (pos.length === 1) return { type: "Point", coordinates: pos[0]! };
  if (pos.length < 2) return undefined;
  const [a, z] = [pos[0]!, pos[pos.length - 1]!];
  if (pos.length >= 4 && a[0] === z[0] && a[1] === z[1]) return { type: "Polygon", coordinates: [pos] };
  return { type: "LineString", coordinates: pos };
}

/** A GeoJSON geometry (or Feature) or typed coordinates → a checked Point, LineString or Polygon. */
export function parseGeometry(text: string, opts: { lineOnly?: boolean } = {}): GeometryResult {
  let g: unknown;
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      g = JSON.parse(trimmed);
    } catch {
      return { ok: false, error: "geometryInvalid" };
    }
    if (g && typeof g === "object" && (g as { type?: string }).type === "Feature") g = (g as { geometry?: unknown }).geometry;
  } else g = parseTyped(trimmed);
  if (!g || typeof g !== "object") return { ok: false, error: "geometryInvalid" };
  const { type, coordinates } = g as { type?: string; coordinates?: unknown };
  let geometry: RoadGeometry;
  let all: Position[];
  if (type === "Point" && isPos(coordinates) && !opts.lineOnly) {
    geometry = { type, coordinates: [coordinates[0], coordinates[1]] };
    all = [geometry.coordinates];
  } else if (type === "LineString" && Array.isArray(coordinates) && coordinates.length >= 2 && coordinates.length <= 2000 && coordinates.every(isPos)) {
    geometry = { type, coordinates: coordinates.map((p) => [p[0], p[1]] as Position) };
    all = geometry.coordinates;
  } else if (type === "Polygon" && !opts.lineOnly && Array.isArray(coordinates) && coordinates.length === 1 && Array.isArray(coordinates[0]) && coordinates[0].length >= 4 && coordinates[0].length <= 2000 && coordinates[0].every(isPos)) {
    const ring = coordinates[0].map((p: Position) => [p[0], p[1]] as Position);
    const [a, z] = [ring[0]!, ring[ring.length - 1]!];
    if (a[0] !== z[0] || a[1] !== z[1]) return { ok: false, error: "geometryInvalid" };
    geometry = { type, coordinates: [ring] };
    all = ring;
  } else return { ok: false, error: "geometryInvalid" };
  const [w, s, e, n] = COUNTY_BBOX;
  if (!all.every(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n)) return { ok: false, error: "geometryOutside" };
  const { kinks, feature } = turf();
  if (geometry.type === "Polygon" && kinks(feature(geometry)).features.length > 0) return { ok: false, error: "geometrySelfIntersecting" };
  return { ok: true, geometry };
}

export function boundsOf(...gs: Array<RoadGeometry | null | undefined>): { min_lon: number; min_lat: number; max_lon: number; max_lat: number } {
  const { bbox, feature } = turf();
  const boxes = gs.filter((g): g is RoadGeometry => !!g).map((g) => bbox(feature(g)));
  return {
    min_lon: Math.min(...boxes.map((b) => b[0])),
    min_lat: Math.min(...boxes.map((b) => b[1])),
    max_lon: Math.max(...boxes.map((b) => b[2])),
    max_lat: Math.max(...boxes.map((b) => b[3])),
  };
}

export type PeriodError = "dateInvalid" | "startInPast" | "endBeforeStart" | "tooLong" | "hoursInvalid";

/** Checks the period (today in Berlin as "YYYY-MM-DD") and the daily hours ("07:00"–"18:00"). */
export function checkPeriod(p: { start: string; end: string; dailyFrom: string; dailyTo: string }, today: string): Partial<Record<"start" | "end" | "dailyFrom" | "dailyTo", PeriodError>> {
  const out: Partial<Record<"start" | "end" | "dailyFrom" | "dailyTo", PeriodError>> = {};
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const okDate = (d: string) => date.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  if (!okDate(p.start)) out.start = "dateInvalid";
  else if (p.start < today) out.start = "startInPast";
  if (!okDate(p.end)) out.end = "dateInvalid";
  else if (okDate(p.start) && p.end < p.start) out.end = "endBeforeStart";
  else if (okDate(p.start) && daysOf(p.start, p.end) > MAX_DAYS_WITHOUT_EXTENSION) out.end = "tooLong";
  const time = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
  if (!time.test(p.dailyFrom)) out.dailyFrom = "hoursInvalid";
  if (!time.test(p.dailyTo) || (time.test(p.dailyFrom) && p.dailyTo <= p.dailyFrom)) out.dailyTo = "hoursInvalid";
  return out;
}

/** What conflict detection needs of a road work. */
export interface ConflictSubject {
  id?: string;
  ags: string;
  roadKey: string;
  start: string;
  end: string;
  geometry: RoadGeometry;
  detour: RoadGeometry | null;
}

export type ConflictReason = "sameRoad" | "near" | "nearDetour";

export const overlapsInTime = (a: Pick<ConflictSubject, "start" | "end">, b: Pick<ConflictSubject, "start" | "end">) => a.start <= b.end && b.start <= a.end;

/** Why `other` conflicts with `subject` (overlapping period and same road, or within `meters` of its site or detour), else undefined. */
export function conflictReason(subject: ConflictSubject, other: ConflictSubject, meters: number): ConflictReason | undefined {
  if (subject.id && subject.id === other.id) return undefined;
  if (!overlapsInTime(subject, other)) return undefined;
  if (subject.ags === other.ags && subject.roadKey === other.roadKey) return "sameRoad";
  const { booleanIntersects, buffer, feature } = turf();
  const zone = buffer(feature(subject.geometry), Math.max(meters, 1), { units: "meters" });
  if (!zone) return undefined;
  if (booleanIntersects(zone, feature(other.geometry))) return "near";
  if (other.detour && booleanIntersects(zone, feature(other.detour))) return "nearDetour";
  if (subject.detour) {
    const dz = buffer(feature(subject.detour), Math.max(meters, 1), { units: "meters" });
    if (dz && booleanIntersects(dz, feature(other.geometry))) return "nearDetour";
  }
  return undefined;
}

/** The degrees a distance in metres spans at the county's latitude (bounding-box pre-filter, generous). */
export const degreesFor = (meters: number) => meters / 70_000;

/**
 * The special-use fee (Sondernutzungsgebühr, § 19 StrG BW with the road owner's fee by-law) – a demo rule, to be
 * replaced by the by-law's rates: 1 € per m² occupied and started week, at least 25 €. Amounts in cents.
 */
export const SPECIAL_USE_FEE = { perSquareMetreWeek: 100, minimum: 2_500 } as const;
export const SPECIAL_USE_MAX_M2 = 100_000;

export function specialUseFeeCents(areaM2: number, start: string, end: string): number {
  const weeks = Math.ceil(daysOf(start, end) / 7);
  return Math.max(SPECIAL_USE_FEE.minimum, areaM2 * weeks * SPECIAL_USE_FEE.perSquareMetreWeek);
}

/** An area in m² as typed ("12", "12,5" rounds up); undefined when it is not a positive number within the limit. */
export function parseAreaM2(v: string): number | undefined {
  const t = v.trim().replace(",", ".");
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(t)) return undefined;
  const n = Math.ceil(Number(t));
  return n >= 1 && n <= SPECIAL_USE_MAX_M2 ? n : undefined;
}
