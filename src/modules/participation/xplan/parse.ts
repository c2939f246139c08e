/**
 * Reads what the portal shows from a (validated) XPlanGML 6.0 document: the plan (name, kind, municipality),
 * its area (räumlicher Geltungsbereich) and the areas of the plan's features that have a surface (land-use
 * areas such as BP_BaugebietsTeilFlaeche), as GeoJSON in WGS84. Rings are taken from gml:exterior in document
 * order (LinearRing and Ring/curveMember alike; arcs by their control points, holes are left out).
 * Supported reference systems: ETRS89/UTM 32N and 33N (EPSG:25832/25833), WGS84/ETRS89 geographic (4326/4258).
 */
import { utmToWgs84 } from "./utm.js";

export type Position = [number, number];
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Position[][][];
}
export interface LandUse {
  /** Feature type, e.g. BP_BaugebietsTeilFlaeche. */
  type: string;
  /** Code of the (besondere, else allgemeine) Art der baulichen Nutzung, if given. */
  use: string | null;
  geometry: MultiPolygon;
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
  return null;
}

/** The polygons (exterior rings) inside a fragment. */
function polygons(fragment: string, project: (x: number, y: number) => Position): Position[][][] {
  const out: Position[][][] = [];
  for (const ext of fragment.matchAll(/<gml:exterior>([\s\S]*?)<\/gml:exterior>/g)) {
    const nums: number[] = [];
    for (const p of ext[1]!.matchAll(/<gml:(?:posList|pos)\b[^>]*>([^<]*)<\/gml:(?:posList|pos)>/g)) nums.push(...p[1]!.trim().split(/\s+/).map(Number));
    const ring: Position[] = [];
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const q = project(nums[i]!, nums[i + 1]!);
      const last = ring[ring.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) ring.push([Math.round(q[0] * 1e7) / 1e7, Math.round(q[1] * 1e7) / 1e7]);
    }
    if (ring.length >= 3 && ring.every((p) => p.every(Number.isFinite))) {
      const [a, z] = [ring[0]!, ring[ring.length - 1]!];
      if (a[0] !== z[0] || a[1] !== z[1]) ring.push([a[0], a[1]]);
      out.push([ring]);
    }
  }
  return out;
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
      if (/_(Plan|Bereich)$/.test(type)) continue;
      const position = /<xplan:position>([\s\S]*?)<\/xplan:position>/.exec(inner)?.[1];
      const geometry = position ? polygons(position, project) : [];
      if (geometry.length) landUses.push({ type, use: text(inner, "xplan:besondereArtDerBaulNutzung") ?? text(inner, "xplan:allgArtDerBaulNutzung"), geometry: { type: "MultiPolygon", coordinates: geometry } });
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
