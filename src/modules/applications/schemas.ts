import { Type, type Static } from "@sinclair/typebox";

export const FormListQuery = Type.Object({ leikaKey: Type.Optional(Type.String({ description: "14-stelliger LeiKa-Schlüssel", examples: ["99102013000000"] })) });
export type FormListQuery = Static<typeof FormListQuery>;

export const FormSummary = Type.Object({ id: Type.String(), title: Type.String(), leikaKeys: Type.Array(Type.String()) });
export type FormSummary = Static<typeof FormSummary>;
export const FormListResponse = Type.Array(FormSummary);

export const FormParams = Type.Object({ id: Type.String({ examples: ["hundesteuer-anmeldung"] }) });
export type FormParams = Static<typeof FormParams>;

export const FormResponse = Type.Object(
  { id: Type.String(), version: Type.Integer(), title: Type.String(), leikaKeys: Type.Array(Type.String()), jsonSchema: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: true, description: "Die Formulardefinition (Seiten, Felder, Gruppen, Codelisten, Regeln) mit ihrem JSON Schema unter jsonSchema." },
);

export const SubmissionBody = Type.Object({}, { additionalProperties: true, description: "Die Antworten als JSON nach dem jsonSchema des Formulars." });
export const SubmissionCreated = Type.Object({ reference: Type.String({ examples: ["EK-2026-000123"] }), receiptUrl: Type.String(), statusUrl: Type.String() });
export type SubmissionCreated = Static<typeof SubmissionCreated>;

export const UploadCreated = Type.Object({
  id: Type.String({ description: "In der Einreichung als {\"id\": …} im Dateifeld angeben" }),
  name: Type.String(),
  mediaType: Type.String({ examples: ["application/pdf"] }),
  size: Type.Integer(),
  sha256: Type.String(),
});
