/**
 * Semantic and geometric checks of an XPlanGML 6.0 plan after the XSD check, in the manner of the XPlanValidator
 * (XLeitstelle): what an XSD cannot say. Not the complete set of conformity rules; these are the ones that break
 * what the portal shows or that a planning office gets wrong most often (see docs/modules/participation.md):
 * - references: every local `xlink:href="#id"` names a gml:id of the document;
 * - plan ↔ Bereich: each `bereich` of the plan has `gehoertZuPlan` back to it, and each Bereich is named by its plan;
 * - Bereich ↔ content: each `planinhalt`/`praesentationsobjekt` has `gehoertZuBereich` back, and the other way;
 * - geometry (rings of straight segments): at least four positions, closed, no self-intersection; exterior rings
 *   counter-clockwise and interior rings clockwise (ISO 19107, east/north axis order: UTM only);
 * - every surface, line and point of the plan's content lies inside the räumlicher Geltungsbereich (tolerance 1 cm).
 * Each problem has a code and parameters for the message catalogue and the line in the uploaded file.
 */
import { epsgOf } from "./parse.js";

export type XPlanRule = "reference" | "planBereich" | "bereichPlan" | "bereichContent" | "contentBereich" | "ringPositions" | "ringOpen" | "ringSelfIntersection" | "ringOrientation" | "outsideArea";

export interface XPlanRuleProblem {
  rule: XPlanRule;
  /** gml:id of the object concerned (or of the reference's target). */
  id: string;
  line: number | null;
  params?: Record<string, string | number>;
}

interface Feature {
  type: string;
  id: string;
  body: string;
  offset: number;
}

type Point = [number, number];

const TOLERANCE = 0.01;
/** Rings longer than this are not checked for self-intersection (quadratic). */
const MAX_RING_FOR_INTERSECTION = 5000;

function lineIndex(xml: string): (offset: number) => number {
  const starts = [0];
  for (let i = xml.indexOf("\n"); i !== -1; i = xml.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function features(xml: string): Feature[] {
  const out: Feature[] = [];
  for (const m of xml.matchAll(/<gml:featureMember>\s*<xplan:(\w+)\b[^>]*\bgml:id="([^"]+)"[^>]*>([\s\S]*?)<\/xplan:\1>\s*<\/gml:featureMember>/g)) {
    out.push({ type: m[1]!, id: m[2]!, body: m[3]!, offset: m.index! });
  }
  return out;
}

const refs = (body: string, property: string): string[] =>
  [...body.matchAll(new RegExp(`<xplan:${property}\\b[^>]*xlink:href="#([^"]+)"`, "g"))].map((m) => m[1]!);

/** Rings of straight segments in a fragment: exterior and interior, with their positions. Rings with arcs are skipped. */
function rings(fragment: string, base: number): Array<{ kind: "exterior" | "interior"; points: Point[]; offset: number }> {
  const out: Array<{ kind: "exterior" | "interior"; points: Point[]; offset: number }> = [];
  for (const m of fragment.matchAll(/<gml:(exterior|interior)>([\s\S]*?)<\/gml:\1>/g)) {
    const inner = m[2]!;
    if (/<gml:(Arc|ArcString|Circle|CircleByCenterPoint|ArcByCenterPoint)\b/.test(inner)) continue;
    const nums: number[] = [];
    for (const p of inner.matchAll(/<gml:(?:posList|pos)\b[^>]*>([^<]*)<\/gml:(?:posList|pos)>/g)) nums.push(...p[1]!.trim().split(/\s+/).map(Number));
    const points: Point[] = [];
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const q: Point = [nums[i]!, nums[i + 1]!];
      const last = points[points.length - 1];
      // Curve members of a gml:Ring repeat the shared end point; keep it once.
      if (!last || last[0] !== q[0] || last[1] !== q[1] || /<gml:LinearRing\b/.test(inner)) points.push(q);
    }
    if (points.every((p) => p.every(Number.isFinite))) out.push({ kind: m[1] as "exterior" | "interior", points, offset: base + m.index! });
  }
  return out;
}

/** Twice the signed area (positive = counter-clockwise with east/north axes). */
function signedArea(points: Point[]): number {
  let a = 0;
  for (let i = 0; i + 1 < points.length; i++) a += points[i]![0] * points[i + 1]![1] - points[i + 1]![0] * points[i]![1];
  return a;
}

function orient(a: Point, b: Point, c: Point): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Point, b: Point, p: Point): boolean {
  return Math.min(a[0], b[0]) - 1e-9 <= p[0] && p[0] <= Math.max(a[0], b[0]) + 1e-9 && Math.min(a[1], b[1]) - 1e-9 <= p[1] && p[1] <= Math.max(a[1], b[1]) + 1e-9;
}

function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** The first pair of non-neighbouring segments that touch or cross, as the position where the first one starts. */
function selfIntersection(points: Point[]): Point | null {
  const n = points.length - 1; // segments of a closed ring
  if (n > MAX_RING_FOR_INTERSECTION) return null;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last segment share the closing point
      if (segmentsIntersect(points[i]!, points[i + 1]!, points[j]!, points[j + 1]!)) return points[i]!;
    }
  }
  return null;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Inside (or within the tolerance of the boundary of) one of the polygons, each given by its rings (first = exterior). */
function inside(p: Point, polygons: Point[][][]): boolean {
  for (const polygon of polygons) {
    let inPolygon = false;
    for (const [r, ring] of polygon.entries()) {
      for (let i = 0; i + 1 < ring.length; i++) if (distanceToSegment(p, ring[i]!, ring[i + 1]!) <= TOLERANCE) return true;
      let crossings = false;
      for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
        const [a, b] = [ring[i]!, ring[j]!];
        if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) crossings = !crossings;
      }
      if (r === 0) inPolygon = crossings;
      else if (crossings) inPolygon = false;
    }
    if (inPolygon) return true;
  }
  return false;
}

/** Polygons (exterior + interior rings, straight segments and arcs by their control points) of a fragment. */
function polygonsOf(fragment: string): Point[][][] {
  const out: Point[][][] = [];
  for (const poly of fragment.matchAll(/<gml:Polygon\b[\s\S]*?<\/gml:Polygon>/g)) {
    const rs: Point[][] = [];
    for (const m of poly[0].matchAll(/<gml:(exterior|interior)>([\s\S]*?)<\/gml:\1>/g)) {
      const nums: number[] = [];
      for (const p of m[2]!.matchAll(/<gml:(?:posList|pos)\b[^>]*>([^<]*)<\/gml:(?:posList|pos)>/g)) nums.push(...p[1]!.trim().split(/\s+/).map(Number));
      const ring: Point[] = [];
      for (let i = 0; i + 1 < nums.length; i += 2) ring.push([nums[i]!, nums[i + 1]!]);
      if (ring.length >= 3) {
        const [a, z] = [ring[0]!, ring[ring.length - 1]!];
        if (a[0] !== z[0] || a[1] !== z[1]) ring.push([a[0], a[1]]);
        rs.push(ring);
      }
    }
    if (rs.length) out.push(rs);
  }
  return out;
}

/** Every position of a fragment (lines, points). */
function positionsOf(fragment: string): Point[] {
  const nums: number[] = [];
  for (const p of fragment.matchAll(/<gml:(?:posList|pos)\b[^>]*>([^<]*)<\/gml:(?:posList|pos)>/g)) nums.push(...p[1]!.trim().split(/\s+/).map(Number));
  const out: Point[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.push([nums[i]!, nums[i + 1]!]);
  return out.filter((p) => p.every(Number.isFinite));
}

export function checkXPlanRules(xml: string): XPlanRuleProblem[] {
  const lineOf = lineIndex(xml);
  const problems: XPlanRuleProblem[] = [];
  const ids = new Set([...xml.matchAll(/\bgml:id="([^"]+)"/g)].map((m) => m[1]!));
  for (const m of xml.matchAll(/<(\w+:\w+)\b[^>]*\bxlink:href="#([^"]+)"/g)) {
    if (!ids.has(m[2]!)) problems.push({ rule: "reference", id: m[2]!, line: lineOf(m.index!), params: { property: m[1]! } });
  }

  const all = features(xml);
  const byId = new Map(all.map((f) => [f.id, f]));
  const plans = all.filter((f) => /_Plan$/.test(f.type));
  const bereiche = all.filter((f) => /_Bereich$/.test(f.type));
  for (const plan of plans) {
    for (const b of refs(plan.body, "bereich")) {
      const bereich = byId.get(b);
      if (bereich && !refs(bereich.body, "gehoertZuPlan").includes(plan.id)) problems.push({ rule: "bereichPlan", id: b, line: lineOf(bereich.offset) });
    }
  }
  for (const bereich of bereiche) {
    for (const p of refs(bereich.body, "gehoertZuPlan")) {
      const plan = byId.get(p);
      if (plan && !refs(plan.body, "bereich").includes(bereich.id)) problems.push({ rule: "planBereich", id: bereich.id, line: lineOf(bereich.offset), params: { plan: p } });
    }
    for (const c of [...refs(bereich.body, "planinhalt"), ...refs(bereich.body, "praesentationsobjekt")]) {
      const content = byId.get(c);
      if (content && !refs(content.body, "gehoertZuBereich").includes(bereich.id)) problems.push({ rule: "contentBereich", id: c, line: lineOf(content.offset), params: { bereich: bereich.id } });
    }
  }
  for (const f of all) {
    for (const b of refs(f.body, "gehoertZuBereich")) {
      const bereich = byId.get(b);
      if (bereich && ![...refs(bereich.body, "planinhalt"), ...refs(bereich.body, "praesentationsobjekt")].includes(f.id)) {
        problems.push({ rule: "bereichContent", id: f.id, line: lineOf(f.offset), params: { bereich: b } });
      }
    }
  }

  const srs = /srsName="([^"]+)"/.exec(xml)?.[1] ?? null;
  const epsg = epsgOf(srs);
  const eastNorth = epsg === 25832 || epsg === 25833;
  for (const f of all) {
    const base = f.offset + xml.slice(f.offset).indexOf(f.body);
    for (const ring of rings(f.body, base)) {
      const line = lineOf(ring.offset);
      const pts = ring.points;
      if (pts.length < 4) {
        problems.push({ rule: "ringPositions", id: f.id, line, params: { n: pts.length } });
        continue;
      }
      const [a, z] = [pts[0]!, pts[pts.length - 1]!];
      if (Math.hypot(a[0] - z[0], a[1] - z[1]) > 1e-9) {
        problems.push({ rule: "ringOpen", id: f.id, line });
        continue;
      }
      const crossing = selfIntersection(pts);
      if (crossing) problems.push({ rule: "ringSelfIntersection", id: f.id, line, params: { at: `${crossing[0]} ${crossing[1]}` } });
      if (eastNorth) {
        const area = signedArea(pts);
        if ((ring.kind === "exterior" && area < 0) || (ring.kind === "interior" && area > 0)) problems.push({ rule: "ringOrientation", id: f.id, line, params: { ring: ring.kind } });
      }
    }
  }

  for (const plan of plans) {
    const area = /<xplan:raeumlicherGeltungsbereich>([\s\S]*?)<\/xplan:raeumlicherGeltungsbereich>/.exec(plan.body)?.[1];
    const areaPolygons = area ? polygonsOf(area) : [];
    if (!areaPolygons.length) continue;
    for (const f of all) {
      if (/_(Plan|Bereich)$/.test(f.type)) continue;
      const position = /<xplan:position>([\s\S]*?)<\/xplan:position>/.exec(f.body)?.[1];
      if (!position) continue;
      // Surfaces by their rings; a line or point feature (Baugrenze, a tree to keep) by its positions.
      const surfaces = polygonsOf(position);
      const outside = (surfaces.length ? surfaces.flat(2) : positionsOf(position)).find((p) => !inside(p, areaPolygons));
      if (outside) problems.push({ rule: "outsideArea", id: f.id, line: lineOf(f.offset), params: { type: f.type, at: `${outside[0]} ${outside[1]}` } });
    }
  }
  return problems;
}
