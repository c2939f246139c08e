import { Type, type Static } from "@sinclair/typebox";

const Nullable = <T extends import("@sinclair/typebox").TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ServiceParams = Type.Object({ leikaKey: Type.String({ description: "14-digit LeiKa key", examples: ["99023001012000"] }) });
export type ServiceParams = Static<typeof ServiceParams>;

export const ServiceQuery = Type.Object({
  ags: Type.Optional(Type.String({ description: "8-digit official municipality key (AGS); the responsible office is resolved for it", examples: ["08236040"] })),
});
export type ServiceQuery = Static<typeof ServiceQuery>;

export const OfficeResponse = Type.Object({
  name: Type.String(),
  parentName: Nullable(Type.String()),
  ars: Nullable(Type.String()),
  role: Type.String({ description: "XZuFi role, e.g. zustaendig" }),
  address: Nullable(Type.Object({ street: Nullable(Type.String()), postcode: Nullable(Type.String()), city: Nullable(Type.String()) })),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  website: Nullable(Type.String()),
  openingHours: Type.Array(Type.Object({ days: Type.String(), hours: Type.String() })),
  accessibility: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
export type OfficeResponse = Static<typeof OfficeResponse>;

const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });

export const ServiceResponse = Type.Object({
  leikaKey: Type.String(),
  name: Type.String(),
  url: Type.String({ description: "Path of the service page" }),
  leikaType: Nullable(Type.String()),
  serviceObject: Nullable(Type.String()),
  activity: Nullable(Type.String()),
  activityDetail: Nullable(Type.String()),
  topic: Nullable(Ref),
  lifeSituation: Nullable(Ref),
  ozgService: Nullable(Ref),
  hasContent: Type.Boolean(),
  shortText: Nullable(Type.String()),
  fullText: Nullable(Type.String()),
  requirements: Type.Array(Type.String()),
  documents: Type.Array(Type.String()),
  fees: Nullable(Type.String()),
  deadlines: Nullable(Type.String()),
  processingTime: Nullable(Type.String()),
  legalBasis: Type.Array(Type.Object({ title: Type.String(), url: Type.Optional(Type.String()) })),
  forms: Type.Array(Type.Object({ title: Type.String(), url: Type.String() })),
  onlineService: Nullable(Type.Object({ url: Type.String(), trustLevel: Type.Optional(Type.String()) })),
  searchTerms: Type.Array(Type.String()),
  validityArs: Nullable(Type.String()),
  taskCategory: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
  responsibleDepartment: Nullable(Type.String()),
  popularity: Type.Integer(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: "date-time" }),
  municipality: Nullable(Type.Object({ ags: Type.String(), name: Type.String() })),
  responsible: Nullable(OfficeResponse),
  onlineUrl: Type.Optional(
    Type.String({ description: "Where to apply online: the portal's own online form (a path such as /antraege/hundesteuer-anmeldung), else the external online service (absolute URL); absent when there is none" }),
  ),
  appointmentUrl: Type.Optional(Type.String({ description: "Path to book an appointment (with ags when given, so the responsible location is suggested); absent when the service is not bookable" })),
  appointments: Type.Array(
    Type.Object({
      location: Type.String({ description: "Location key, as /api/v1/appointments/slots takes it" }),
      name: Type.String(),
      url: Type.String({ description: "Path of the location's calendar for this service" }),
    }),
    { description: "Locations where the service is bookable (empty when it is not bookable)" },
  ),
});
export type ServiceResponse = Static<typeof ServiceResponse>;

