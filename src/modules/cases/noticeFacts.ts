/**
 * What a notice (Bescheid) says about the applicant and the matter, read from the submission's answers (pure, no database).
 * The addressee comes only from the applicant's own fields – the top level of the answers or the builders
 * (`bauherren`) – never from nested objects such as files (`{ name: "lageplan.pdf" }`), the architect or a landlord.
 */
import { formatEuro } from "../../platform/i18n/format.js";

export interface NoticeAddressee {
  name: string;
  address: string | null;
}

export interface NoticeDetail {
  label: string;
  value: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => !!v && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
/** A stored file answer (fileAnswers.ts FileRef): never a person. */
const isFile = (v: unknown) => isRec(v) && typeof v.mediaType === "string" && typeof v.sha256 === "string";

function personName(r: Rec): string | null {
  if (isFile(r)) return null;
  const first = str(r.vorname) ?? str(r.vornamen);
  const last = str(r.nachname) ?? str(r.familienname);
  if (first && last) return `${first} ${last}`;
  const name = str(r.name) ?? str(r.firma);
  return name && name.length < 150 ? name : null;
}

function addressOf(v: unknown): string | null {
  if (typeof v === "string") return str(v);
  if (!isRec(v)) return null;
  const street = str(v.strasse);
  const place = [str(v.plz), str(v.ort)].filter(Boolean).join(" ");
  return [street, place].filter(Boolean).join(", ") || null;
}

/** The answer keys the notice reads (applicantFromAnswers, buildingFacts): copied to the case when it is opened. */
export const NOTICE_ANSWER_KEYS = ["bauherren", "vorname", "vornamen", "nachname", "familienname", "name", "firma", "anschrift", "bezeichnung", "grundstueck", "baukosten", "mediaType", "sha256"] as const;

/** The part of a submission's answers a notice needs (stored with the case; migration 0048 does the same in SQL). */
export function noticeAnswers(answers: unknown): Record<string, unknown> {
  if (!isRec(answers)) return {};
  return Object.fromEntries(NOTICE_ANSWER_KEYS.filter((k) => k in answers).map((k) => [k, answers[k]]));
}

const joinNames = (names: string[]) => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} und ${names.at(-1)}`);

/** The applicant(s) from the answers: the builders of a building permit, else the applicant's own top-level fields. */
export function applicantFromAnswers(answers: unknown): NoticeAddressee | null {
  if (!isRec(answers)) return null;
  const builders = Array.isArray(answers.bauherren) ? answers.bauherren.filter(isRec) : [];
  const named = builders.map((b) => ({ name: personName(b), b })).filter((x): x is { name: string; b: Rec } => !!x.name);
  if (named.length) return { name: joinNames(named.map((x) => x.name)), address: addressOf(named[0]!.b.anschrift) };
  const name = personName(answers);
  return name ? { name, address: addressOf(answers.anschrift) } : null;
}

/**
 * Building-permit fee (demo tariff, to be replaced by the county's Gebührenverzeichnis): 5 ‰ of the declared
 * building costs, at least 100 €, rounded to whole euros.
 */
export const BUILDING_FEE_PER_MILLE = 5;
export const BUILDING_FEE_MINIMUM_CENTS = 100_00;
export function buildingPermitFeeCents(costsCents: number): number {
  return Math.max(BUILDING_FEE_MINIMUM_CENTS, Math.round((costsCents * BUILDING_FEE_PER_MILLE) / 1000 / 100) * 100);
}

export interface BuildingFacts {
  details: NoticeDetail[];
  /** The fee with its basis, when the declared building costs are known. */
  fee: { cents: number; basis: string } | null;
}

/** Project, site, parcels and costs of a building permit application (bauantrag form); municipalityName from the case. */
export function buildingFacts(answers: unknown, municipalityName: string | null): BuildingFacts | null {
  if (!isRec(answers) || !(str(answers.bezeichnung) || isRec(answers.grundstueck))) return null;
  const details: NoticeDetail[] = [];
  const project = str(answers.bezeichnung);
  if (project) details.push({ label: "Vorhaben", value: project });
  const site = isRec(answers.grundstueck) ? answers.grundstueck : {};
  const ortsteil = str(site.ortsteil);
  const place = [str(site.strasse), ortsteil && ortsteil !== municipalityName ? `Ortsteil ${ortsteil}` : null, municipalityName].filter(Boolean).join(", ");
  if (place) details.push({ label: "Baugrundstück", value: place });
  const parcels = str(site.flurstuecke);
  const gemarkung = str(site.gemarkung);
  if (parcels || gemarkung) {
    const many = !!parcels && /[,;]|\bund\b/.test(parcels);
    details.push({ label: "Flurstück", value: [gemarkung ? `Gemarkung ${gemarkung}` : null, parcels ? `${many ? "Flurstücke" : "Flurstück"} ${parcels}` : null].filter(Boolean).join(", ") });
  }
  const costs = typeof answers.baukosten === "number" && Number.isFinite(answers.baukosten) && answers.baukosten >= 0 ? Math.round(answers.baukosten * 100) : null;
  if (costs !== null) details.push({ label: "Baukosten", value: formatEuro(costs) });
  const fee =
    costs !== null
      ? { cents: buildingPermitFeeCents(costs), basis: `${BUILDING_FEE_PER_MILLE} ‰ der angegebenen Baukosten von ${formatEuro(costs)}, mindestens ${formatEuro(BUILDING_FEE_MINIMUM_CENTS)}` }
      : null;
  return { details, fee };
}
