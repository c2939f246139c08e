/**
 * Gauß-Krüger (DHDN, Bessel 1841; EPSG:31466–31469, zones 2–5) → WGS84 for older plans. Two steps:
 * 1. inverse transverse Mercator on the Bessel ellipsoid (k0 = 1, central meridian 3° × zone, false easting
 *    zone × 1 000 000 + 500 000) → DHDN latitude/longitude;
 * 2. the datum shift DHDN → WGS84 by a 7-parameter Helmert transformation through geocentric coordinates, with
 *    the parameters proj uses for these codes (+towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7, position-vector
 *    rotations). That is a countrywide fit: accurate to about 3 m, enough for a map and for placing a comment in
 *    a plan area — not for surveying (the BeTA2007 grid would be needed).
 */
import { inverseTransverseMercator } from "./utm.js";

const BESSEL = { a: 6377397.155, f: 1 / 299.1528128 };
const WGS84 = { a: 6378137, f: 1 / 298.257223563 };
const ARCSEC = Math.PI / 180 / 3600;
/** DHDN → WGS84: translation (m), rotation (arc seconds, position vector), scale (ppm). */
export const DHDN_TO_WGS84 = { tx: 598.1, ty: 73.7, tz: 418.2, rx: 0.202, ry: 0.045, rz: -2.455, s: 6.7 };

/** The zone of a Gauß-Krüger EPSG code (31466 → 2 … 31469 → 5), else null. */
export const gkZone = (epsg: number | null): number | null => (epsg !== null && epsg >= 31466 && epsg <= 31469 ? epsg - 31464 : null);

function toGeocentric(lonDeg: number, latDeg: number, e: { a: number; f: number }): [number, number, number] {
  const e2 = e.f * (2 - e.f);
  const [lon, lat] = [(lonDeg * Math.PI) / 180, (latDeg * Math.PI) / 180];
  const n = e.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [n * Math.cos(lat) * Math.cos(lon), n * Math.cos(lat) * Math.sin(lon), n * (1 - e2) * Math.sin(lat)];
}

function fromGeocentric(x: number, y: number, z: number, e: { a: number; f: number }): [number, number] {
  const e2 = e.f * (2 - e.f);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  // Fixed-point iteration; converges to well below a millimetre in a few steps near the surface.
  for (let i = 0; i < 10; i++) {
    const n = e.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    const h = p / Math.cos(lat) - n;
    lat = Math.atan2(z, p * (1 - (e2 * n) / (n + h)));
  }
  return [(Math.atan2(y, x) * 180) / Math.PI, (lat * 180) / Math.PI];
}

/** DHDN longitude/latitude (degrees) → WGS84 longitude/latitude (Helmert, position vector convention as proj's towgs84). */
export function dhdnToWgs84(lon: number, lat: number, p = DHDN_TO_WGS84): [number, number] {
  const [x, y, z] = toGeocentric(lon, lat, BESSEL);
  const [rx, ry, rz, m] = [p.rx * ARCSEC, p.ry * ARCSEC, p.rz * ARCSEC, 1 + p.s * 1e-6];
  return fromGeocentric(p.tx + m * (x - rz * y + ry * z), p.ty + m * (rz * x + y - rx * z), p.tz + m * (-ry * x + rx * y + z), WGS84);
}

/**
 * Rechtswert/Hochwert of a Gauß-Krüger zone → WGS84 [longitude, latitude]. The Rechtswert carries the zone as its
 * first digit (3 500 000 = zone 3's central meridian); given the other way round (EPSG's northing-first axis order,
 * noticed when the first value does not start with the zone), the two are swapped; when neither starts with it, the
 * result is NaN (the parser then draws nothing).
 */
export function gkToWgs84(first: number, second: number, zone: number): [number, number] {
  const carries = (v: number) => Math.floor(v / 1_000_000) === zone;
  // Neither value carries the zone: not a coordinate of this system (no map rather than a wrong one).
  if (!carries(first) && !carries(second)) return [Number.NaN, Number.NaN];
  const [easting, northing] = carries(first) ? [first, second] : [second, first];
  const [lon, lat] = inverseTransverseMercator(easting - zone * 1_000_000 - 500_000, northing, { ...BESSEL, k0: 1, lon0: zone * 3 });
  return dhdnToWgs84(lon, lat);
}
