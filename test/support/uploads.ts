/** Test support for uploads: a form with file fields and a multipart/form-data body builder. */
import { randomBytes } from "node:crypto";
import { tinyPng } from "./images.js";
import type { FormDefinition } from "../../src/modules/forms/index.js";

/** An anonymous test form: a text field and a required plan (PDF/PNG/JPEG) on one page, an optional photo (PNG/JPEG, ≤ 1 MB) on the next. */
export const UPLOAD_FORM: FormDefinition = {
  id: "upload-test",
  version: 1,
  title: "Testantrag mit Unterlagen",
  leikaKeys: [],
  anonymous: true,
  referencePrefix: "UT",
  fee: { kind: "none" },
  codeLists: {},
  rules: [],
  pages: [
    {
      id: "unterlagen",
      title: "Unterlagen",
      items: [
        { kind: "field", id: "vorhaben", label: "Bezeichnung des Vorhabens", type: "text", cardinality: "1:1", maxLength: 200 },
        { kind: "field", id: "bauplan", label: "Bauplan", type: "file", cardinality: "1:1", help: "Der Lageplan mit dem Vorhaben." },
      ],
    },
    {
      id: "foto",
      title: "Foto",
      items: [{ kind: "field", id: "foto", label: "Foto des Grundstücks", type: "file", cardinality: "0:1", accept: ["image/png", "image/jpeg"], maxBytes: 1024 * 1024 }],
    },
  ],
};

export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "latin1");
export const PNG = tinyPng();
/** A Windows executable (MZ header) that calls itself a PDF. */
export const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00", "latin1"), Buffer.alloc(200)]);

/** A multipart/form-data body like a browser sends it. */
export function multipartBody(fields: Record<string, string>, files: Array<{ field: string; name: string; type?: string; content: Buffer }>) {
  const boundary = `----kp${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? "application/octet-stream"}\r\n\r\n`));
    parts.push(f.content, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
