import { Type, type Static } from "@sinclair/typebox";
import { agsSchema } from "../../platform/keys.js";
import { WASTE_FRACTIONS } from "./db.js";

export const WasteStreetsQuery = Type.Object({ ags: agsSchema({ description: "Gemeinde (8-stelliger AGS), z. B. 08236040 für Mühlacker" }) }, { additionalProperties: false });
export type WasteStreetsQuery = Static<typeof WasteStreetsQuery>;

export const WasteStreetList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String({ format: "uuid" }), street: Type.String(), demo: Type.Boolean({ description: "Erfundene Demo-Termine" }), icalUrl: Type.String() })),
});

export const WasteStreetParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export type WasteStreetParams = Static<typeof WasteStreetParams>;

export const WasteDates = Type.Object({
  street: Type.String(),
  ags: Type.String(),
  demo: Type.Boolean(),
  dates: Type.Array(Type.Object({ date: Type.String({ format: "date" }), fraction: Type.Union(WASTE_FRACTIONS.map((f) => Type.Literal(f))) })),
});

export const NewsQuery = Type.Object(
  { gemeinde: Type.Optional(Type.String({ pattern: "^([0-9]{8}|kreis)$", description: "AGS der Gemeinde (mit den Nachrichten des Kreises) oder „kreis“" })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);
export type NewsQuery = Static<typeof NewsQuery>;

export const NewsList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), ags: Type.Union([Type.String(), Type.Null()]), title: Type.String(), body: Type.String(), publishedAt: Type.String({ format: "date-time" }), demo: Type.Boolean(), url: Type.String() })),
});
