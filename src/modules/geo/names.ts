/**
 * Names and types of areas: folding for search, the everyday name of a municipality or county,
 * the name of a municipal authority, and stable slugs for the Destatis type codes.
 */

/**
 * Folds a name for comparison: lower case, ä/ö/ü → ae/oe/ue, ß → ss, other accents removed
 * (Sorbian "Běła Woda" → "bela woda"), everything but letters and digits becomes one space.
 */
export function foldName(s: string): string {
  return s
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/ł/g, "l")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * The key names are matched on: foldName, then "ae/oe/ue" → "a/o/u" and "sankt" → "st", so that
 * "Mühlacker", "muehlacker", "Muhlacker" and "MÜHLACKER" all give "muhlacker". Apply it to both
 * sides of a comparison; it is a matching key, not something to show.
 */
export function searchKey(s: string): string {
  return foldName(s)
    .replace(/([aou])e/g, "$1")
    .replace(/\bsankt\b/g, "st");
}

/** The name people use: the official name without its appendix ("Mühlacker, Stadt" → "Mühlacker"). */
export function shortName(officialName: string): string {
  const at = officialName.indexOf(",");
  return (at < 0 ? officialName : officialName.slice(0, at)).trim();
}

/** Destatis "Textkennzeichen" of a Kreis record. */
export const KREIS_TYPES = {
  "41": "kreisfreie_stadt",
  "42": "stadtkreis",
  "43": "kreis",
  "44": "landkreis",
  "45": "regionalverband",
} as const;

/** Destatis "Textkennzeichen" of a Gemeindeverband record. 50 is no association (verbandsfrei). */
export const VERBAND_TYPES = {
  "50": "verbandsfrei",
  "51": "amt",
  "52": "samtgemeinde",
  "53": "verbandsgemeinde",
  "54": "verwaltungsgemeinschaft",
  "55": "kirchspielslandgemeinde",
  "56": "verwaltungsverband",
  "58": "erfuellende_gemeinde",
} as const;

/** Destatis "Textkennzeichen" of a Gemeinde record. 65/66 are unincorporated areas, not municipalities. */
export const GEMEINDE_TYPES = {
  "60": "markt",
  "61": "kreisfreie_stadt",
  "62": "stadtkreis",
  "63": "stadt",
  "64": "gemeinde",
  "65": "gemeindefreies_gebiet",
  "66": "gemeindefreies_gebiet_unbewohnt",
  "67": "grosse_kreisstadt",
} as const;

export type KreisType = (typeof KREIS_TYPES)[keyof typeof KREIS_TYPES];
export type VerbandType = (typeof VERBAND_TYPES)[keyof typeof VERBAND_TYPES];
export type GemeindeType = (typeof GEMEINDE_TYPES)[keyof typeof GEMEINDE_TYPES];

/** Type codes of Gemeinde records that are not municipalities (no council, no town hall). */
export const UNINCORPORATED_TYPE_CODES = ["65", "66"] as const;

export function gemeindeType(code: string | null): GemeindeType {
  return GEMEINDE_TYPES[(code ?? "64") as keyof typeof GEMEINDE_TYPES] ?? "gemeinde";
}
export function verbandType(code: string | null): VerbandType {
  return VERBAND_TYPES[(code ?? "50") as keyof typeof VERBAND_TYPES] ?? "verbandsfrei";
}
export function kreisType(code: string | null): KreisType {
  return KREIS_TYPES[(code ?? "44") as keyof typeof KREIS_TYPES] ?? "landkreis";
}

/** True when the Gemeindeverband is an actual association (GVV, VVG, Amt, …), not the "verbandsfrei" placeholder. */
export function isAssociation(verbandTypeCode: string | null): boolean {
  return verbandTypeCode !== null && verbandTypeCode !== "50";
}

// Appendices of kreisfreie Städte that are used as a title in front of the name ("Landeshauptstadt Kiel").
const CITY_TITLES = /^(Landeshauptstadt|Hansestadt|Freie und Hansestadt|Wissenschaftsstadt|Klingenstadt|documenta-Stadt)$/;

/**
 * The name of a Kreis as citizens know it: "Enzkreis", "Landkreis Hersfeld-Rotenburg",
 * "Kreis Steinfurt", "Stadt Pforzheim", "Landeshauptstadt Kiel".
 */
export function countyDisplayName(officialName: string, typeCode: string | null): string {
  const type = kreisType(typeCode);
  if (type === "kreisfreie_stadt" || type === "stadtkreis") {
    const at = officialName.indexOf(",");
    const base = shortName(officialName);
    const appendix = at < 0 ? "" : officialName.slice(at + 1).trim();
    return CITY_TITLES.test(appendix) ? `${appendix} ${base}` : `Stadt ${base}`;
  }
  if (/kreis\b|^Landkreis |^Kreis |^Region |^Städteregion |^Regionalverband /i.test(officialName)) return officialName;
  return type === "kreis" ? `Kreis ${officialName}` : `Landkreis ${officialName}`;
}

/**
 * The name of a municipality's administration. In Baden-Württemberg the office of every
 * kreisangehörige Gemeinde or Stadt is the "Bürgermeisteramt"; a Stadtkreis has a "Stadtverwaltung".
 * Elsewhere towns have a "Stadtverwaltung" and other municipalities a "Gemeindeverwaltung".
 * Operators may rename the unit afterwards; it is created once and never renamed.
 */
export function authorityName(municipalityName: string, ags: string, typeCode: string | null): string {
  const type = gemeindeType(typeCode);
  const town = type === "stadt" || type === "grosse_kreisstadt" || type === "kreisfreie_stadt" || type === "stadtkreis";
  if (ags.startsWith("08")) return `${type === "stadtkreis" ? "Stadtverwaltung" : "Bürgermeisteramt"} ${municipalityName}`;
  return `${town ? "Stadtverwaltung" : "Gemeindeverwaltung"} ${municipalityName}`;
}
