/**
 * The responsibility rules as pure functions: which rule applies to a (service, municipality)
 * pair, and which org units it points at. No database access; queries.ts feeds the facts in.
 */
import { gemeindeType, isAssociation, kreisType, verbandType } from "../geo/index.js";
import type { RuleRow } from "./db.js";

/** What the finder knows about the municipality asked for. */
export interface AreaFacts {
  /** 12-digit ARS of the municipality. */
  ars: string;
  /** 8-digit AGS of the municipality. */
  ags: string;
  kreisKey: string;
  /** Type slugs of the municipality, its association and its Kreis (geo/names.ts), e.g. ['grosse_kreisstadt', 'verwaltungsgemeinschaft', 'landkreis']. */
  types: string[];
  /** AGS of the municipality that runs the association's administration (its seat), if any. */
  associationSeatAgs: string | null;
}

/** What the finder knows about the service. */
export interface ServiceFacts {
  leikaKey: string;
  taskCategory: string | null;
  department: string | null;
}

/** Destatis type codes → the type slugs rules match on (areas.type_code of municipality, association, Kreis). */
export function areaTypes(gemeindeCode: string | null, verbandCode: string | null, kreisCode: string | null): string[] {
  const types: string[] = [gemeindeType(gemeindeCode)];
  if (verbandCode !== null && isAssociation(verbandCode)) types.push(verbandType(verbandCode));
  if (kreisCode !== null) types.push(kreisType(kreisCode));
  return [...new Set(types)];
}

/** True when the municipality is a city that is its own Kreis (Stadtkreis in BW, kreisfreie Stadt elsewhere). */
export function isCityCounty(area: Pick<AreaFacts, "types">): boolean {
  return area.types.includes("stadtkreis") || area.types.includes("kreisfreie_stadt");
}

/** Does the rule's condition hold for this service and municipality? */
export function ruleMatches(rule: RuleRow, service: ServiceFacts, area: AreaFacts): boolean {
  if (rule.task_category !== service.taskCategory) return false;
  if (rule.leika_prefix && !service.leikaKey.startsWith(rule.leika_prefix)) return false;
  if (rule.area_ars && !area.ars.startsWith(rule.area_ars)) return false;
  if (rule.area_type && !area.types.includes(rule.area_type)) return false;
  if (rule.service_department && rule.service_department !== service.department) return false;
  return true;
}

/**
 * How specific a rule is; the most specific matching rule wins. The area decides first (a single
 * municipality beats an association, a Kreis, a Land; any area key beats a type alone; a type
 * beats nothing), then the service (longer LeiKa prefix, then a department condition).
 */
export function specificity(rule: RuleRow): [number, number, number] {
  const area = (rule.area_ars ? rule.area_ars.length * 10 : 0) + (rule.area_type ? 5 : 0);
  return [area, rule.leika_prefix?.length ?? 0, rule.service_department ? 1 : 0];
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return b[0] - a[0] || b[1] - a[1] || b[2] - a[2];
}

/** The matching rules, most specific first (ties: seeded key, then id, so the order is stable). */
export function matchingRules(rules: readonly RuleRow[], service: ServiceFacts, area: AreaFacts): RuleRow[] {
  return rules
    .filter((r) => ruleMatches(r, service, area))
    .sort((a, b) => compare(specificity(a), specificity(b)) || (a.key ?? "~").localeCompare(b.key ?? "~") || a.id.localeCompare(b.id));
}

/**
 * The department a rule resolves with. For a state office or a fixed unit the rule's department
 * comes first (the service's department names a county department, not a Land office); otherwise
 * the service's department, with the rule's as the default (e.g. 'baurecht' for building permits).
 */
export function departmentFor(rule: RuleRow, service: ServiceFacts): string | null {
  if (rule.target === "state_office" || rule.target === "org_unit") return rule.department_key ?? service.department;
  return service.department ?? rule.department_key;
}

/** Administrative level of the office a target leads to. */
export type Level = "municipality" | "association" | "county" | "city" | "state" | "other";

/**
 * The org unit keys a rule points at, best first: the department unit, then its parent authority.
 * A fixed unit (target org_unit) is found by id instead and yields no keys.
 */
export function candidateKeys(rule: RuleRow, service: ServiceFacts, area: AreaFacts): { keys: string[]; level: Level } {
  const dept = departmentFor(rule, service);
  const withDept = (base: string) => (dept ? [`${base}-${dept}`, base] : [base]);
  switch (rule.target) {
    case "municipal_authority":
      return { keys: withDept(`gem-${area.ags}`), level: isCityCounty(area) ? "city" : "municipality" };
    case "city_department":
      return { keys: withDept(`gem-${area.ags}`), level: "city" };
    case "association_authority":
      return { keys: area.associationSeatAgs ? withDept(`gem-${area.associationSeatAgs}`) : [], level: "association" };
    case "county_department":
      return { keys: withDept(`lra-${area.kreisKey}`), level: "county" };
    case "state_office":
      return { keys: dept ? [`land-${area.ars.slice(0, 2)}-${dept}`] : [], level: "state" };
    case "org_unit":
      return { keys: [], level: "other" };
  }
}

/** Level of an org unit found by id (explicit responsibilities, target org_unit), from its key. */
export function levelOfUnitKey(key: string, area: Pick<AreaFacts, "ags" | "types">): Level {
  if (key.startsWith("lra-")) return "county";
  if (key.startsWith("land-")) return "state";
  if (key === `gem-${area.ags}` || key.startsWith(`gem-${area.ags}-`)) return isCityCounty(area) ? "city" : "municipality";
  if (key.startsWith("gem-")) return "municipality";
  return "other";
}
