/**
 * The one provider search behind the HTML page (/pflegeplaetze) and the JSON API
 * (/api/v1/care/providers): both validate their own input (form errors vs. schema + 400/422), then call
 * `runProviderSearch` with the same filters, which resolves the origin of a radius search (the chosen
 * municipality, else the postcode's municipality) and asks `searchProviders`.
 */
import type { Db } from "../../platform/db/index.js";
import type { Config } from "../../platform/config.js";
import { municipalitiesByPostcode } from "../geo/index.js";
import { municipalitiesWithin } from "../../platform/geo/centres.js";
import { staleDaysOf } from "./kinds.js";
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

export type CareSearchResult =
  | { ok: true; results: ProviderRow[]; distances?: Map<string, number>; origin?: AddressOrigin }
  /** `postcodeUnknown`: no municipality of the county has the postcode; `radiusNeedsPlace`: a radius without ags/postcode; `addressUnknown`: no postcode or municipality of the county in the address. */
  | { ok: false; error: "postcodeUnknown" | "radiusNeedsPlace" | "addressUnknown" };

/** An address without a chosen radius still orders by distance: every municipality within this many km. */
export const ADDRESS_DEFAULT_RADIUS = 50;

/**
 * Runs the public search. `countyAgs` are the municipalities of the served county (the postcode's
 * municipality must be one of them to be an origin).
 */
export async function runProviderSearch(db: Db, config: Pick<Config, "care" | "countyKey" | "partnerKeys">, f: CareSearchFilters, countyAgs: ReadonlySet<string>, now: Date): Promise<CareSearchResult> {
  let distances: Map<string, number> | undefined;
  let fromAddress: AddressOrigin | undefined;
  if (f.address) {
    const r = await originOfAddress(db, f.address, countyAgs, [config.countyKey, ...config.partnerKeys]);
    if (!r.ok) return r;
    fromAddress = r.origin;
    distances = municipalitiesWithin(r.origin.ags, f.radius ?? ADDRESS_DEFAULT_RADIUS);
  } else if (f.radius) {
    let origin = f.ags;
    if (!origin && f.postcode) {
      origin = (await municipalitiesByPostcode(db, f.postcode)).find((m) => countyAgs.has(m.ags))?.ags;
      if (!origin) return { ok: false, error: "postcodeUnknown" };
    }
    if (!origin) return { ok: false, error: "radiusNeedsPlace" };
    distances = municipalitiesWithin(origin, f.radius);
  }
  const within = distances ? [...distances.entries()].sort((x, y) => x[1] - y[1]).map(([k]) => k) : undefined;
  const results = await searchProviders(db, {
    ags: fromAddress ? undefined : f.ags,
    postcode: fromAddress ? undefined : f.postcode,
    within,
    kind: f.kind,
    neededFrom: f.neededFrom,
    specialisations: f.specialisations,
    language: f.language,
    accessible: f.accessible,
    now,
    staleDays: staleDaysOf(config),
    dropAfterDays: config.care.dropAfterDays,
  });
  return { ok: true, results, distances, origin: fromAddress };
}
