/**
 * The office data files in data/offices/: rules.json (general rules, Land offices) and one
 * <Kreis>.json per served Kreis (its authority, departments, municipal authorities' details and
 * local rules). A Kreis without a file gets the generic set built from the Destatis names.
 */
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { FormatRegistry, Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { rootPath } from "../../platform/paths.js";
import { agsSchema } from "../../platform/keys.js";
import { isEmailAddress } from "../../platform/mail/address.js";

export const OFFICES_DIR = rootPath("data", "offices");

// TypeBox checks formats only once registered; "email" is the portal's one address rule.
if (!FormatRegistry.Has("email")) FormatRegistry.Set("email", isEmailAddress);

const Str = (max = 300) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends ReturnType<typeof Str>>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));
const Hours = Type.Array(Type.Object({ days: Str(60), hours: Str(120) }, { additionalProperties: false }), { maxItems: 14 });

/** Contact fields of an office (XZuFi Organisationseinheit); null/missing = not known. */
const Contact = {
  building: Opt(Str(200)),
  street: Opt(Str(200)),
  postcode: Opt(Type.String({ pattern: "^[0-9]{5}$" })),
  city: Opt(Str(100)),
  phone: Opt(Str(60)),
  email: Opt(Type.String({ format: "email", maxLength: 200 })),
  website: Opt(Type.String({ pattern: "^https://[^\\s]+$", maxLength: 300 })),
  openingHours: Type.Optional(Hours),
  accessibility: Opt(Str(1000)),
  dataSource: Opt(Str(1000)),
  dataNote: Opt(Str(1000)),
};

const DepartmentKey = Type.String({ pattern: "^[a-z][a-z0-9_]{1,30}$" });
export const DepartmentEntry = Type.Object({ key: DepartmentKey, name: Str(200), ...Contact }, { additionalProperties: false });
export type DepartmentEntry = Static<typeof DepartmentEntry>;

const TARGETS = ["municipal_authority", "association_authority", "county_department", "city_department", "org_unit", "state_office"] as const;
const CATEGORIES = ["municipal", "county", "lower_admin_authority", "lower_building_authority", "state"] as const;

export const RuleEntry = Type.Object(
  {
    key: Type.String({ pattern: "^[a-z0-9_.]{3,100}$" }),
    taskCategory: Type.Union(CATEGORIES.map((c) => Type.Literal(c))),
    leikaPrefix: Type.Optional(Type.String({ pattern: "^[0-9]{2,14}$" })),
    areaArs: Type.Optional(Type.String({ pattern: "^([0-9]{2}|[0-9]{3}|[0-9]{5}|[0-9]{9}|[0-9]{12})$" })),
    areaType: Type.Optional(Str(60)),
    serviceDepartment: Type.Optional(DepartmentKey),
    target: Type.Union(TARGETS.map((t) => Type.Literal(t))),
    department: Type.Optional(DepartmentKey),
    orgUnitKey: Type.Optional(Str(100)),
    role: Type.Optional(Str(40)),
    source: Str(1000),
    note: Type.Optional(Str(1000)),
    certainty: Type.Optional(Type.Union([Type.Literal("verified"), Type.Literal("unverified")])),
  },
  { additionalProperties: false },
);
export type RuleEntry = Static<typeof RuleEntry>;

export const StateOfficeEntry = Type.Object({ land: Type.String({ pattern: "^[0-9]{2}$" }), key: DepartmentKey, name: Str(200), ...Contact }, { additionalProperties: false });
export type StateOfficeEntry = Static<typeof StateOfficeEntry>;

export const RulesFile = Type.Object(
  { $comment: Type.Optional(Type.String()), rules: Type.Array(RuleEntry), stateOffices: Type.Array(StateOfficeEntry) },
  { additionalProperties: false },
);
export type RulesFile = Static<typeof RulesFile>;

export const MunicipalAuthorityEntry = Type.Object(
  {
    ags: agsSchema(),
    /** Only used when the unit does not exist yet (geo creates it with the official name). */
    name: Type.Optional(Str(200)),
    ...Contact,
    departments: Type.Optional(Type.Array(DepartmentEntry)),
    /** dataNote for every department that has none of its own. */
    departmentNote: Type.Optional(Str(1000)),
  },
  { additionalProperties: false },
);
export type MunicipalAuthorityEntry = Static<typeof MunicipalAuthorityEntry>;

export const KreisFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    kreis: Type.String({ pattern: "^[0-9]{5}$" }),
    countyAuthority: Type.Optional(Type.Object({ name: Str(200), ...Contact }, { additionalProperties: false })),
    departments: Type.Optional(Type.Array(DepartmentEntry)),
    municipalAuthorities: Type.Array(MunicipalAuthorityEntry),
    /** AGS of the Große Kreisstädte: checked against the Destatis type (67), see docs. */
    grosseKreisstaedte: Type.Array(agsSchema()),
    /** 9-digit ARS of associations declared untere Verwaltungsbehörde (§ 17 LVG BW). */
    lowerAdminAssociations: Type.Array(Type.String({ pattern: "^[0-9]{9}$" })),
    rules: Type.Array(RuleEntry),
  },
  { additionalProperties: false },
);
export type KreisFile = Static<typeof KreisFile>;

/** Thrown for a malformed office file; the message names the file and the problems. */
export class OfficeDataError extends Error {}

function check<T>(schema: Parameters<typeof Value.Check>[0], data: unknown, name: string): T {
  if (Value.Check(schema, data)) return data as T;
  const problems = [...Value.Errors(schema, data)].slice(0, 10).map((e) => `${e.path || "/"}: ${e.message}`);
  throw new OfficeDataError(`${name}: ${problems.join("; ")}`);
}

/** Departments of a county authority when a Kreis has no office file: the keys content files use. */
export const GENERIC_DEPARTMENTS: ReadonlyArray<{ key: string; name: string }> = [
  { key: "zentrale", name: "Zentrale Dienste" },
  { key: "fuehrerschein", name: "Führerscheinstelle" },
  { key: "zulassung", name: "Kfz-Zulassungsstelle" },
  { key: "ordnung", name: "Ordnungsamt" },
  { key: "bussgeld", name: "Bußgeldstelle" },
  { key: "baurecht", name: "Baurechtsamt" },
  { key: "denkmal", name: "Untere Denkmalschutzbehörde" },
  { key: "wasser", name: "Umweltschutzamt – Wasser und Boden" },
  { key: "immission", name: "Umweltschutzamt – Immissionsschutz" },
  { key: "gesundheit", name: "Gesundheitsamt" },
  { key: "veterinaer", name: "Veterinäramt und Lebensmittelüberwachung" },
  { key: "soziales", name: "Sozialamt" },
  { key: "jugend", name: "Jugendamt" },
  { key: "versorgung", name: "Versorgungsamt (Schwerbehindertenrecht)" },
  { key: "wohngeld", name: "Wohngeldstelle" },
  { key: "auslaender", name: "Ausländerbehörde" },
  { key: "abfall", name: "Abfallwirtschaft" },
  { key: "vermessung", name: "Vermessungsamt" },
];

export interface OfficeFiles {
  /** SHA-256 over the files read; a change triggers a re-import. */
  version: string;
  rules: RulesFile;
  /** Per served Kreis: its file, or undefined when it has none (generic offices). */
  kreise: Map<string, KreisFile | undefined>;
}

/** Reads and checks rules.json and the files of the given Kreise from `dir` (default data/offices). */
export async function readOfficeFiles(kreisKeys: readonly string[], dir: string = OFFICES_DIR): Promise<OfficeFiles> {
  const hash = createHash("sha256");
  const rulesText = await readFile(path.join(dir, "rules.json"), "utf8");
  hash.update(rulesText);
  const rules = check<RulesFile>(RulesFile, JSON.parse(rulesText), "rules.json");
  const kreise = new Map<string, KreisFile | undefined>();
  for (const key of kreisKeys) {
    const text = await readFile(path.join(dir, `${key}.json`), "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return undefined;
      throw err;
    });
    hash.update(`\0${key}\0${text ?? ""}`);
    if (text === undefined) {
      kreise.set(key, undefined);
      continue;
    }
    const file = check<KreisFile>(KreisFile, JSON.parse(text), `${key}.json`);
    if (file.kreis !== key) throw new OfficeDataError(`${key}.json: kreis ist ${file.kreis}`);
    kreise.set(key, file);
  }
  const keys = new Set<string>();
  for (const r of [...rules.rules, ...[...kreise.values()].flatMap((f) => f?.rules ?? [])]) {
    if (keys.has(r.key)) throw new OfficeDataError(`Regel ${r.key} ist doppelt`);
    keys.add(r.key);
    if (r.target === "org_unit" && !r.orgUnitKey) throw new OfficeDataError(`Regel ${r.key}: target org_unit braucht orgUnitKey`);
  }
  return { version: hash.digest("hex"), rules, kreise };
}
