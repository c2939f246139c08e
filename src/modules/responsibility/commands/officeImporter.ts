import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { CommandContext } from "../../../platform/commands.js";
import { authorityName, countyDisplayName, datasetVersion, datasetVersionRecorder, gemeindenOfKreise, kreisType, listKreise } from "../../geo/index.js";
import { GENERIC_DEPARTMENTS, readOfficeFiles, type DepartmentEntry, type KreisFile, type RuleEntry, type StateOfficeEntry } from "../officeData.js";
import { clearResponsibilityCache } from "../queries.js";

export interface OfficeImporterProps {
  /** 5-digit keys of the served Kreise (county first, then partners). */
  kreisKeys: readonly string[];
  /** Directory with rules.json and <Kreis>.json; default data/offices. */
  dir?: string;
}

export interface OfficeImporterResult {
  imported: boolean;
  version: string;
  /** Org units created or updated, rules written (only when imported). */
  units?: number;
  rules?: number;
  /** Disagreements between the office files and the master data, for the log. */
  warnings: string[];
}

type Tx = Transaction<Database>;
const DATASET = "offices";
const LOCK = 7_236_006;

interface Contact {
  building?: string | null;
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  openingHours?: Array<{ days: string; hours: string }>;
  accessibility?: string | null;
  dataSource?: string | null;
  dataNote?: string | null;
}

interface UnitInput extends Contact {
  key: string;
  name: string;
  kind: "county_authority" | "department" | "municipal_authority" | "office";
  ars: string | null;
  parentKey: string | null;
  /** Whether the file's name replaces the stored one (not for municipal authorities: geo names them, operators may rename). */
  rename: boolean;
}

/** In Länder with a Landrat as state authority the office is the "Landratsamt", elsewhere the "Kreisverwaltung". */
function countyAuthorityName(kreisName: string, typeCode: string | null, kreisKey: string): string {
  const display = countyDisplayName(kreisName, typeCode);
  return ["08", "09", "14", "16"].includes(kreisKey.slice(0, 2)) ? `Landratsamt ${display}` : `Kreisverwaltung ${display}`;
}

async function upsertUnit(tx: Tx, u: UnitInput): Promise<string> {
  const parent = u.parentKey ? await tx.selectFrom("org_units").select("id").where("key", "=", u.parentKey).executeTakeFirst() : undefined;
  const hours = u.openingHours && u.openingHours.length ? JSON.stringify(u.openingHours) : null;
  const row = await sql<{ id: string }>`
    INSERT INTO org_units (key, name, kind, ars, parent_id, building, street, postcode, city, phone, email, website, opening_hours, accessibility, data_source, data_note, updated_at)
    VALUES (${u.key}, ${u.name}, ${u.kind}, ${u.ars}, ${parent?.id ?? null}, ${u.building ?? null}, ${u.street ?? null}, ${u.postcode ?? null}, ${u.city ?? null},
            ${u.phone ?? null}, ${u.email ?? null}, ${u.website ?? null}, coalesce(${hours}::jsonb, '[]'::jsonb), ${u.accessibility ?? null},
            ${u.dataSource ?? null}, ${u.dataNote ?? null}, now())
    ON CONFLICT (key) DO UPDATE SET
      name = CASE WHEN ${u.rename} THEN excluded.name ELSE org_units.name END,
      kind = excluded.kind,
      ars = coalesce(excluded.ars, org_units.ars),
      parent_id = coalesce(excluded.parent_id, org_units.parent_id),
      building = coalesce(excluded.building, org_units.building),
      street = coalesce(excluded.street, org_units.street),
      postcode = coalesce(excluded.postcode, org_units.postcode),
      city = coalesce(excluded.city, org_units.city),
      phone = coalesce(excluded.phone, org_units.phone),
      email = coalesce(excluded.email, org_units.email),
      website = coalesce(excluded.website, org_units.website),
      opening_hours = CASE WHEN ${hours}::jsonb IS NULL THEN org_units.opening_hours ELSE excluded.opening_hours END,
      accessibility = coalesce(excluded.accessibility, org_units.accessibility),
      data_source = coalesce(excluded.data_source, org_units.data_source),
      data_note = coalesce(excluded.data_note, org_units.data_note),
      updated_at = now()
    RETURNING id`.execute(tx);
  return row.rows[0]!.id;
}

async function upsertRule(tx: Tx, r: RuleEntry, warnings: string[]): Promise<boolean> {
  let orgUnitId: string | null = null;
  if (r.target === "org_unit") {
    const unit = await tx.selectFrom("org_units").select("id").where("key", "=", r.orgUnitKey!).executeTakeFirst();
    if (!unit) {
      warnings.push(`Regel ${r.key}: Stelle ${r.orgUnitKey} fehlt, Regel übersprungen`);
      return false;
    }
    orgUnitId = unit.id;
  }
  await sql`
    INSERT INTO responsibility_rules (key, task_category, leika_prefix, area_ars, area_type, service_department, target, department_key, org_unit_id, role, source, note, certainty, updated_at)
    VALUES (${r.key}, ${r.taskCategory}, ${r.leikaPrefix ?? null}, ${r.areaArs ?? null}, ${r.areaType ?? null}, ${r.serviceDepartment ?? null}, ${r.target},
            ${r.department ?? null}, ${orgUnitId}, ${r.role ?? "zustaendig"}, ${r.source}, ${r.note ?? null}, ${r.certainty ?? "verified"}, now())
    ON CONFLICT (key) DO UPDATE SET
      task_category = excluded.task_category, leika_prefix = excluded.leika_prefix, area_ars = excluded.area_ars, area_type = excluded.area_type,
      service_department = excluded.service_department, target = excluded.target, department_key = excluded.department_key,
      org_unit_id = excluded.org_unit_id, role = excluded.role, source = excluded.source,
      -- Staff edits win: \`active\` is never written here, a note staff wrote stays (migrations/0008).
      note = CASE WHEN responsibility_rules.edited_by_staff THEN responsibility_rules.note ELSE excluded.note END,
      certainty = excluded.certainty, updated_at = now()`.execute(tx);
  return true;
}

const deptUnit = (d: DepartmentEntry, key: string, ars: string, parentKey: string, note?: string): UnitInput => ({
  ...d,
  dataNote: d.dataNote ?? note ?? null,
  key,
  name: d.name,
  kind: "department",
  ars,
  parentKey,
  rename: true,
});

/** Rules for associations declared untere Verwaltungsbehörde (§ 17 LVG BW); they are also untere Baurechtsbehörde (§ 46 Abs. 1 Nr. 3 LBO BW). */
function associationRules(kreis: string, associations: readonly string[]): RuleEntry[] {
  return associations.flatMap((ars) => [
    { key: `${kreis}.lower_admin_authority.association_${ars}`, taskCategory: "lower_admin_authority", areaArs: ars, target: "association_authority", source: "§ 15 Abs. 1 Nr. 1, §§ 17, 19 LVG BW" },
    {
      key: `${kreis}.lower_building_authority.association_${ars}`,
      taskCategory: "lower_building_authority",
      areaArs: ars,
      target: "association_authority",
      department: "baurecht",
      source: "§ 46 Abs. 1 Nr. 3 LBO BW i. V. m. § 17 LVG BW",
    },
  ]);
}

/**
 * Loads the offices and rules of data/offices into org_units and responsibility_rules when the
 * files changed (SHA-256 kept in master_data_versions, dataset 'offices'): per served Kreis the
 * county authority (lra-<Kreis>) and its departments (lra-<Kreis>-<dept>), or for a Stadtkreis the
 * city's departments (gem-<AGS>-<dept>); details of the municipal authorities (gem-<AGS>, created
 * if the geo module has not yet); Land offices (land-<Land>-<key>); the seeded rules by key.
 * Fields a file leaves empty keep what is stored. Always fills the address of municipal
 * authorities that have none with the seat postcode and name from the master data. Bumps
 * catalog_version so every node reloads its rule cache. Needs the master data (areas) first.
 */
export async function officeImporter(ctx: CommandContext, props: OfficeImporterProps): Promise<OfficeImporterResult> {
  const kreisKeys = [...new Set(props.kreisKeys)];
  const files = await readOfficeFiles(kreisKeys, props.dir);
  const warnings: string[] = [];

  const result = await ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK})`.execute(tx);
    const previous = await datasetVersion(tx, DATASET);
    // The master data are geo's: the served Kreise and their municipalities.
    const kreise = await listKreise(tx, kreisKeys);
    const gemeinden = await gemeindenOfKreise(tx, kreisKeys);
    // The master data decide: without them there is nothing to attach offices to (geo imports first).
    const version = `${files.version}/${kreise.length}/${gemeinden.length}`;
    let units = 0;
    let rules = 0;
    const changed = previous !== version;

    if (changed) {
      const byAgs = new Map(gemeinden.map((g) => [g.ags!, g]));
      for (const kreis of kreisKeys) {
        const area = kreise.find((k) => k.ags === kreis);
        if (!area) {
          warnings.push(`Kreis ${kreis} fehlt im Gemeindeverzeichnis; keine Stellen angelegt`);
          continue;
        }
        const file: KreisFile | undefined = files.kreise.get(kreis);
        const type = kreisType(area.type_code);
        const cityCounty = type === "stadtkreis" || type === "kreisfreie_stadt";
        const members = gemeinden.filter((g) => g.kreis_key === kreis);

        // Municipal authorities: make sure every one exists (geo normally created them), then the file's details.
        for (const g of members) {
          await upsertUnit(tx, { key: `gem-${g.ags}`, name: authorityName(g.short_name, g.ags!, g.type_code), kind: "municipal_authority", ars: g.ars, parentKey: null, rename: false });
          units++;
        }
        for (const m of file?.municipalAuthorities ?? []) {
          const g = byAgs.get(m.ags);
          if (!g) {
            warnings.push(`${kreis}.json: Gemeinde ${m.ags} gehört nicht zum Kreis`);
            continue;
          }
          const { departments, departmentNote, ags: _ags, name, ...contact } = m;
          await upsertUnit(tx, { ...contact, key: `gem-${m.ags}`, name: name ?? authorityName(g.short_name, g.ags!, g.type_code), kind: "municipal_authority", ars: g.ars, parentKey: null, rename: false });
          for (const d of departments ?? []) {
            await upsertUnit(tx, deptUnit(d, `gem-${m.ags}-${d.key}`, g.ars, `gem-${m.ags}`, departmentNote));
            units++;
          }
        }

        if (cityCounty) {
          // The city is its own Kreis: no Landratsamt; the county departments are the city's.
          const city = members[0];
          if (city && !file) {
            for (const d of GENERIC_DEPARTMENTS) {
              await upsertUnit(tx, { key: `gem-${city.ags}-${d.key}`, name: d.name, kind: "department", ars: city.ars, parentKey: `gem-${city.ags}`, rename: false, dataNote: "Allgemeine Bezeichnung; Anschrift nicht hinterlegt." });
              units++;
            }
          }
        } else {
          const ars = kreis.padEnd(12, "0");
          const authority = file?.countyAuthority;
          await upsertUnit(tx, {
            ...authority,
            key: `lra-${kreis}`,
            name: authority?.name ?? countyAuthorityName(area.name, area.type_code, kreis),
            city: authority?.city ?? null,
            kind: "county_authority",
            ars,
            parentKey: null,
            rename: true,
          });
          units++;
          const generic = !file?.departments;
          for (const d of file?.departments ?? GENERIC_DEPARTMENTS) {
            await upsertUnit(tx, deptUnit(d, `lra-${kreis}-${d.key}`, ars, `lra-${kreis}`, generic ? "Allgemeine Bezeichnung; Anschrift nicht hinterlegt." : undefined));
            units++;
          }
        }

        // Cross-checks against the master data (Destatis type 67 = Große Kreisstadt).
        for (const ags of file?.grosseKreisstaedte ?? []) {
          if (byAgs.get(ags)?.type_code !== "67") warnings.push(`${kreis}.json nennt ${ags} als Große Kreisstadt, das Gemeindeverzeichnis nicht`);
        }
        for (const g of members) {
          if (g.type_code === "67" && file && !file.grosseKreisstaedte.includes(g.ags!)) warnings.push(`${g.short_name} ist laut Gemeindeverzeichnis Große Kreisstadt, fehlt in ${kreis}.json`);
        }
      }

      for (const s of files.rules.stateOffices) {
        const { land, key, ...contact } = s as StateOfficeEntry;
        await upsertUnit(tx, { ...contact, key: `land-${land}-${key}`, kind: "office", ars: land, parentKey: null, rename: true });
        units++;
      }

      const all: RuleEntry[] = [...files.rules.rules];
      for (const [kreis, file] of files.kreise) if (file) all.push(...file.rules, ...associationRules(kreis, file.lowerAdminAssociations));
      for (const r of all) if (await upsertRule(tx, r, warnings)) rules++;
      // Seeded rules no longer in the files go; rules staff created (no key) stay; seeded rules staff
      // edited are switched off instead, so their note and history stay visible.
      const keys = all.map((r) => r.key);
      await sql`UPDATE responsibility_rules SET active = false, updated_at = now()
                WHERE key IS NOT NULL AND edited_by_staff AND active AND NOT (key = ANY(${keys}::text[]))`.execute(tx);
      await sql`DELETE FROM responsibility_rules WHERE key IS NOT NULL AND NOT edited_by_staff AND NOT (key = ANY(${keys}::text[]))`.execute(tx);

      await datasetVersionRecorder(tx, { dataset: DATASET, version, rowCount: units + rules });
      await bumpCatalogVersion(tx);
      await appendAudit(tx, ctx.actor, {
        action: "offices.imported",
        objectType: "org_unit",
        details: { version, previous: previous ?? null, kreise: kreisKeys, units, rules, warnings },
        requestId: ctx.requestId,
      });
    }

    // Municipal authorities without any address: the seat's postcode and the municipality's name (from geo's master data).
    const seats = gemeinden.filter((g) => g.seat_postcode !== null);
    await sql`
      UPDATE org_units o SET postcode = g.seat_postcode, city = g.short_name, building = coalesce(o.building, 'Rathaus'),
        data_note = coalesce(o.data_note, 'Anschrift: nur Postleitzahl und Ort des Verwaltungssitzes (Gemeindeverzeichnis); Straße, Telefon und Öffnungszeiten nicht hinterlegt.'),
        data_source = coalesce(o.data_source, 'Statistisches Bundesamt, Gemeindeverzeichnis GV100AD')
      FROM unnest(${seats.map((g) => `gem-${g.ags}`)}::text[], ${seats.map((g) => g.seat_postcode)}::text[], ${seats.map((g) => g.short_name)}::text[]) AS g(key, seat_postcode, short_name)
      WHERE o.kind = 'municipal_authority' AND o.key = g.key AND o.city IS NULL AND o.street IS NULL`.execute(tx);
    return { imported: changed, version, units, rules };
  });
  clearResponsibilityCache(ctx.db);
  return result.imported ? { ...result, warnings } : { imported: false, version: result.version, warnings };
}
