import type { Db } from "../../platform/db/index.js";
import { findMunicipality } from "../geo/index.js";
import { findCountyAuthority, municipalAuthorities, orgUnitsByKeys } from "../responsibility/index.js";
import { authorityKindFor, insideTownOf, roadOwnerKindFor, type RoadClass } from "./rules.js";
import "./db.js";

/**
 * The road authority of a road in a municipality (rules.authorityKindFor), with its name: the Landratsamt from
 * the responsibility module, the municipality's or city's administration from the geo master data.
 */
export async function resolveAuthority(db: Db, countyKey: string, roadClass: RoadClass, ags: string) {
  const m = await findMunicipality(db, ags);
  if (!m) return undefined;
  const kind = authorityKindFor(roadClass, m.type_code);
  const name = kind === "county" ? ((await findCountyAuthority(db, countyKey))?.name ?? "Landratsamt") : ((await municipalAuthorities(db, [m.ags])).get(m.ags)?.name ?? `${kind === "city" ? "Stadt" : "Gemeinde"} ${m.short_name}`);
  // Whose staff coordinate it: the municipality's or city's administration, or the county's traffic office.
  const unitKey = kind === "county" ? `lra-${countyKey}-ordnung` : `gem-${m.ags}`;
  const unit = (await orgUnitsByKeys(db, [unitKey]))[0];
  return { kind, name, municipality: m, unitId: unit?.id ?? null };
}

/** The Regierungspräsidien of Baden-Württemberg by the Regierungsbezirk digit of the ARS (08 1 … Stuttgart, 2 Karlsruhe, 3 Freiburg, 4 Tübingen). */
const REGIERUNGSBEZIRKE: Record<string, string> = { "1": "stuttgart", "2": "karlsruhe", "3": "freiburg", "4": "tuebingen" };
const RP_NAMES: Record<string, string> = { stuttgart: "Stuttgart", karlsruhe: "Karlsruhe", freiburg: "Freiburg", tuebingen: "Tübingen" };

/**
 * The road owner (Straßenbaulastträger) of a road in a municipality (rules.roadOwnerKindFor) with the office that acts
 * for it: the municipality's administration and the Landratsamt as for the traffic authority, for the Land (and the
 * Bund) the Regierungspräsidium from the responsibility module's state offices (`land-08-rp_<bezirk>`, data/offices).
 * `withinTown`: the road work lies inside the town, on the through road (stated, corrected by staff, or guessed).
 */
export async function resolveRoadOwner(db: Db, countyKey: string, roadClass: RoadClass, ags: string, withinTown: boolean) {
  const m = await findMunicipality(db, ags);
  if (!m) return undefined;
  const kind = roadOwnerKindFor(roadClass, { typeCode: m.type_code, population: m.population, withinTown });
  if (kind === "county") return { kind, name: (await findCountyAuthority(db, countyKey))?.name ?? "Landratsamt" };
  if (kind === "municipality") return { kind, name: (await municipalAuthorities(db, [m.ags])).get(m.ags)?.name ?? `Gemeinde ${m.short_name}` };
  const bezirk = REGIERUNGSBEZIRKE[m.ags.slice(2, 3)] ?? "karlsruhe";
  const office = (await orgUnitsByKeys(db, [`land-08-rp_${bezirk}`]))[0];
  return { kind, name: office?.name ?? `Regierungspräsidium ${RP_NAMES[bezirk]}` };
}

/** The road owner of a work that asks for a special use (its name), or undefined when it asks for none. */
export async function specialUseRoadOwner(db: Db, countyKey: string, r: { id: string; road_class: RoadClass; ags: string; house_from: string; inside_town: boolean | null }): Promise<string | undefined> {
  const su = await db.selectFrom("roadworks_special_uses").select("roadwork_id").where("roadwork_id", "=", r.id).executeTakeFirst();
  if (!su) return undefined;
  return (await resolveRoadOwner(db, countyKey, r.road_class, r.ags, insideTownOf(r)))?.name;
}
