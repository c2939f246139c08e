/**
 * Municipality centres and distances (used by the Pflegebörse and the Streuobstwiesen-Börse). The geo
 * module has no coordinates yet (Destatis areas and OSM
 * postcodes only), so the platform keeps the approximate centre of each municipality of the
 * Enzkreis and Pforzheim (WGS 84, rounded to about 100 m; town hall area, from OpenStreetMap, ODbL).
 * Distances are between municipality centres: a provider's distance is that of its municipality.
 * When the geo module gains coordinates, `centreOf` should ask it instead.
 */
const CENTRES: Record<string, [lat: number, lon: number]> = {
  "08231000": [48.8922, 8.6947], // Pforzheim
  "08236004": [48.87, 8.633], // Birkenfeld
  "08236011": [48.948, 8.67], // Eisingen
  "08236013": [48.833, 8.65], // Engelsbrand
  "08236019": [48.836, 8.835], // Friolzheim
  "08236025": [48.807, 8.863], // Heimsheim
  "08236028": [48.956, 8.921], // Illingen
  "08236030": [48.916, 8.67], // Ispringen
  "08236031": [48.933, 8.75], // Kieselbronn
  "08236033": [49.025, 8.757], // Knittlingen
  "08236038": [49.0, 8.811], // Maulbronn
  "08236039": [48.868, 8.868], // Mönsheim
  "08236040": [48.95, 8.84], // Mühlacker
  "08236043": [48.846, 8.592], // Neuenbürg
  "08236044": [48.792, 8.776], // Neuhausen
  "08236046": [48.916, 8.783], // Niefern-Öschelbronn
  "08236050": [48.97, 8.803], // Ötisheim
  "08236061": [49.05, 8.854], // Sternenfels
  "08236062": [48.824, 8.8], // Tiefenbronn
  "08236065": [48.891, 8.849], // Wiernsheim
  "08236067": [48.85, 8.837], // Wimsheim
  "08236068": [48.872, 8.82], // Wurmberg
  "08236070": [48.91, 8.57], // Keltern
  "08236071": [48.953, 8.573], // Remchingen
  "08236072": [48.845, 8.53], // Straubenhardt
  "08236073": [48.97, 8.69], // Neulingen
  "08236074": [48.94, 8.628], // Kämpfelbach
  "08236075": [48.98, 8.74], // Ölbronn-Dürrn
  "08236076": [48.966, 8.606], // Königsbach-Stein
};

/** The centre of a municipality (8-digit AGS), or undefined outside the table. */
export function centreOf(ags: string): { lat: number; lon: number } | undefined {
  const c = CENTRES[ags];
  return c ? { lat: c[0], lon: c[1] } : undefined;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** A point in WGS 84 degrees. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * The bounding area of a county (Kreis key, 5 digits) in which owners may place points: for the Enzkreis
 * (08236) the box around its municipalities and the enclosed city of Pforzheim, with a margin of ~2 km.
 */
const COUNTY_BOUNDS: Record<string, { south: number; north: number; west: number; east: number }> = {
  "08236": { south: 48.72, north: 49.1, west: 8.48, east: 8.99 },
};

/** The bounding area of the county, or undefined when the table has none (then no point can be placed). */
export function countyBounds(countyKey: string) {
  return COUNTY_BOUNDS[countyKey];
}

export function withinBounds(p: GeoPoint, b: { south: number; north: number; west: number; east: number }): boolean {
  return p.lat >= b.south && p.lat <= b.north && p.lon >= b.west && p.lon <= b.east;
}

/** The grid of coarsened points: 0.01° latitude (~1.1 km) × 0.015° longitude (~1.1 km at 49° N). */
export const GRID = { lat: 0.01, lon: 0.015 } as const;

/** The centre of the ~1 km grid cell a point lies in (what the public sees instead of the exact point). */
export function coarsen(p: GeoPoint): GeoPoint {
  const cell = (v: number, step: number) => Math.round((Math.floor(v / step + 1e-9) + 0.5) * step * 1e6) / 1e6;
  return { lat: cell(p.lat, GRID.lat), lon: cell(p.lon, GRID.lon) };
}

/** All municipality centres (AGS → point), e.g. for a query that needs them as a table. */
export function allCentres(): Array<{ ags: string } & GeoPoint> {
  return Object.entries(CENTRES).map(([ags, [lat, lon]]) => ({ ags, lat, lon }));
}
