/**
 * Inverse transverse Mercator (UTM, GRS80 ≈ WGS84 ellipsoid; ETRS89 and WGS84 differ by well under a metre,
 * which does not matter on a map): easting/northing of a northern-hemisphere zone → [longitude, latitude].
 * Series after Snyder, "Map Projections — A Working Manual" (USGS 1395), eq. 8-18 ff.; accurate to millimetres
 * within the zone.
 */
/**
 * Inverse transverse Mercator on an ellipsoid (a, f), scale k0 on the central meridian lon0 (degrees): x is the
 * distance east of the central meridian (false easting already taken off), y north of the equator → [lon, lat].
 */
export function inverseTransverseMercator(x: number, y: number, e: { a: number; f: number; k0: number; lon0: number }): [number, number] {
  const { a: A, f: F, k0: K0 } = e;
  const e2 = F * (2 - F);
  const ep2 = e2 / (1 - e2);
  const m = y / K0;
  const mu = m / (A * (1 - e2 / 4 - (3 * e2 * e2) / 64 - (5 * e2 ** 3) / 256));
  const e1 = (1 - Math.sqrt(1 - e2)) / (1 + Math.sqrt(1 - e2));
  const phi1 = mu + ((3 * e1) / 2 - (27 * e1 ** 3) / 32) * Math.sin(2 * mu) + ((21 * e1 * e1) / 16 - (55 * e1 ** 4) / 32) * Math.sin(4 * mu) + ((151 * e1 ** 3) / 96) * Math.sin(6 * mu) + ((1097 * e1 ** 4) / 512) * Math.sin(8 * mu);
  const sin1 = Math.sin(phi1);
  const cos1 = Math.cos(phi1);
  const tan1 = Math.tan(phi1);
  const n1 = A / Math.sqrt(1 - e2 * sin1 * sin1);
  const t1 = tan1 * tan1;
  const c1 = ep2 * cos1 * cos1;
  const r1 = (A * (1 - e2)) / (1 - e2 * sin1 * sin1) ** 1.5;
  const d = x / (n1 * K0);
  const lat = phi1 - ((n1 * tan1) / r1) * ((d * d) / 2 - ((5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * d ** 4) / 24 + ((61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1) * d ** 6) / 720);
  const lon0 = (e.lon0 * Math.PI) / 180;
  const lon = lon0 + (d - ((1 + 2 * t1 + c1) * d ** 3) / 6 + ((5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) * d ** 5) / 120) / cos1;
  return [(lon * 180) / Math.PI, (lat * 180) / Math.PI];
}

/** ETRS89/UTM (GRS80, k0 0.9996, false easting 500 000) of a northern zone → [longitude, latitude]. */
export function utmToWgs84(easting: number, northing: number, zone: number): [number, number] {
  return inverseTransverseMercator(easting - 500000, northing, { a: 6378137, f: 1 / 298.257222101, k0: 0.9996, lon0: zone * 6 - 183 });
}
