import { Type, type Static } from "@sinclair/typebox";


const CitizenStatus = Type.Union(["received", "in_progress", "action_required", "decided", "closed"].map((s) => Type.Literal(s)), { description: "Stand in der Sprache des Postfachs (FIT-Connect-Semantik)" });
export const ApplicationParams = Type.Object({ reference: Type.String({ examples: ["EK-2026-000123"] }) });
export type ApplicationParams = Static<typeof ApplicationParams>;
export const ApplicationListResponse = Type.Object({
  items: Type.Array(Type.Object({ reference: Type.String(), formId: Type.String(), title: Type.String(), submittedAt: Type.String({ format: "date-time" }), status: CitizenStatus })),
});
export const ApplicationResponse = Type.Object({
  reference: Type.String(),
  formId: Type.String(),
  title: Type.String(),
  submittedAt: Type.String({ format: "date-time" }),
  status: CitizenStatus,
  timeline: Type.Array(Type.Object({ at: Type.String({ format: "date-time" }), status: CitizenStatus, text: Type.String() })),
  statusUrl: Type.String(),
});
