import type { Db } from "../../platform/db/index.js";
import { findMunicipality, municipalitiesByPostcode } from "../geo/index.js";
import type { ServiceRow } from "./queries.js";
import { lookupResponsibleOffice, type ResponsibleOffice } from "./responsible.js";
import { AGS } from "../../platform/keys.js";

/** A municipality the citizen is asking for. */
export interface Place {
  ags: string;
  ars: string;
  name: string;
}

export const POSTCODE = /^[0-9]{5}$/;

export type PlaceChoice =
  | { kind: "none" }
  | { kind: "place"; place: Place; source: "query" | "account" | "postcode" }
  | { kind: "ambiguous"; postcode: string; candidates: Array<{ ags: string; name: string; place: string }> }
  | { kind: "unknown"; value: string };

/**
 * Which municipality to show the office for: ?ags= first (explicit choice), then a postcode
 * (?plz=, several municipalities → the citizen chooses), then the signed-in user's home AGS.
 */
export async function choosePlace(db: Db, input: { ags?: string; plz?: string; homeAgs?: string | null }): Promise<PlaceChoice> {
  const ags = (input.ags ?? "").trim();
  if (ags) {
    if (!AGS.test(ags)) return { kind: "unknown", value: ags };
    const m = await findMunicipality(db, ags);
    return m ? { kind: "place", place: { ags: m.ags, ars: m.ars, name: m.short_name }, source: "query" } : { kind: "unknown", value: ags };
  }
  const plz = (input.plz ?? "").trim();
  if (plz) {
    if (!POSTCODE.test(plz)) return { kind: "unknown", value: plz };
    const rows = await municipalitiesByPostcode(db, plz);
    if (rows.length === 0) return { kind: "unknown", value: plz };
    const first = rows[0]!;
    if (rows.length === 1) return { kind: "place", place: { ags: first.ags, ars: first.ars, name: first.short_name }, source: "postcode" };
    return { kind: "ambiguous", postcode: plz, candidates: rows.map((r) => ({ ags: r.ags, name: r.short_name, place: r.place })) };
  }
  if (input.homeAgs && AGS.test(input.homeAgs)) {
    const m = await findMunicipality(db, input.homeAgs);
    if (m) return { kind: "place", place: { ags: m.ags, ars: m.ars, name: m.short_name }, source: "account" };
  }
  return { kind: "none" };
}

/** The office responsible for the service in the place (null when unknown). */
export function responsibleFor(db: Db, service: ServiceRow, place: Place): Promise<ResponsibleOffice | null> {
  return lookupResponsibleOffice(db, service.leika_key, place.ags);
}
