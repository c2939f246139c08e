/**
 * Where a distance search starts when a family types an address ("Hauptstraße 5, 75305 Neuenbürg") or a
 * postcode. No geocoding service is reachable: the address resolves to its **municipality** through the
 * shipped postcode table (OSM postcodes, geo module) or a municipality/place name in the text, and the
 * distance is measured from that municipality's centre (platform/geo/centres.ts). The street and house
 * number are not used (the page says so); nothing of the address is stored.
 */
import type { Db } from "../../platform/db/index.js";
import { municipalitiesByPostcode, municipalitiesMentionedIn } from "../geo/index.js";

export interface AddressOrigin {
  ags: string;
  name: string;
  /** The postcode found in the text (if any). */
  postcode?: string;
  /** The postcode spans several municipalities of the county: the one named in the text, else the most populous. */
  ambiguous: boolean;
}

export type AddressResult = { ok: true; origin: AddressOrigin } | { ok: false; error: "postcodeUnknown" | "addressUnknown" };

/** Resolves free text to a municipality of the county (`countyAgs`); `kreisKeys` narrow the name search. */
export async function originOfAddress(db: Db, text: string, countyAgs: ReadonlySet<string>, kreisKeys: readonly string[]): Promise<AddressResult> {
  const postcode = /(?:^|\D)(\d{5})(?!\d)/.exec(text)?.[1];
  const named = (await municipalitiesMentionedIn(db, text.replace(/\d+/g, " "), { within: [...kreisKeys], limit: 5 })).filter((m) => countyAgs.has(m.ags));
  if (postcode) {
    const byCode = (await municipalitiesByPostcode(db, postcode)).filter((m) => countyAgs.has(m.ags));
    const unique = [...new Map(byCode.map((m) => [m.ags, m])).values()];
    if (unique.length === 0) return { ok: false, error: "postcodeUnknown" };
    const pick = unique.find((m) => named.some((n) => n.ags === m.ags)) ?? unique[0]!;
    return { ok: true, origin: { ags: pick.ags, name: pick.short_name, postcode, ambiguous: unique.length > 1 && !named.some((n) => n.ags === pick.ags) } };
  }
  const first = named[0];
  if (!first) return { ok: false, error: "addressUnknown" };
  return { ok: true, origin: { ags: first.ags, name: first.short_name, ambiguous: false } };
}
