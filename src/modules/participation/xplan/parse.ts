/**
 * Reads what the portal shows from a (validated) XPlanGML 6.0 document: the plan (name, kind, municipality),
 * its area (räumlicher Geltungsbereich) and the geometry of the plan's features (land-use areas such as
 * BP_BaugebietsTeilFlaeche; lines such as a Baugrenze or Straßenbegrenzungslinie; points such as a tree to keep),
 * as GeoJSON in WGS84. A polygon keeps its holes (gml:interior → further rings, as GeoJSON and the point-in-area
 * check expect); rings and curves in document order (LinearRing and Ring/curveMember alike; arcs by their control
 * points). A feature with surfaces is a MultiPolygon; one with only lines a MultiLineString; one with only points a
 * MultiPoint.
 * Supported reference systems: ETRS89/UTM 32N and 33N (EPSG:25832/25833), WGS84/ETRS89 geographic (4326/4258),
 * and the older Gauß-Krüger zones 2–5 (DHDN, EPSG:31466–31469; gk.ts, about 3 m).
 */
import { gkToWgs84, gkZone } from "./gk.js";
import { utmToWgs84 } from "./utm.js";

export type Position = [number, number];
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Position[][][];
}
export interface MultiLineString {
  type: "MultiLineString";
  coordinates: Position[][];
}
export interface MultiPoint {
  type: "MultiPoint";
  coordinates: Position[];
}
export const USE_ATTRIBUTES = ["besondereArtDerBaulNutzung", "allgArtDerBaulNutzung"] as const;
export type UseAttribute = (typeof USE_ATTRIBUTES)[number];

/** The Art der baulichen Nutzung of a feature with the attribute it came from: the besondere (finer) one leads. */
function useOf(inner: string): { use: string | null; useAttribute: UseAttribute | null } {
  for (const attr of USE_ATTRIBUTES) {
    const code = text(inner, `xplan:${attr}`);
    if (code) return { use: code, useAttribute: attr };
  }
  return { use: null, useAttribute: null };
}

export interface LandUse {
  /** Feature type, e.g. BP_BaugebietsTeilFlaeche, BP_BauGrenze, BP_AnpflanzungBindungErhaltung. */
  type: string;
  /** Code of the (besondere, else allgemeine) Art der baulichen Nutzung, if given. */
  use: string | null;
  /**
   * The attribute `use` came from, and so its code list (XP_BesondereArtDerBaulNutzung or XP_AllgArtDerBaulNutzung: the
   * same code means different things in the two). Undefined in plans stored before it was kept and not backfilled
   * (migration 0089): such a code is not named.
   */
  useAttribute?: UseAttribute | null;
  geometry: MultiPolygon | MultiLineString | MultiPoint;
}
export interface XPlanInfo {
  planType: string;
  name: string;
  ags: string | null;
  municipality: string | null;
  srs: string | null;
  /** Null when the reference system is not supported (the plan is kept, there is just no map). */
  area: MultiPolygon | null;
  landUses: LandUse[];
}

const text = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]?.trim() ?? null;

/** The EPSG code of a srsName (EPSG:25832, urn:ogc:def:crs:EPSG::25832, http://www.opengis.net/def/crs/EPSG/0/25832). */
export function epsgOf(srsName: string | null): number | null {
  const m = srsName && /(?:EPSG:{1,2}|EPSG\/0\/)(\d{4,5})\s*$/i.exec(srsName);
  return m ? Number(m[1]) : null;
}

function toWgs84(epsg: number | null): ((x: number, y: number) => Position) | null {
  if (epsg === 25832 || epsg === 25833) {
    const zone = epsg - 25800;
    return (x, y) => utmToWgs84(x, y, zone);
  }
  if (epsg === 4326 || epsg === 4258) return (lat, lon) => [lon, lat]; // EPSG axis order: latitude first
  const zone = gkZone(epsg);
  if (zone !== null) return (x, y) => gkToWgs84(x, y, zone);
  return null;
}

const POS = /<gml:(?:posList|pos)\b[^>]*>([^<]*)<\/gml:(?:posList|pos)>/g;

/** The positions of a fragment in document order, projected and rounded; repeated neighbours (shared ends of curve members) kept once. */
function positions(fragment: string, project: (x: number, y: number) => Position): Position[] | null {
  const nums: number[] = [];
  for (const p of fragment.matchAll(POS)) nums.push(...p[1]!.trim().split(/\s+/).map(Number));
  const out: Position[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const q = project(nums[i]!, nums[i + 1]!);
    const r: Position = [Math.round(q[0] * 1e7) / 1e7, Math.round(q[1] * 1e7) / 1e7];
    const last = out[out.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
  }
  return out.every((p) => p.every(Number.isFinite)) ? out : null;
}

/** A closed ring of at least three distinct positions, or null. */
function ring(fragment: string, project: (x: number, y: number) => Position): Position[] | null {
  const r = positions(fragment, project);
  if (!r || r.length < 3) return null;
  const [a, z] = [r[0]!, r[r.length - 1]!];
  if (a[0] !== z[0] || a[1] !== z[1]) r.push([a[0], a[1]]);
  return r.length >= 4 ? r : null;
}

const SURFACE = /<gml:(Polygon|PolygonPatch)\b[^>]*>([\s\S]*?)<\/gml:\1>/g;

/** The polygons inside a fragment: each gml:Polygon / gml:PolygonPatch with its exterior ring and its holes. */
function polygons(fragment: string, project: (x: number, y: number) => Position): Position[][][] {
  const out: Position[][][] = [];
  for (const poly of fragment.matchAll(SURFACE)) {
    const ext = /<gml:exterior>([\s\S]*?)<\/gml:exterior>/.exec(poly[2]!);
    const outer = ext && ring(ext[1]!, project);
    if (!outer) continue;
    const holes = [...poly[2]!.matchAll(/<gml:interior>([\s\S]*?)<\/gml:interior>/g)].map((m) => ring(m[1]!, project)).filter((r): r is Position[] => r !== null);
    out.push([outer, ...holes]);
  }
  return out;
}

/** The lines (gml:LineString, gml:Curve with its segments) of a fragment outside its surfaces. */
function lines(fragment: string, project: (x: number, y: number) => Position): Position[][] {
  const out: Position[][] = [];
  for (const m of fragment.replace(SURFACE, "").matchAll(/<gml:(LineString|Curve)\b[^>]*>([\s\S]*?)<\/gml:\1>/g)) {
    const l = positions(m[2]!, project);
    if (l && l.length >= 2) out.push(l);
  }
  return out;
}

/** The points (gml:Point) of a fragment. */
function points(fragment: string, project: (x: number, y: number) => Position): Position[] {
  return [...fragment.matchAll(/<gml:Point\b[^>]*>([\s\S]*?)<\/gml:Point>/g)].flatMap((m) => {
    const p = positions(m[1]!, project);
    return p && p.length === 1 ? [p[0]!] : [];
  });
}

/** The geometry of a feature's xplan:position: its surfaces, else its lines, else its points. */
function geometryOf(fragment: string, project: (x: number, y: number) => Position): LandUse["geometry"] | null {
  const surfaces = polygons(fragment, project);
  if (surfaces.length) return { type: "MultiPolygon", coordinates: surfaces };
  const ls = lines(fragment, project);
  if (ls.length) return { type: "MultiLineString", coordinates: ls };
  const ps = points(fragment, project);
  return ps.length ? { type: "MultiPoint", coordinates: ps } : null;
}

/** Parses the plan; throws when the document holds no *_Plan feature. */
export function parseXPlan(xml: string): XPlanInfo {
  const plan = /<xplan:((?:BP|FP|RP|LP|SO)_Plan)\b[^>]*>([\s\S]*?)<\/xplan:\1>/.exec(xml);
  if (!plan) throw new Error("no XPlanGML plan feature");
  const body = plan[2]!;
  const srsName = /srsName="([^"]+)"/.exec(xml)?.[1] ?? null;
  const project = toWgs84(epsgOf(srsName));
  const areaXml = /<xplan:raeumlicherGeltungsbereich>([\s\S]*?)<\/xplan:raeumlicherGeltungsbereich>/.exec(body)?.[1] ?? "";
  const area = project ? polygons(areaXml, project) : [];
  const landUses: LandUse[] = [];
  if (project) {
    for (const m of xml.matchAll(/<gml:featureMember>\s*<xplan:(\w+)\b[^>]*>([\s\S]*?)<\/xplan:\1>\s*<\/gml:featureMember>/g)) {
      const [type, inner] = [m[1]!, m[2]!];
      // Plan and Bereich are not content; XP_ features are presentation objects (labels, symbols), not plan content.
      if (/_(Plan|Bereich)$/.test(type) || type.startsWith("XP_")) continue;
      const position = /<xplan:position>([\s\S]*?)<\/xplan:position>/.exec(inner)?.[1];
      const geometry = position ? geometryOf(position, project) : null;
      if (geometry) landUses.push({ type, ...useOf(inner), geometry });
    }
  }
  return {
    planType: plan[1]!,
    name: (text(body, "xplan:name") ?? "").slice(0, 300),
    ags: text(body, "xplan:ags"),
    municipality: text(body, "xplan:gemeindeName"),
    srs: srsName,
    area: area.length ? { type: "MultiPolygon", coordinates: area } : null,
    landUses: landUses.slice(0, 500),
  };
}
