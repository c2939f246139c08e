import { Type, type Static } from "@sinclair/typebox";
import { agsSchema } from "../../platform/keys.js";

const Phase = Type.Object({
  kind: Type.Union([Type.Literal("early"), Type.Literal("display"), Type.Literal("redisplay")], { description: "early: § 3 Abs. 1 BauGB, display: § 3 Abs. 2 BauGB, redisplay: erneute Auslegung § 4a Abs. 3 BauGB" }),
  startsAt: Type.String({ format: "date-time" }),
  endsAt: Type.String({ format: "date-time", description: "Ende (ausschließlich): ab diesem Zeitpunkt werden keine Stellungnahmen mehr angenommen" }),
  announcement: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()], { description: "Grund der erneuten Auslegung (nur bei redisplay)" }),
});

export const Procedure = Type.Object({
  slug: Type.String(),
  kind: Type.Union(["bebauungsplan", "flaechennutzungsplan", "satzung", "planfeststellung"].map((k) => Type.Literal(k))),
  title: Type.String(),
  description: Type.String(),
  municipality: Type.Object({ ags: Type.String(), ars: Type.String(), name: Type.String() }),
  open: Type.Boolean({ description: "Läuft gerade eine Beteiligungsphase?" }),
  phases: Type.Array(Phase),
  url: Type.String(),
});

export const ProcedureListQuery = Type.Object({ ags: Type.Optional(agsSchema({ description: "Amtlicher Gemeindeschlüssel" })) }, { additionalProperties: false });
export type ProcedureListQuery = Static<typeof ProcedureListQuery>;
export const ProcedureListResponse = Type.Object({ items: Type.Array(Procedure) });
export const ProcedureParams = Type.Object({ slug: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,79}$" }) });
export type ProcedureParams = Static<typeof ProcedureParams>;
export const ProcedureResponse = Type.Object({
  procedure: Procedure,
  documents: Type.Array(Type.Object({ title: Type.String(), size: Type.Integer(), url: Type.String() })),
});

export const StatementBody = Type.Object(
  {
    text: Type.String({ minLength: 10, maxLength: 20000 }),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    street: Type.String({ minLength: 1, maxLength: 200 }),
    postcode: Type.String({ pattern: "^[0-9]{5}$" }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    email: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type StatementBody = Static<typeof StatementBody>;
export const StatementReceipt = Type.Object({ reference: Type.String(), submittedAt: Type.String({ format: "date-time" }) });

const Pos = Type.Array(Type.Number());
const Surface = Type.Object({ type: Type.Literal("MultiPolygon"), coordinates: Type.Array(Type.Array(Type.Array(Pos))) }, { description: "Flächen; je Fläche der äußere Ring, dann die Löcher. WGS84, Längengrad vor Breitengrad (GeoJSON)" });
const Lines = Type.Object({ type: Type.Literal("MultiLineString"), coordinates: Type.Array(Type.Array(Pos)) }, { description: "Linien (z. B. Baugrenze). WGS84, Längengrad vor Breitengrad" });
const Points = Type.Object({ type: Type.Literal("MultiPoint"), coordinates: Type.Array(Pos) }, { description: "Punkte (z. B. zu erhaltender Baum). WGS84, Längengrad vor Breitengrad" });
export const PlanFeatures = Type.Object({
  type: Type.Literal("FeatureCollection"),
  name: Type.String({ description: "Name des Plans aus der XPlanGML-Datei" }),
  planType: Type.String({ description: "BP_Plan, FP_Plan …" }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal("Feature"),
      properties: Type.Object({
        role: Type.Union([Type.Literal("area"), Type.Literal("landUse")], { description: "area: räumlicher Geltungsbereich; landUse: ein Objekt des Plans (Fläche, Linie oder Punkt)" }),
        featureType: Type.String({ description: "XPlanGML-Klasse, z. B. BP_BaugebietsTeilFlaeche" }),
        use: Type.Union([Type.String(), Type.Null()], { description: "Schlüssel der (besonderen, sonst allgemeinen) Art der baulichen Nutzung; die Codeliste nennt useAttribute" }),
        useAttribute: Type.Union([Type.Literal("besondereArtDerBaulNutzung"), Type.Literal("allgArtDerBaulNutzung"), Type.Null()], {
          description: "Attribut, aus dem use stammt (Codeliste XP_BesondereArtDerBaulNutzung bzw. XP_AllgArtDerBaulNutzung); null ohne use oder bei vor der Unterscheidung gespeicherten Plänen, deren Attribut nicht eindeutig war",
        }),
        label: Type.String({ description: "Bezeichnung in der Sprache der Anfrage, wie in der Liste der Festsetzungen auf der Verfahrensseite (z. B. „Baugrenze“); die Karte beschriftet Linien und Punkte damit" }),
      }),
      // The area is always surfaces; a plan feature may be surfaces, lines or points.
      geometry: Type.Union([Surface, Lines, Points]),
    }),
  ),
});
export type PlanFeatures = Static<typeof PlanFeatures>;
