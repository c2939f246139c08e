/**
 * The parts of a FIT-Connect-shaped submission: the metadata document (FIT-Connect metadata schema 1.2 shape:
 * contentStructure with the data's schema and hash, the attachments, the public service type by LeiKa key)
 * and the data JSON, validated against the form's JSON Schema before anything is encrypted.
 */
import { createHash, randomUUID } from "node:crypto";
import { validateAgainstSchema } from "../../forms/index.js";

export const METADATA_SCHEMA = "https://schema.fitko.de/fit-connect/metadata/1.2.0/metadata.schema.json";
export const leikaUrn = (key: string) => `urn:de:fim:leika:leistung:${key}`;

export interface OutgoingAttachment {
  attachmentId: string;
  filename: string;
  mimeType: string;
  content: Uint8Array;
}

export interface PlainSubmission {
  metadata: Record<string, unknown>;
  data: string;
  attachments: OutgoingAttachment[];
}

const sha512 = (b: Uint8Array | string) => createHash("sha512").update(b).digest("hex");

/** Where the form's JSON Schema can be fetched (the form definition with its JSON Schema, GET /api/v1/forms/{id}). */
export function schemaUri(publicUrl: string, formId: string, version: number): string {
  return `${publicUrl.replace(/\/$/, "")}/api/v1/forms/${encodeURIComponent(formId)}?version=${version}#/jsonSchema`;
}

export class SchemaViolation extends Error {
  constructor(public problems: Array<{ path: string; message: string }>) {
    super(`Daten entsprechen nicht dem Schema des Formulars: ${problems.map((p) => `${p.path} ${p.message}`).join("; ")}`.slice(0, 400));
  }
}

export function buildPlainSubmission(input: {
  reference: string;
  formId: string;
  formVersion: number;
  title: string;
  leikaKey: string;
  answers: Record<string, unknown>;
  jsonSchema: Record<string, unknown>;
  schemaUri: string;
  attachments: Array<Omit<OutgoingAttachment, "attachmentId">>;
}): PlainSubmission {
  const problems = validateAgainstSchema(input.jsonSchema as never, input.answers);
  if (problems.length > 0) throw new SchemaViolation(problems);
  const data = JSON.stringify(input.answers);
  const attachments = input.attachments.map((a) => ({ ...a, attachmentId: randomUUID() }));
  const metadata = {
    $schema: METADATA_SCHEMA,
    contentStructure: {
      data: { submissionSchema: { schemaUri: input.schemaUri, mimeType: "application/json" }, hash: { type: "sha512", content: sha512(data) } },
      attachments: attachments.map((a) => ({ attachmentId: a.attachmentId, hash: { type: "sha512", content: sha512(a.content) }, purpose: "attachment", filename: a.filename, mimeType: a.mimeType })),
    },
    publicServiceType: { identifier: leikaUrn(input.leikaKey), name: input.title },
    additionalReferenceInfo: { senderReference: input.reference },
  };
  return { metadata, data, attachments };
}

/** Checks a received data document against its metadata hash (the receiver's side). */
export function dataHashMatches(metadata: Record<string, unknown>, data: Uint8Array): boolean {
  const expected = (metadata as { contentStructure?: { data?: { hash?: { content?: string } } } }).contentStructure?.data?.hash?.content;
  return !!expected && expected === sha512(data);
}
export { sha512 };
