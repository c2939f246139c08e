import { Type, type Static } from "@sinclair/typebox";
import { agsSchema } from "../../platform/keys.js";
import { CARE_KINDS, LANGUAGES, MAX_FREE_PLACES, RADII, SPECIALISATIONS } from "./kinds.js";

const Kind = Type.Union(CARE_KINDS.map((k) => Type.Literal(k)), { description: "Pflegeangebot" });

export const ProviderSearchQuery = Type.Object(
  {
    ags: Type.Optional(agsSchema({ description: "Gemeinde (8-stelliger AGS), z. B. 08236040 für Mühlacker; bei `radius` der Mittelpunkt" })),
    postcode: Type.Optional(Type.String({ pattern: "^[0-9]{5}$", description: "Postleitzahl; bei `radius` ohne `ags` ist ihre Gemeinde der Mittelpunkt" })),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: "Adresse oder Teil davon (z. B. „Hauptstraße 5, 75305 Neuenbürg“): Postleitzahl oder Ort ergeben die Gemeinde. Ist ein Geocoder eingerichtet (GEOCODER_URL), ist die gefundene Adresse (oder Straße) der Ausgangspunkt der Entfernungen, sonst der Gemeindemittelpunkt (`origin.precision` sagt welcher). Ohne `radius` alle Einrichtungen im Umkreis von 50 km, die nächsten zuerst." })),
    kind: Type.Optional(Kind),
    radius: Type.Optional(Type.Union(RADII.map((r) => Type.Literal(r)), { description: "Umkreis in km um den Ausgangspunkt (Gemeindemittelpunkt, bei `address` mit Geocoder die Adresse) bis zur Lage der Einrichtung (ihre geokodierte Anschrift, sonst ihr Gemeindemittelpunkt); braucht `ags`, `postcode` oder `address`" })),
    neededFrom: Type.Optional(Type.String({ format: "date", description: "Benötigt ab (höchstens ein Jahr im Voraus): nur Einrichtungen mit einem freien Platz (des Angebots), der bis dahin frei ist" })),
    specialisation: Type.Optional(Type.Array(Type.Union(SPECIALISATIONS.map((k) => Type.Literal(k))), { maxItems: SPECIALISATIONS.length, uniqueItems: true, description: "Schwerpunkte, alle müssen zutreffen; mehrfach angeben: `specialisation=demenz&specialisation=palliativ`" })),
    language: Type.Optional(Type.Union(LANGUAGES.map((k) => Type.Literal(k)), { description: "Sprache außer Deutsch (ISO 639-1)" })),
    accessible: Type.Optional(Type.Boolean({ description: "Nur mit stufenlosem Zugang" })),
  },
  {
    additionalProperties: false,
    // A radius needs a centre: the municipality or the postcode.
    dependencies: { radius: { anyOf: [{ required: ["ags"] }, { required: ["postcode"] }, { required: ["address"] }] } },
  },
);
export type ProviderSearchQuery = Static<typeof ProviderSearchQuery>;

export const ProviderParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export type ProviderParams = Static<typeof ProviderParams>;

const Place = Type.Object({
  kind: Kind,
  freePlaces: Type.Integer({ minimum: 0 }),
  availableFrom: Type.Union([Type.String({ format: "date" }), Type.Null()]),
  reportedAt: Type.String({ format: "date-time" }),
  stale: Type.Boolean({ description: "Älter als die Aktualitätsgrenze (3 Tage): „nicht aktuell“" }),
});

export const Provider = Type.Object({
  id: Type.String(),
  name: Type.String(),
  carrier: Type.String(),
  demo: Type.Boolean({ description: "Erfundener Demo-Eintrag" }),
  ags: Type.String(),
  address: Type.Object({ street: Type.String(), postcode: Type.String(), town: Type.String() }),
  contact: Type.Object({ phone: Type.String(), email: Type.String(), website: Type.String() }),
  kinds: Type.Array(Kind),
  places: Type.Array(Place),
  url: Type.String(),
});

export const ProviderList = Type.Object({
  items: Type.Array(Type.Composite([Provider, Type.Object({ distanceKm: Type.Optional(Type.Integer({ description: "Nur bei `radius` oder `address`: Entfernung in km, gerundet – vom Ausgangspunkt (Adresse, wenn ein Geocoder eingerichtet ist, sonst Gemeindemittelpunkt) zur Lage der Einrichtung (geokodierte Anschrift, sonst Mittelpunkt ihrer Gemeinde)" })) })])),
  origin: Type.Optional(
    Type.Object({
      ags: Type.String(),
      name: Type.String(),
      postcode: Type.Optional(Type.String()),
      ambiguous: Type.Boolean({ description: "Die Postleitzahl gehört zu mehreren Gemeinden; gewählt: die in der Adresse genannte, sonst die größte" }),
      precision: Type.Union([Type.Literal("address"), Type.Literal("street"), Type.Literal("municipality")], { description: "Ausgangspunkt der Entfernungen: die gefundene Hausadresse, die Straße, oder (ohne Geocoder oder ohne Treffer) der Gemeindemittelpunkt" }),
    }, { description: "Nur bei `address`: wohin die Adresse aufgelöst wurde" }),
  ),
  staleAfterDays: Type.Number(),
});

export const PlacesReport = Type.Object(
  {
    places: Type.Array(
      Type.Object(
        {
          kind: Kind,
          freePlaces: Type.Integer({ minimum: 0, maximum: MAX_FREE_PLACES }),
          availableFrom: Type.Optional(Type.Union([Type.String({ format: "date" }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: CARE_KINDS.length },
    ),
  },
  { additionalProperties: false },
);
export type PlacesReport = Static<typeof PlacesReport>;

export const FiguresQuery = Type.Object(
  {
    ags: Type.Optional(agsSchema({ description: "Gemeinde (8-stelliger AGS); ohne: der ganze Kreis" })),
    kind: Type.Optional(Kind),
  },
  { additionalProperties: false },
);
export type FiguresQuery = Static<typeof FiguresQuery>;

export const FiguresList = Type.Object({
  kind: Type.Union([Kind, Type.Null()]),
  ags: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(Type.Object({ day: Type.String({ format: "date" }), providers: Type.Integer(), freshProviders: Type.Integer(), freePlaces: Type.Integer() })),
});
