import type { FastifyInstance } from "fastify";
import { translatorFor, type Translate } from "../../platform/i18n/index.js";
import { countyDisplayName, gemeindeType, isAssociation, kreisType, verbandType, type GemeindeType, type KreisType, type VerbandType } from "./names.js";
import type { KreisRow, MunicipalityRow } from "./queries.js";
import { geoMessages } from "./messages.js";

/** A county (Kreis) as shown to citizens and API clients. */
export interface County {
  ags: string;
  name: string;
  officialName: string;
  type: KreisType;
  typeLabel: string;
  seat: string | null;
  population: number | null;
}

export interface Association {
  ars: string;
  name: string;
  type: VerbandType;
  typeLabel: string;
  seat: string | null;
  members?: Array<{ ags: string; name: string }>;
}

/** A municipality (Gemeinde) as shown to citizens and API clients. */
export interface Municipality {
  ags: string;
  ars: string;
  name: string;
  officialName: string;
  type: GemeindeType;
  typeLabel: string;
  county: { ags: string; name: string; type: KreisType } | null;
  association: Association | null;
  population: number | null;
  areaHa: number | null;
  seatPostcode: string | null;
  postcodes: string[];
  /** True when this portal serves the municipality (it lies in the county or a partner Kreis). */
  served: boolean;
  authority: { key: string; name: string } | null;
}

// The API speaks the official German terms; pages translate with the request's locale.
const de = translatorFor(geoMessages)("de");

/** Label of a municipality type ("Große Kreisstadt"). */
export function gemeindeTypeLabel(t: Translate, type: GemeindeType): string {
  return t(`geo.gemeinde.${type}`);
}

/** Label of an association type, in the terms of the municipality's Land (BW: "Gemeindeverwaltungsverband (GVV)"). */
export function verbandTypeLabel(t: Translate, type: VerbandType, ars: string): string {
  const landKey = `geo.verband.${type}.${ars.slice(0, 2)}`;
  const landLabel = t(landKey);
  return landLabel !== landKey ? landLabel : t(`geo.verband.${type}`);
}

export function kreisTypeLabel(t: Translate, type: KreisType): string {
  return t(`geo.kreis.${type}`);
}

export function presentCounty(row: KreisRow): County {
  const type = kreisType(row.type_code);
  return {
    ags: row.ags,
    name: countyDisplayName(row.name, row.type_code),
    officialName: row.name,
    type,
    typeLabel: kreisTypeLabel(de, type),
    seat: row.seat,
    population: row.population,
  };
}

/** The municipal authorities (org unit key and name) by AGS, as the responsibility module gives them. */
export type MunicipalAuthorities = ReadonlyMap<string, { key: string; name: string }>;

/** The municipal authorities of the rows from the app's `municipalAuthorities` service (none without it). */
export async function authoritiesOf(app: FastifyInstance, rows: ReadonlyArray<{ ags: string }>): Promise<MunicipalAuthorities> {
  const lookup = app.services.municipalAuthorities;
  return lookup && rows.length ? lookup(app.deps.db, [...new Set(rows.map((r) => r.ags))]) : new Map();
}

/**
 * Presents a municipality row. `servedKreise` are the 5-digit keys the portal serves; the
 * municipal authority is only named for served municipalities. `members` adds the other members
 * of its association (detail view).
 */
export function presentMunicipality(row: MunicipalityRow, opts: { servedKreise: readonly string[]; members?: MunicipalityRow[]; authorities?: MunicipalAuthorities }): Municipality {
  const served = row.kreis_key !== null && opts.servedKreise.includes(row.kreis_key);
  const type = gemeindeType(row.type_code);
  let association: Association | null = null;
  if (row.verband_ars && isAssociation(row.verband_type_code)) {
    const vType = verbandType(row.verband_type_code);
    association = { ars: row.verband_ars, name: row.verband_name ?? "", type: vType, typeLabel: verbandTypeLabel(de, vType, row.verband_ars), seat: row.verband_seat ?? null };
    if (opts.members) association.members = opts.members.map((m) => ({ ags: m.ags, name: m.short_name }));
  }
  return {
    ags: row.ags,
    ars: row.ars,
    name: row.short_name,
    officialName: row.name,
    type,
    typeLabel: gemeindeTypeLabel(de, type),
    county: row.kreis_key && row.kreis_name ? { ags: row.kreis_key, name: countyDisplayName(row.kreis_name, row.kreis_type_code), type: kreisType(row.kreis_type_code) } : null,
    association,
    population: row.population,
    areaHa: row.area_ha,
    seatPostcode: row.seat_postcode,
    postcodes: row.postcodes,
    served,
    authority: served ? (opts.authorities?.get(row.ags) ?? null) : null,
  };
}
