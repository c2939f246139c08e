/**
 * The county's care support points (Pflegestützpunkte) for the counselling page. DEMO DATA: made-up
 * offices of the Enzkreis, marked "Demo" on the page, until the county supplies its own (the
 * responsibility module's offices would be the long-term home). Catalogue services related to care are
 * linked by their LeiKa key through the catalog module's index.
 */
export interface SupportPoint {
  name: string;
  street: string;
  postcode: string;
  town: string;
  phone: string;
  email: string;
  hours: string;
  /** Municipalities (AGS) it is the first contact for; empty: the whole county. */
  serves: string[];
}

export const SUPPORT_POINTS: SupportPoint[] = [
  { name: "Pflegestützpunkt Enzkreis – Pforzheim (Demo)", street: "Zähringerallee 3", postcode: "75177", town: "Pforzheim", phone: "07231 000100", email: "pflegestuetzpunkt@enzkreis.example", hours: "Mo–Fr 9–12 Uhr, Do 14–17 Uhr", serves: [] },
  { name: "Pflegestützpunkt Enzkreis – Außenstelle Mühlacker (Demo)", street: "Kißlingweg 35", postcode: "75417", town: "Mühlacker", phone: "07041 000100", email: "psp-muehlacker@enzkreis.example", hours: "Di und Do 9–12 Uhr", serves: ["08236040", "08236038", "08236028", "08236050", "08236061", "08236033"] },
  { name: "Pflegestützpunkt Enzkreis – Sprechstunde Neuenbürg (Demo)", street: "Marktplatz 1", postcode: "75305", town: "Neuenbürg", phone: "07082 000100", email: "psp-neuenbuerg@enzkreis.example", hours: "Mi 9–12 Uhr", serves: ["08236043", "08236004", "08236013", "08236072", "08236070"] },
];

/** Care services of the catalogue shown on the counselling page (LeiKa keys). */
export const RELATED_SERVICES = [
  { leika: "99107014000000", about: "care.counselling.hzp" }, // Hilfe zur Pflege (SGB XII)
  { leika: "99107049000000", about: "care.counselling.pwg" }, // Pflegewohngeld
] as const;
