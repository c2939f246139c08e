import { Type, type Static } from "@sinclair/typebox";

export const DocumentCreated = Type.Object({ id: Type.String({ format: "uuid" }), version: Type.Integer(), sha256: Type.String({ pattern: "^[0-9a-f]{64}$" }) });
export const ScanResult = Type.Object({
  result: Type.Union([Type.Literal("filed"), Type.Literal("clearing")]),
  documentId: Type.Optional(Type.String({ format: "uuid" })),
  caseReference: Type.Optional(Type.String()),
  sha256: Type.Optional(Type.String()),
  clearingId: Type.Optional(Type.String({ format: "uuid" })),
  reason: Type.Optional(Type.String()),
});
export const SearchQuery = Type.Object({ q: Type.String({ minLength: 2, maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) });
export type SearchQuery = Static<typeof SearchQuery>;
export const SearchResults = Type.Object({
  results: Type.Array(Type.Object({ documentId: Type.String({ format: "uuid" }), fileId: Type.String({ format: "uuid" }), fileNumber: Type.String(), caseReference: Type.String(), title: Type.String(), snippet: Type.String() })),
});
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export type IdParams = Static<typeof IdParams>;
export const DocumentJson = Type.Object({
  id: Type.String({ format: "uuid" }),
  title: Type.String(),
  source: Type.String(),
  caseReference: Type.String(),
  fileId: Type.String({ format: "uuid" }),
  fileNumber: Type.String(),
  fileClosed: Type.Boolean(),
  confidentiality: Type.Object(
    {
      code: Type.String({ description: "xdomea-Codeliste Vertraulichkeitsstufe: 003 Offen, 002 VS-NfD" }),
      label: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      inherited: Type.Boolean({ description: "true: die Stufe der Akte; false: das Dokument ist höher eingestuft als seine Akte (nur für die zuständige Stelle lesbar)" }),
    },
    { description: "Vertraulichkeitsstufe des Dokuments: die eigene (höher eingestuft, mit Begründung) oder die der Akte" },
  ),
  release: Type.Union(
    [
      Type.Object({
        state: Type.Union([Type.Literal("pending"), Type.Literal("released"), Type.Literal("defective")], { description: "pending: wartet auf die Qualitätsprüfung durch eine zweite Person; released: freigegeben; defective: als mangelhaft zurückgewiesen (wird neu gescannt)" }),
        scannedAt: Type.String({ format: "date-time" }),
        scannedBy: Type.Union([Type.String({ format: "uuid" }), Type.Null()], { description: "Konto, das gescannt hat" }),
        device: Type.String(),
        checkedBy: Type.Union([Type.String({ format: "uuid" }), Type.Null()], { description: "Konto der zweiten Person (Freigabe oder Mangel)" }),
        checkedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
        releasedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
        defectReason: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: "Vier-Augen-Freigabe eines Scans (ADR 0077); null bei Dokumenten, die nicht gescannt wurden" },
  ),
  ocr: Type.Object({ status: Type.String(), error: Type.Union([Type.String(), Type.Null()]) }),
  versions: Type.Array(Type.Object({ version: Type.Integer(), filename: Type.String(), mediaType: Type.String(), size: Type.Integer(), sha256: Type.String(), createdAt: Type.String({ format: "date-time" }) })),
  pages: Type.Array(Type.Object({ version: Type.Integer(), page: Type.Integer(), method: Type.String(), text: Type.String() })),
});

/** cases:write (ADR 0062): a case addressed by its reference. */
export const CaseReferenceParams = Type.Object({ reference: Type.String({ pattern: "^[A-Za-z0-9-]{1,60}$" }) });
export type CaseReferenceParams = Static<typeof CaseReferenceParams>;
export const CaseStateJson = Type.Object({
  reference: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  version: Type.Integer(),
  mayTransition: Type.Boolean({ description: "Ob das Konto des Tokens (zuständige Stelle) Schritte ausführen darf" }),
  pendingApproval: Type.Union([Type.String(), Type.Null()], { description: "Schritt, der auf Freigabe (Vier-Augen-Prinzip) wartet" }),
  steps: Type.Array(Type.Object({ event: Type.String(), label: Type.String(), requiresText: Type.Boolean(), fourEyes: Type.Boolean() })),
});
export const CaseStepBody = Type.Object(
  {
    event: Type.String({ minLength: 1, maxLength: 80, description: "Name des Schritts im Verfahren, z. B. `request_documents`" }),
    version: Type.Integer({ minimum: 0, description: "Version des Vorgangs, die das Fachverfahren zuletzt gesehen hat (veraltet → 409)" }),
    text: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type CaseStepBody = Static<typeof CaseStepBody>;
export const CaseStepResult = Type.Object({ reference: Type.String(), state: Type.String(), version: Type.Integer(), approvalRequested: Type.Boolean(), documentId: Type.Optional(Type.String({ format: "uuid" })) });

/** Scan intake for specialist software (quality check through the API, ADR 0077's four-eyes rule unchanged). */
export const PendingScans = Type.Object({
  scans: Type.Array(
    Type.Object({
      documentId: Type.String({ format: "uuid" }),
      title: Type.String(),
      fileId: Type.String({ format: "uuid" }),
      fileNumber: Type.String(),
      caseReference: Type.String(),
      device: Type.String(),
      scannedAt: Type.String({ format: "date-time" }),
      scannedBy: Type.Union([Type.String({ format: "uuid" }), Type.Null()], { description: "Konto, das gescannt hat" }),
      mayRelease: Type.Boolean({ description: "false, wenn das Konto des Schlüssels den Scan selbst eingeliefert hat (Vier-Augen-Prinzip) oder nur beteiligt ist" }),
    }),
  ),
});
export const ScanRejectBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, description: "Was an dem Scan mangelhaft ist (Pflicht)" }) }, { additionalProperties: false });
export type ScanRejectBody = Static<typeof ScanRejectBody>;
export const ScanCheckResult = Type.Object({ documentId: Type.String({ format: "uuid" }), release: DocumentJson.properties.release });
