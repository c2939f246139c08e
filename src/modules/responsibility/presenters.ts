import type { OfficeContact } from "./db.js";
import type { Office, Responsible } from "./queries.js";
import type { ResponsibilityResponse } from "./schemas.js";

/** Only the contact fields of an office (OfficeContact), e.g. to copy them into another answer. */
export function officeContact(o: OfficeContact): OfficeContact {
  const { building, street, postcode, city, phone, email, website, openingHours, accessibility } = o;
  return { building, street, postcode, city, phone, email, website, openingHours, accessibility };
}

/** An office for the JSON API: the public contact fields and its page in the portal. */
export function presentOffice(o: Office) {
  return { id: o.id, name: o.name, kind: o.kind, parentName: o.parentName, ...officeContact(o), dataNote: o.dataNote, dataSource: o.dataSource, url: `/stellen/${o.id}` };
}

/** The finder's answer for the JSON API. */
export function presentResponsible(leikaKey: string, ags: string, r: Responsible): ResponsibilityResponse {
  return { leikaKey, ags, office: presentOffice(r.office), ars: r.ars, areaArs: r.areaArs, role: r.role, level: r.level, ruleSource: r.ruleSource, certainty: r.certainty, inheritedFrom: r.inheritedFrom };
}
