import { Type, type Static } from "@sinclair/typebox";
import { agsSchema, leikaKeySchema } from "../../platform/keys.js";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ResponsibilityQuery = Type.Object({
  leikaKey: leikaKeySchema({ description: "LeiKa-Leistungsschlüssel (14 Ziffern), z. B. 99102013000000 (Hundesteuer)" }),
  ags: agsSchema({ description: "Amtlicher Gemeindeschlüssel des Wohnorts (8 Ziffern), z. B. 08236040 (Mühlacker)" }),
});
export type ResponsibilityQuery = Static<typeof ResponsibilityQuery>;

export const OfficeParams = Type.Object({ id: Type.String({ format: "uuid", description: "Id der Stelle" }) });
export type OfficeParams = Static<typeof OfficeParams>;

export const OfficeSchema = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    name: Type.String(),
    kind: Type.String({ description: "county_authority (Landratsamt), department (Fachbereich), municipal_authority (Gemeinde-/Stadtverwaltung), office (sonstige Stelle, z. B. des Landes)" }),
    parentName: Nullable(Type.String()),
    building: Nullable(Type.String()),
    street: Nullable(Type.String()),
    postcode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    website: Nullable(Type.String()),
    openingHours: Type.Array(Type.Object({ days: Type.String(), hours: Type.String() })),
    accessibility: Nullable(Type.String({ description: "Barrierefreiheit des Gebäudes in Worten" })),
    dataNote: Nullable(Type.String({ description: "Hinweis, welche Angaben fehlen oder nicht geprüft sind" })),
    dataSource: Nullable(Type.String({ description: "Wo die Kontaktdaten veröffentlicht sind (Adresse und Datum der Einsicht)" })),
    url: Type.String({ description: "Seite der Stelle im Portal" }),
  },
  { additionalProperties: false },
);

export const ResponsibilityResponse = Type.Object(
  {
    leikaKey: Type.String(),
    ags: Type.String(),
    office: OfficeSchema,
    ars: Type.String({ description: "Regionalschlüssel des Gebiets, das die Stelle betreut" }),
    areaArs: Type.String({ description: "Regionalschlüssel der angefragten Gemeinde" }),
    role: Type.String({ description: "Rolle nach XZuFi, z. B. zustaendig" }),
    level: Type.String({ description: "municipality, association, county, city, state, other" }),
    ruleSource: Type.String({ description: "Rechtsgrundlage der Zuständigkeitsregel" }),
    certainty: Type.String({ description: "verified oder unverified (Regel beruht auf einer nicht amtlich geprüften Quelle, oder die Aufgabenart wurde übernommen)" }),
    inheritedFrom: Nullable(Type.String({ description: "Hat die Leistung keine Aufgabenart, gilt die der Leistung mit demselben Leistungsobjekt (dieser LeiKa-Schlüssel)" })),
  },
  { additionalProperties: false },
);
export type ResponsibilityResponse = Static<typeof ResponsibilityResponse>;

export const OfficeResponse = Type.Object({ office: OfficeSchema, children: Type.Array(OfficeSchema) }, { additionalProperties: false });
export const OfficeListResponse = Type.Object({ items: Type.Array(Type.Object({ office: OfficeSchema, children: Type.Array(OfficeSchema) })) }, { additionalProperties: false });
