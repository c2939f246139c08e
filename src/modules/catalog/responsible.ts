import type { Db } from "../../platform/db/index.js";
import { findResponsible, officeContact } from "../responsibility/index.js";
import type { OfficeContact } from "../responsibility/index.js";

/** The office responsible for a service in a municipality, as the catalogue shows it. */
export interface ResponsibleOffice extends Omit<OfficeContact, "building"> {
  id: string;
  name: string;
  /** Parent unit (e.g. "Landratsamt Enzkreis" for a department). */
  parentName: string | null;
  /** ARS of the area the office serves. */
  ars: string | null;
  role: string;
  /** Why this office: the rule's legal source. */
  reason: string | null;
}

/** Asks the responsibility finder (src/modules/responsibility) which office handles the service in the municipality. */
export async function lookupResponsibleOffice(db: Db, leikaKey: string, ags: string): Promise<ResponsibleOffice | null> {
  const r = await findResponsible(db, leikaKey, ags);
  if (!r) return null;
  const { building, ...contact } = officeContact(r.office);
  const street = [building, contact.street].filter(Boolean).join(", ") || null;
  return { id: r.office.id, name: r.office.name, parentName: r.office.parentName, ars: r.ars, ...contact, street, role: r.role, reason: r.ruleSource };
}
