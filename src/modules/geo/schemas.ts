import { Type, type Static } from "@sinclair/typebox";
import { agsSchema } from "../../platform/keys.js";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableInt = () => Type.Union([Type.Integer(), Type.Null()]);

export const AgsParams = Type.Object({
  ags: agsSchema({ description: "Amtlicher Gemeindeschlüssel (8 Ziffern), z. B. 08236040" }),
});
export type AgsParams = Static<typeof AgsParams>;

export const PostcodeParams = Type.Object({
  postcode: Type.String({ pattern: "^[0-9]{5}$", description: "Postleitzahl (5 Ziffern)" }),
});
export type PostcodeParams = Static<typeof PostcodeParams>;

export const MunicipalityListQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 2, maxLength: 80, description: "Namensteil; Groß-/Kleinschreibung und Umlaute egal (muehlacker findet Mühlacker)" })),
});
export type MunicipalityListQuery = Static<typeof MunicipalityListQuery>;

const AssociationSchema = Type.Object({
  ars: Type.String({ description: "Regionalschlüssel des Gemeindeverbands (9 Ziffern)" }),
  name: Type.String(),
  type: Type.String({ description: "verwaltungsgemeinschaft, verwaltungsverband, amt, samtgemeinde, verbandsgemeinde, erfuellende_gemeinde, kirchspielslandgemeinde" }),
  typeLabel: Type.String(),
  seat: Nullable(Type.String()),
  members: Type.Optional(Type.Array(Type.Object({ ags: Type.String(), name: Type.String() }))),
});

export const MunicipalitySchema = Type.Object(
  {
    ags: Type.String({ description: "Amtlicher Gemeindeschlüssel (8 Ziffern)" }),
    ars: Type.String({ description: "Amtlicher Regionalschlüssel (12 Ziffern)" }),
    name: Type.String({ description: "Name im Alltag, z. B. Mühlacker" }),
    officialName: Type.String({ description: "Amtlicher Name, z. B. Mühlacker, Stadt" }),
    type: Type.String({ description: "gemeinde, stadt, grosse_kreisstadt, stadtkreis, kreisfreie_stadt, markt, gemeindefreies_gebiet, gemeindefreies_gebiet_unbewohnt" }),
    typeLabel: Type.String(),
    county: Type.Union([Type.Object({ ags: Type.String(), name: Type.String(), type: Type.String() }), Type.Null()]),
    association: Type.Union([AssociationSchema, Type.Null()]),
    population: NullableInt(),
    areaHa: NullableInt(),
    seatPostcode: Nullable(Type.String()),
    postcodes: Type.Array(Type.String()),
    served: Type.Boolean({ description: "Vom Portal betreut (Landkreis oder Partnerkreis)" }),
    authority: Type.Union([Type.Object({ key: Type.String(), name: Type.String() }), Type.Null()]),
  },
  { additionalProperties: false },
);

const attribution = Type.String({ description: "Quellenvermerk der Daten (Destatis dl-de/by-2-0, OpenStreetMap ODbL)" });

export const MunicipalityListResponse = Type.Object({
  items: Type.Array(MunicipalitySchema),
  total: Type.Integer(),
  attribution,
});

export const MunicipalityResponse = Type.Object({
  municipality: MunicipalitySchema,
  attribution,
});

export const PostcodeResponse = Type.Object({
  postcode: Type.String(),
  municipalities: Type.Array(Type.Composite([MunicipalitySchema, Type.Object({ place: Type.String({ description: "Ortsname laut OpenStreetMap" }) })])),
  attribution,
});

