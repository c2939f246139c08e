import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { epsgOf, parseXPlan } from "./parse.js";
import { DHDN_TO_WGS84, dhdnToWgs84, gkToWgs84 } from "./gk.js";
import { utmToWgs84 } from "./utm.js";
import { XPLAN_DIR, validateXPlan } from "./validate.js";

const sample = (f: string) => readFileSync(`${XPLAN_DIR}/samples/${f}`, "utf8");
const near = (a: number, b: number, eps: number) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

/** Forward UTM (Snyder eq. 8-9, 8-10), written independently of utm.ts, for a round trip. */
function forward(lon: number, lat: number, zone: number): [number, number] {
  const a = 6378137, f = 1 / 298.257222101, k0 = 0.9996, e2 = f * (2 - f), ep2 = e2 / (1 - e2);
  const phi = (lat * Math.PI) / 180, lam = (lon * Math.PI) / 180, lam0 = ((zone * 6 - 183) * Math.PI) / 180;
  const m = a * ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi - ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi) + ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi) - ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
  const n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2), t = Math.tan(phi) ** 2, c = ep2 * Math.cos(phi) ** 2, A = (lam - lam0) * Math.cos(phi);
  const x = k0 * n * (A + ((1 - t + c) * A ** 3) / 6 + ((5 - 18 * t + t * t + 72 * c - 58 * ep2) * A ** 5) / 120);
  const y = k0 * (m + n * Math.tan(phi) * ((A * A) / 2 + ((5 - t + 9 * c + 4 * c * c) * A ** 4) / 24 + ((61 - 58 * t + t * t + 600 * c - 330 * ep2) * A ** 6) / 720));
  return [x + 500000, y];
}

test("UTM → WGS84: central meridian exact, round trip with the forward projection within centimetres", () => {
  near(utmToWgs84(500000, 5400000, 32)[0], 9, 1e-12);
  near(utmToWgs84(500000, 5400000, 33)[0], 15, 1e-12);
  for (const [lon, lat, zone] of [[8.4044, 49.0134, 32], [10.0, 53.55, 32], [13.4, 52.52, 33], [6.1, 47.6, 32]] as const) {
    const [x, y] = forward(lon, lat, zone);
    const [lon2, lat2] = utmToWgs84(x, y, zone);
    near(lon2, lon, 1e-7);
    near(lat2, lat, 1e-7);
  }
});

test("EPSG codes in all three spellings", () => {
  assert.equal(epsgOf("EPSG:25832"), 25832);
  assert.equal(epsgOf("urn:ogc:def:crs:EPSG::25833"), 25833);
  assert.equal(epsgOf("http://www.opengis.net/def/crs/EPSG/0/4326"), 4326);
  assert.equal(epsgOf("Gauss-Krueger"), null);
});

test("plan area and land-use area of the first sample (Hamburg)", () => {
  const p = parseXPlan(sample("BP_6.0.gml"));
  assert.equal(p.planType, "BP_Plan");
  assert.equal(p.ags, "02000000");
  assert.equal(p.area?.coordinates.length, 1);
  const ring = p.area!.coordinates[0]![0]!;
  assert.equal(ring.length, 5);
  for (const [lon, lat] of ring) {
    assert.ok(lon > 9.9 && lon < 10.1, String(lon));
    assert.ok(lat > 53.4 && lat < 53.6, String(lat));
  }
  assert.ok(p.landUses.some((l) => l.type === "BP_BaugebietsTeilFlaeche"));
});

test("rings built from curve members", () => {
  const p = parseXPlan(sample("BP_6.0.2_valide.gml"));
  assert.ok(p.area!.coordinates[0]![0]!.length > 10);
  assert.ok(p.landUses.length > 3, String(p.landUses.length));
});

test("unsupported reference system: plan kept, no map", () => {
  const p = parseXPlan(sample("BP_6.0.gml").replaceAll("EPSG:25832", "EPSG:2056"));
  assert.equal(p.area, null);
  assert.deepEqual(p.landUses, []);
  // Gauß-Krüger zone 3 named, but the values are UTM (no zone digit): no map rather than a wrong one.
  assert.equal(parseXPlan(sample("BP_6.0.gml").replaceAll("EPSG:25832", "EPSG:31467")).area, null);
});

test("both sample plans are valid XPlanGML 6.0; a broken one is reported with its line", async () => {
  for (const f of ["BP_6.0.gml", "BP_6.0.2_valide.gml"]) assert.deepEqual((await validateXPlan(sample(f))).errors, []);
  const bad = await validateXPlan(sample("BP_6.0.gml").replace("<xplan:planArt>1000</xplan:planArt>", "<xplan:planArt>abc</xplan:planArt>"));
  assert.equal(bad.valid, false);
  assert.match(bad.errors[0]!.message, /xplan:planArt/);
  assert.equal(bad.errors[0]!.line, 42);
});

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), "utf8");

test("lines, points and polygons with holes: the fixture is XSD-valid without warnings and parsed as such", async () => {
  const xml = fixture("BP_lines_points_holes.gml");
  const checked = await validateXPlan(xml);
  assert.deepEqual([checked.errors, checked.warnings], [[], []]);
  const p = parseXPlan(xml);
  // The Geltungsbereich keeps its hole as a second ring (closed, 5 positions each).
  const [outer, hole] = p.area!.coordinates[0]!;
  assert.equal(p.area!.coordinates[0]!.length, 2);
  assert.equal(outer!.length, 5);
  assert.equal(hole!.length, 5);
  assert.deepEqual(hole![0], hole![4]);
  // 487300 / 5425300 in UTM 32 is the hole's first corner.
  const [lon, lat] = utmToWgs84(487300, 5425300, 32);
  near(hole![0]![0], lon, 1e-6);
  near(hole![0]![1], lat, 1e-6);
  const byType = new Map(p.landUses.map((l) => [l.type, l.geometry]));
  assert.deepEqual([...byType.keys()], ["BP_BaugebietsTeilFlaeche", "BP_BauGrenze", "BP_AnpflanzungBindungErhaltung"]);
  const area = byType.get("BP_BaugebietsTeilFlaeche")!;
  assert.equal(area.type, "MultiPolygon");
  assert.equal((area.coordinates as number[][][][])[0]!.length, 2, "the land-use area keeps its hole");
  const line = byType.get("BP_BauGrenze")!;
  assert.equal(line.type, "MultiLineString");
  assert.equal((line.coordinates as number[][][])[0]!.length, 3);
  const point = byType.get("BP_AnpflanzungBindungErhaltung")!;
  assert.equal(point.type, "MultiPoint");
  const [plon, plat] = utmToWgs84(487050, 5425350, 32);
  near((point.coordinates as number[][])[0]![0]!, plon, 1e-6);
  near((point.coordinates as number[][])[0]![1]!, plat, 1e-6);
});

test("a presentation object (XP_PPO point) is not plan content; curves inside rings are not lines", () => {
  const p = parseXPlan(sample("BP_6.0.gml"));
  assert.ok(p.landUses.every((l) => !l.type.startsWith("XP_")));
  const q = parseXPlan(sample("BP_6.0.2_valide.gml"));
  // Its polygons are built from curve members (gml:Curve/LineString inside gml:Ring): they stay surfaces.
  assert.ok(q.landUses.some((l) => l.geometry.type === "MultiPolygon"));
  assert.ok(q.landUses.every((l) => l.geometry.type !== "MultiLineString" || !l.type.endsWith("Flaeche")), JSON.stringify(q.landUses.map((l) => [l.type, l.geometry.type])));
});

/**
 * WGS84 → Gauß-Krüger, written independently of gk.ts for a round trip: the Helmert shift backwards (the negated
 * parameters; the error of that is below a millimetre for rotations this small), geocentric → Bessel by Bowring,
 * then the forward transverse Mercator (Snyder 8-9, 8-10) with k0 = 1.
 */
function wgs84ToGk(lon: number, lat: number, zone: number): [number, number] {
  const w = { a: 6378137, f: 1 / 298.257223563 }, b = { a: 6377397.155, f: 1 / 299.1528128 };
  const geo = (lo: number, la: number, e: typeof w) => {
    const e2 = e.f * (2 - e.f), p = (la * Math.PI) / 180, l = (lo * Math.PI) / 180, n = e.a / Math.sqrt(1 - e2 * Math.sin(p) ** 2);
    return [n * Math.cos(p) * Math.cos(l), n * Math.cos(p) * Math.sin(l), n * (1 - e2) * Math.sin(p)] as const;
  };
  const [x, y, z] = geo(lon, lat, w);
  const k = DHDN_TO_WGS84, s = Math.PI / 180 / 3600, [rx, ry, rz, m] = [-k.rx * s, -k.ry * s, -k.rz * s, 1 - k.s * 1e-6];
  const [X, Y, Z] = [-k.tx + m * (x - rz * y + ry * z), -k.ty + m * (rz * x + y - rx * z), -k.tz + m * (-ry * x + rx * y + z)];
  const e2 = b.f * (2 - b.f), bb = b.a * (1 - b.f), ep2 = (b.a * b.a - bb * bb) / (bb * bb), P = Math.hypot(X, Y), th = Math.atan2(Z * b.a, P * bb);
  const phi = Math.atan2(Z + ep2 * bb * Math.sin(th) ** 3, P - e2 * b.a * Math.cos(th) ** 3), lam = Math.atan2(Y, X);
  const a = b.a, lam0 = (zone * 3 * Math.PI) / 180;
  const M = a * ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi - ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi) + ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi) - ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
  const eq2 = e2 / (1 - e2), n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2), t = Math.tan(phi) ** 2, c = eq2 * Math.cos(phi) ** 2, A = (lam - lam0) * Math.cos(phi);
  const east = n * (A + ((1 - t + c) * A ** 3) / 6 + ((5 - 18 * t + t * t + 72 * c - 58 * eq2) * A ** 5) / 120);
  const north = M + n * Math.tan(phi) * ((A * A) / 2 + ((5 - t + 9 * c + 4 * c * c) * A ** 4) / 24 + ((61 - 58 * t + t * t + 600 * c - 330 * eq2) * A ** 6) / 720);
  return [east + zone * 1_000_000 + 500_000, north];
}

test("Gauß-Krüger → WGS84: round trip with an independent forward path within centimetres, in zones 2 to 5", () => {
  for (const [lon, lat, zone] of [[8.8405, 48.9473, 3], [9.1829, 48.7758, 3], [6.96, 50.94, 2], [11.576, 48.137, 4], [13.405, 52.52, 5]] as const) {
    const [r, h] = wgs84ToGk(lon, lat, zone);
    assert.equal(Math.floor(r / 1_000_000), zone);
    const [lon2, lat2] = gkToWgs84(r, h, zone);
    near(lon2, lon, 2e-7);
    near(lat2, lat, 2e-7);
    // Northing first (EPSG's axis order for 31467) gives the same point, except in zone 5 where both start with 5.
    if (zone !== 5) assert.deepEqual(gkToWgs84(h, r, zone), [lon2, lat2]);
  }
});

/**
 * Reference points from PROJ 9 (Debian's proj-bin), not from this code: per row Rechtswert, Hochwert, zone, then
 * `cs2cs +proj=tmerc +lon_0=<3·zone> +k=1 +x_0=<zone·10⁶+500000> +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7
 * +to +proj=longlat +datum=WGS84` (the same datum shift: must agree within centimetres), then `cs2cs EPSG:3146x EPSG:4326`
 * (PROJ's own choice of operation for the EPSG codes, the "DHDN to WGS 84 (4)" fit: must agree within the 3 m the
 * countrywide fit promises).
 */
const PROJ_REFERENCE = [
  [3476000, 5420000, 3, 8.67151865, 48.9169188, 8.67152028, 48.91691324],
  [3470523, 5415980, 3, 8.5970836, 48.88053456, 8.59708538, 48.88052853],
  [2580000, 5300000, 2, 7.0679864, 47.83324866, 7.06799897, 47.83323189],
  [4480000, 5500000, 4, 11.72165357, 49.63639368, 11.72165287, 49.63639921],
  [5400000, 5900000, 5, 13.50074127, 53.22262778, 13.50074128, 53.22262777],
] as const;

test("Gauß-Krüger → WGS84 agrees with PROJ: within centimetres for the same datum shift, within 3 m of PROJ's EPSG operation", () => {
  const metres = (lon: number, lat: number, lon2: number, lat2: number) =>
    Math.hypot((lon - lon2) * 111_320 * Math.cos((lat * Math.PI) / 180), (lat - lat2) * 110_540);
  for (const [r, h, zone, lonT, latT, lonE, latE] of PROJ_REFERENCE) {
    const [lon, lat] = gkToWgs84(r, h, zone);
    assert.ok(metres(lon, lat, lonT, latT) < 0.05, `${r} ${h}: ${metres(lon, lat, lonT, latT)} m from PROJ towgs84`);
    assert.ok(metres(lon, lat, lonE, latE) < 3, `${r} ${h}: ${metres(lon, lat, lonE, latE)} m from PROJ EPSG:${31464 + zone}`);
  }
});

test("the DHDN → WGS84 datum shift in the Enzkreis: about 75 m west and 115 m south (the order of magnitude of the DHDN offset, not a surveyed vector); foreign values are NaN", () => {
  const [lon, lat] = dhdnToWgs84(8.8, 48.98);
  const east = (lon - 8.8) * 111_320 * Math.cos((48.98 * Math.PI) / 180);
  const north = (lat - 48.98) * 111_320;
  assert.ok(east < -50 && east > -100, String(east));
  assert.ok(north < -90 && north > -140, String(north));
  assert.ok(gkToWgs84(563014, 5928972, 3).every(Number.isNaN));
});

test("a plan in Gauß-Krüger zone 3 (EPSG:31467) is drawn in WGS84, holes, lines and points included", () => {
  // The fixture's UTM positions turned into Gauß-Krüger ones by the forward path above (via WGS84).
  const xml = fixture("BP_lines_points_holes.gml")
    .replaceAll("EPSG:25832", "EPSG:31467")
    .replace(/<gml:(posList|pos)\b([^>]*)>([^<]*)<\/gml:\1>/g, (_m, tag: string, attrs: string, list: string) => {
      const n = list.trim().split(/\s+/).map(Number);
      const out: string[] = [];
      for (let i = 0; i + 1 < n.length; i += 2) {
        const [lo, la] = utmToWgs84(n[i]!, n[i + 1]!, 32);
        out.push(wgs84ToGk(lo, la, 3).map((v) => v.toFixed(3)).join(" "));
      }
      return `<gml:${tag}${attrs}>${out.join(" ")}</gml:${tag}>`;
    });
  assert.match(xml, /<gml:pos>34\d{5}\.\d{3} 54\d{5}\.\d{3}<\/gml:pos>/);
  const gk = parseXPlan(xml);
  const utm = parseXPlan(fixture("BP_lines_points_holes.gml"));
  assert.equal(gk.srs, "EPSG:31467");
  // The same places as from the UTM original, to a few millimetres (coordinates rounded to 1e-7°).
  const flat = (p: typeof gk) => JSON.stringify([p.area, p.landUses.map((l) => l.geometry)]).match(/-?\d+\.\d+/g)!.map(Number);
  const [a, b] = [flat(gk), flat(utm)];
  assert.equal(a.length, b.length);
  a.forEach((v, i) => near(v, b[i]!, 3e-7));
  assert.deepEqual(gk.landUses.map((l) => l.geometry.type), ["MultiPolygon", "MultiLineString", "MultiPoint"]);
});

test("Art der baulichen Nutzung: each code keeps the attribute (and so the code list) it came from", () => {
  // The fixture gives only allgArtDerBaulNutzung 1000 (Wohnbaufläche), not the besondere 1000 (Kleinsiedlungsgebiet).
  const allg = parseXPlan(fixture("BP_lines_points_holes.gml")).landUses.find((l) => l.type === "BP_BaugebietsTeilFlaeche")!;
  assert.deepEqual([allg.use, allg.useAttribute], ["1000", "allgArtDerBaulNutzung"]);
  const besondere = parseXPlan(sample("BP_6.0.gml")).landUses.find((l) => l.type === "BP_BaugebietsTeilFlaeche")!;
  assert.deepEqual([besondere.use, besondere.useAttribute], ["1500", "besondereArtDerBaulNutzung"]);
  // Both given: the besondere (finer) one leads; features without either have none.
  const both = parseXPlan(fixture("BP_lines_points_holes.gml").replace("<xplan:allgArtDerBaulNutzung>1000</xplan:allgArtDerBaulNutzung>", "<xplan:allgArtDerBaulNutzung>1000</xplan:allgArtDerBaulNutzung><xplan:besondereArtDerBaulNutzung>1200</xplan:besondereArtDerBaulNutzung>"));
  const b = both.landUses.find((l) => l.type === "BP_BaugebietsTeilFlaeche")!;
  assert.deepEqual([b.use, b.useAttribute], ["1200", "besondereArtDerBaulNutzung"]);
  const line = both.landUses.find((l) => l.type === "BP_BauGrenze")!;
  assert.deepEqual([line.use, line.useAttribute], [null, null]);
});
