/**
 * Where an address of the county lies (issue 17): the installation's geocoder (GEOCODER_URL, Nominatim search
 * API, platform/geo/geocoder.ts) asked within the county's box. Only a house or a street counts, and only
 * near the municipality the address belongs to – a hit elsewhere would be a guess.
 */
import { centreOf, countyBounds, distanceKm } from "../../platform/geo/centres.js";
import type { GeocodeHit, Geocoder } from "../../platform/geo/geocoder.js";

/**
 * How far a point may lie from its municipality's centre (the largest municipalities of the county reach
 * ~8 km). The distance search also asks municipalities this much beyond its radius.
 */
export const MUNICIPALITY_REACH_KM = 8;

export async function locateInMunicipality(geocoder: Geocoder | undefined, countyKey: string, text: string, ags: string): Promise<GeocodeHit | undefined> {
  const bounds = countyBounds(countyKey);
  const centre = centreOf(ags);
  if (!geocoder || !bounds || !centre) return undefined;
  const hit = await geocoder.geocode(text, bounds);
  return hit && hit.precision !== "place" && distanceKm(hit, centre) <= MUNICIPALITY_REACH_KM ? hit : undefined;
}
