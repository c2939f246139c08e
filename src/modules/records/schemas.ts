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
  ocr: Type.Object({ status: Type.String(), error: Type.Union([Type.String(), Type.Null()]) }),
  versions: Type.Array(Type.Object({ version: Type.Integer(), filename: Type.String(), mediaType: Type.String(), size: Type.Integer(), sha256: Type.String(), createdAt: Type.String({ format: "date-time" }) })),
  pages: Type.Array(Type.Object({ version: Type.Integer(), page: Type.Integer(), method: Type.String(), text: Type.String() })),
});
