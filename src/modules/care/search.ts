/**
 * The one provider search behind the HTML page (/pflegeplaetze) and the JSON API
 * (/api/v1/care/providers): both validate their own input (form errors vs. schema + 400/422), then call
 * `runProviderSearch` with the same filters, which resolves the origin of a radius search (the chosen
 * municipality, else the postcode's municipality; a typed address at its geocoded point when a geocoder is
 * configured, else at its municipality's centre) and asks `searchProviders`.
 */
import type { Db } from "../../platform/db/index.js";
import type { Config } from "../../platform/config.js";
import { municipalitiesByPostcode } from "../geo/index.js";
import { allCentres, centreOf, distanceKm, type GeoPoint } from "../../platform/geo/centres.js";
import type { Geocoder } from "../../platform/geo/geocoder.js";
import { staleDaysOf } from "./kinds.js";
import { locateInMunicipality, MUNICIPALITY_REACH_KM } from "./geocoding.js";
import { originOfAddress, type AddressOrigin } from "./origin.js";
import { searchProviders, type ProviderRow } from "./queries.js";

/** Validated search filters (values from kinds.ts lists; dates ISO). */
export interface CareSearchFilters {
  ags?: string;
  postcode?: string;
  /** Free text (street address, postcode and/or town): the origin of the distances (its municipality's centre). */
  address?: string;
  kind?: string;
  /** Radius in km (kinds.ts RADII); needs `ags` or `postcode`. */
  radius?: number;
  neededFrom?: string;
  specialisations?: string[];
  language?: string;
  accessible?: boolean;
}

/** Where the distances of an address search start: the geocoded address or street, else the municipality's centre. */
export type CareOrigin = AddressOrigin & { precision: "address" | "street" | "municipality"; point?: GeoPoint };

export type CareSearchResult =
  | { ok: true; results: ProviderRow[]; origin?: CareOrigin }
  /** `postcodeUnknown`: no municipality of the county has the postcode; `radiusNeedsPlace`: a radius without ags/postcode; `addressUnknown`: no postcode or municipality of the county in the address. */
  | { ok: false; error: "postcodeUnknown" | "radiusNeedsPlace" | "addressUnknown" };

/** An address without a chosen radius still orders by distance: every municipality within this many km. */
export const ADDRESS_DEFAULT_RADIUS = 50;

/**
 * The distance search around a point: candidate municipalities with the distance of their centres (a provider's
 * own point may lie MUNICIPALITY_REACH_KM from its centre, so that much beyond the radius; the radius itself is
 * checked per provider).
 */
function nearOf(origin: GeoPoint | undefined, radiusKm: number) {
  const municipalities = new Map<string, number>();
  if (origin) for (const c of allCentres()) {
    const d = distanceKm(origin, c);
    if (d <= radiusKm + MUNICIPALITY_REACH_KM) municipalities.set(c.ags, d);
  }
  return { origin: origin ?? { lat: 0, lon: 0 }, radiusKm, municipalities };
}

/**
 * Runs the public search. `countyAgs` are the municipalities of the served county (the postcode's
 * municipality must be one of them to be an origin).
 */
export async function runProviderSearch(db: Db, config: Pick<Config, "care" | "countyKey" | "partnerKeys">, f: CareSearchFilters, countyAgs: ReadonlySet<string>, now: Date, geocoder?: Geocoder): Promise<CareSearchResult> {
  let near: ReturnType<typeof nearOf> | undefined;
  let fromAddress: CareOrigin | undefined;
  if (f.address) {
    const r = await originOfAddress(db, f.address, countyAgs, [config.countyKey, ...config.partnerKeys]);
    if (!r.ok) return r;
    const hit = await locateInMunicipality(geocoder, config.countyKey, f.address, r.origin.ags);
    fromAddress = hit ? { ...r.origin, precision: hit.precision === "address" ? "address" : "street", point: { lat: hit.lat, lon: hit.lon } } : { ...r.origin, precision: "municipality" };
    near = nearOf(fromAddress.point ?? centreOf(r.origin.ags), f.radius ?? ADDRESS_DEFAULT_RADIUS);
  } else if (f.radius) {
    let origin = f.ags;
    if (!origin && f.postcode) {
      origin = (await municipalitiesByPostcode(db, f.postcode)).find((m) => countyAgs.has(m.ags))?.ags;
      if (!origin) return { ok: false, error: "postcodeUnknown" };
    }
    if (!origin) return { ok: false, error: "radiusNeedsPlace" };
    near = nearOf(centreOf(origin), f.radius);
  }
  const results = await searchProviders(db, {
    ags: fromAddress ? undefined : f.ags,
    postcode: fromAddress ? undefined : f.postcode,
    near,
    kind: f.kind,
    neededFrom: f.neededFrom,
    specialisations: f.specialisations,
    language: f.language,
    accessible: f.accessible,
    now,
    staleDays: staleDaysOf(config),
    dropAfterDays: config.care.dropAfterDays,
  });
  return { ok: true, results, origin: fromAddress };
}
