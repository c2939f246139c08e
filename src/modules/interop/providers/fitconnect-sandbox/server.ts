/**
 * SANDBOX — a local FIT-Connect-shaped receiver (Submission API shape) for tests and demos, never a real
 * FIT-Connect endpoint. It holds the destination's private key, decrypts metadata, data and attachments,
 * checks the hashes in the metadata and validates the data against the form's JSON Schema (given by a
 * resolver, as a Fachverfahren would load the schema named in the metadata). Listens on localhost only.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import type { JWK } from "jose";
import { validateAgainstSchema } from "../../../forms/index.js";
import { decryptWith } from "../../fitconnect/crypto.js";
import { dataHashMatches, sha512 } from "../../fitconnect/submission.js";

export interface ReceivedSubmission {
  submissionId: string;
  destinationId: string;
  status: "announced" | "submitted" | "rejected";
  announcedAttachments: string[];
  attachments: Map<string, Uint8Array>;
  metadata?: Record<string, unknown>;
  data?: unknown;
  problems: string[];
}

export interface SandboxReceiver {
  url: string;
  received: Map<string, ReceivedSubmission>;
  /** Answers every request with 503 while true (a destination that is down). */
  down: { value: boolean };
  close(): Promise<void>;
}

async function body(req: IncomingMessage, max = 20 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new Error("too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startSandboxReceiver(opts: { privateJwk: JWK; schemaFor: (schemaUri: string) => Promise<Record<string, unknown> | undefined>; port?: number }): Promise<SandboxReceiver> {
  const received = new Map<string, ReceivedSubmission>();
  const down = { value: false };
  const server: Server = createServer(async (req, res) => {
    const json = (status: number, doc?: unknown) => {
      res.writeHead(status, doc === undefined ? {} : { "content-type": "application/json" });
      res.end(doc === undefined ? undefined : JSON.stringify(doc));
    };
    try {
      if (down.value) return json(503, { error: "unavailable" });
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (req.method === "POST" && path === "/v1/submissions") {
        const doc = JSON.parse(await body(req)) as { destinationId?: string; announcedAttachments?: string[] };
        const submissionId = randomUUID();
        received.set(submissionId, { submissionId, destinationId: String(doc.destinationId), status: "announced", announcedAttachments: doc.announcedAttachments ?? [], attachments: new Map(), problems: [] });
        return json(201, { submissionId, destinationId: doc.destinationId, caseId: randomUUID() });
      }
      const att = /^\/v1\/submissions\/([0-9a-f-]{36})\/attachments\/([0-9a-f-]{36})$/.exec(path);
      if (req.method === "PUT" && att) {
        const s = received.get(att[1]!);
        if (!s || !s.announcedAttachments.includes(att[2]!)) return json(404, { error: "unknown" });
        s.attachments.set(att[2]!, (await decryptWith(opts.privateJwk, await body(req))).plaintext);
        return json(204);
      }
      const sub = /^\/v1\/submissions\/([0-9a-f-]{36})$/.exec(path);
      if (req.method === "PUT" && sub) {
        const s = received.get(sub[1]!);
        if (!s) return json(404, { error: "unknown" });
        const doc = JSON.parse(await body(req)) as { encryptedMetadata: string; encryptedData: string };
        const metadata = JSON.parse(new TextDecoder().decode((await decryptWith(opts.privateJwk, doc.encryptedMetadata)).plaintext)) as Record<string, unknown>;
        const dataBytes = (await decryptWith(opts.privateJwk, doc.encryptedData)).plaintext;
        const problems: string[] = [];
        if (!dataHashMatches(metadata, dataBytes)) problems.push("data hash mismatch");
        const structure = (metadata.contentStructure ?? {}) as { data?: { submissionSchema?: { schemaUri?: string } }; attachments?: Array<{ attachmentId: string; hash: { content: string } }> };
        for (const a of structure.attachments ?? []) {
          const bytes = s.attachments.get(a.attachmentId);
          if (!bytes) problems.push(`attachment ${a.attachmentId} missing`);
          else if (sha512(bytes) !== a.hash.content) problems.push(`attachment ${a.attachmentId} hash mismatch`);
        }
        const data = JSON.parse(new TextDecoder().decode(dataBytes)) as unknown;
        const schema = await opts.schemaFor(structure.data?.submissionSchema?.schemaUri ?? "");
        if (!schema) problems.push("schema unknown");
        else for (const p of validateAgainstSchema(schema as never, data)) problems.push(`${p.path} ${p.message}`);
        Object.assign(s, { metadata, data, problems, status: problems.length ? "rejected" : "submitted" });
        return json(202, { submissionId: s.submissionId, status: s.status });
      }
      const status = /^\/v1\/submissions\/([0-9a-f-]{36})$/.exec(path);
      if (req.method === "GET" && status && received.has(status[1]!)) {
        const s = received.get(status[1]!)!;
        return json(200, { submissionId: s.submissionId, status: s.status, problems: s.problems });
      }
      return json(404, { error: "not found" });
    } catch (err) {
      return json(400, { error: String((err as Error).message).slice(0, 200) });
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, received, down, close: () => new Promise((r) => server.close(() => r())) };
}
