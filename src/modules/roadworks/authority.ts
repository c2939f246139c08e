import type { Db } from "../../platform/db/index.js";
import { findMunicipality } from "../geo/index.js";
import { findCountyAuthority, municipalAuthorities, orgUnitsByKeys } from "../responsibility/index.js";
import { authorityKindFor, type RoadClass } from "./rules.js";

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
