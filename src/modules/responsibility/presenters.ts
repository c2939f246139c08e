import type { Office, Responsible } from "./queries.js";
import type { ResponsibilityResponse } from "./schemas.js";

/** An office for the JSON API: the public contact fields and its page in the portal. */
export function presentOffice(o: Office) {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentName: o.parentName,
    building: o.building,
    street: o.street,
    postcode: o.postcode,
    city: o.city,
    phone: o.phone,
    email: o.email,
    website: o.website,
    openingHours: o.openingHours,
    accessibility: o.accessibility,
    dataNote: o.dataNote,
    url: `/stellen/${o.id}`,
  };
}

/** The finder's answer for the JSON API. */
export function presentResponsible(leikaKey: string, ags: string, r: Responsible): ResponsibilityResponse {
  return { leikaKey, ags, office: presentOffice(r.office), ars: r.ars, areaArs: r.areaArs, role: r.role, level: r.level, ruleSource: r.ruleSource, certainty: r.certainty, inheritedFrom: r.inheritedFrom };
}
