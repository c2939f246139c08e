-- Responsibility finder (src/modules/responsibility, docs/responsibility-rules.md).
-- The five task categories the content files use, stable keys for seeded rules, a target for
-- state authorities outside the county, and office details the finder shows.

INSERT INTO task_categories (key, name, description, legal_source) VALUES
  ('municipal', 'Gemeindeaufgabe',
   'Weisungsfreie oder Pflichtaufgabe der Gemeinde (z. B. Hundesteuer, Meldewesen, Pass- und Ausweiswesen, Gewerbeanzeige). Zuständig ist die Gemeinde, in der die Person wohnt oder der Betrieb liegt; im Stadtkreis die Stadt.',
   '§ 2 GemO BW; Fachgesetze (KAG BW, BMG mit MG BW, PAuswG/PassG mit AGPAuswG, GewO mit GewOZuVO)'),
  ('county', 'Kreisaufgabe / Aufgabe des Landratsamts',
   'Aufgabe, die in Baden-Württemberg der Landkreis oder das Landratsamt als untere Verwaltungsbehörde für den ganzen Kreis erledigt, auch für Große Kreisstädte (z. B. Fahrerlaubnis, Kfz-Zulassung, Gesundheitsamt, Schwerbehindertenrecht). Im Stadtkreis erledigt sie die Stadt.',
   '§§ 1–2 LKrO BW; § 15 Abs. 1 LVG BW; Fachrecht (FeV/FZV mit StVZuVO, SGB IX mit LVwVG/Verwaltungsstrukturreformgesetz 2005, ÖGDG BW)'),
  ('lower_admin_authority', 'Aufgabe der unteren Verwaltungsbehörde',
   'Aufgabe der unteren Verwaltungsbehörde: Landratsamt; in Großen Kreisstädten und in Verwaltungsgemeinschaften, die zur unteren Verwaltungsbehörde erklärt sind, die Stadt bzw. die Verwaltungsgemeinschaft; im Stadtkreis die Stadt.',
   '§ 15 Abs. 1, §§ 17, 19 LVG BW'),
  ('lower_building_authority', 'Aufgabe der unteren Baurechtsbehörde',
   'Baugenehmigung und Bauaufsicht: untere Baurechtsbehörde ist das Landratsamt, die Große Kreisstadt, der Stadtkreis sowie Gemeinden und Verwaltungsgemeinschaften, denen die Aufgabe übertragen ist.',
   '§ 46 Abs. 1 Nr. 3, Abs. 2 LBO BW'),
  ('state', 'Landesaufgabe',
   'Aufgabe einer Landesbehörde oder -einrichtung außerhalb der Kreisverwaltung (z. B. L-Bank für Elterngeld). Das Portal nennt die Stelle zur Information.',
   'Fachrecht, z. B. § 12 BEEG mit BEEG-Zuständigkeitsverordnung BW')
ON CONFLICT (key) DO NOTHING;

-- Seeded rules carry a stable key (data/offices/rules.json, data/offices/<Kreis>.json), so a
-- re-import updates them; rules staff create have none.
ALTER TABLE responsibility_rules ADD COLUMN key text UNIQUE;
-- Staff may switch a seeded rule off without deleting it (a re-import keeps it switched off).
ALTER TABLE responsibility_rules ADD COLUMN active boolean NOT NULL DEFAULT true;
-- How sure we are of the rule: 'verified' (legal text / official source) or 'unverified' (stated
-- by a secondary source or assumed; shown to editors, see docs/responsibility-rules.md).
ALTER TABLE responsibility_rules ADD COLUMN certainty text NOT NULL DEFAULT 'verified' CHECK (certainty IN ('verified', 'unverified'));
ALTER TABLE responsibility_rules ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- Condition: only services of this department (services.responsible_department), e.g. the health
-- office of one Kreis serving a neighbouring Stadtkreis.
ALTER TABLE responsibility_rules ADD COLUMN service_department text;
-- 'state_office': an office of the Land (org_units key 'land-<Land>-<department_key>').
ALTER TABLE responsibility_rules DROP CONSTRAINT responsibility_rules_target_check;
ALTER TABLE responsibility_rules ADD CONSTRAINT responsibility_rules_target_check
  CHECK (target IN ('municipal_authority', 'association_authority', 'county_department', 'city_department', 'org_unit', 'state_office'));
ALTER TABLE responsibility_rules ADD CONSTRAINT responsibility_rules_area_ars_check
  CHECK (area_ars IS NULL OR area_ars ~ '^([0-9]{2}|[0-9]{3}|[0-9]{5}|[0-9]{9}|[0-9]{12})$');
ALTER TABLE responsibility_rules ADD CONSTRAINT responsibility_rules_org_unit_check
  CHECK (target <> 'org_unit' OR org_unit_id IS NOT NULL);

-- Office details beyond 0004: the building (e.g. "Außenstelle Am Mühlkanal"), where the data
-- come from and how current they are (shown on the office page when not verified).
ALTER TABLE org_units
  ADD COLUMN building    text,
  ADD COLUMN data_source text,
  ADD COLUMN data_note   text;

CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_kind ON org_units (kind);
CREATE INDEX responsibilities_area ON responsibilities (area_ars);
