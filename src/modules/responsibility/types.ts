/** The finder's public types: an office and the answer "who is responsible". */
import type { OfficeContact, OfficeRow } from "./db.js";
import type { Level } from "./rules.js";

/** An office as the finder returns it (XZuFi Organisationseinheit, public data only). */
export interface Office extends OfficeContact {
  id: string;
  key: string;
  name: string;
  kind: OfficeRow["kind"];
  parentName: string | null;
  /** The parent's number (the Landratsamt's switchboard) for a department without its own. */
  parentPhone: string | null;
  dataNote: string | null;
  /** Where the contact data were published (URL and date seen), from data/offices or the editor. */
  dataSource: string | null;
}

/** The answer of the finder: which office, for which area, by which rule. */
export interface Responsible {
  office: Office;
  /** ARS of the area the office serves (org_units.ars), e.g. the Landratsamt's 082360000000. */
  ars: string;
  /** ARS of the municipality asked for. */
  areaArs: string;
  /** XZuFi role, normally 'zustaendig'. */
  role: string;
  /** Legal source of the rule, or 'Zuständigkeitseintrag' for an explicit responsibilities row. */
  ruleSource: string;
  /** Key of the seeded rule, null for staff rules and explicit rows. */
  ruleKey: string | null;
  /** 'unverified' when the rule rests on a secondary source or the task category was inherited (docs/responsibility-rules.md). */
  certainty: "verified" | "unverified";
  /** LeiKa key whose task category was used because the service has none (same service object), else null. */
  inheritedFrom: string | null;
  level: Level;
}
