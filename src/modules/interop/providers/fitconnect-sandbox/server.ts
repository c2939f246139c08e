/**
 * SANDBOX — a local FIT-Connect-shaped receiver (Submission API shape) for tests and demos, never a real
 * FIT-Connect endpoint. It holds the destination's private key, decrypts metadata, data and attachments,
 * checks the hashes in the metadata and validates the data against the form's JSON Schema (given by a
 * resolver, as a Fachverfahren would load the schema named in the metadata). Listens on localhost only.
 * With `oauth` it also plays the token endpoint (POST /token, client credentials with client_secret_post or
 * Basic) and refuses Submission API calls without one of its bearer tokens (401), like the real API.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
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
  /** With `oauth`: the token endpoint's URL and the scopes asked for, per token issued. */
  tokenUrl: string;
  tokensIssued: Array<{ scope: string }>;
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

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startSandboxReceiver(opts: { privateJwk: JWK; schemaFor: (schemaUri: string) => Promise<Record<string, unknown> | undefined>; port?: number; oauth?: { clientId: string; clientSecret: string } }): Promise<SandboxReceiver> {
  const received = new Map<string, ReceivedSubmission>();
  const down = { value: false };
  const tokens = new Set<string>();
  const tokensIssued: Array<{ scope: string }> = [];
  const server: Server = createServer(async (req, res) => {
    const json = (status: number, doc?: unknown) => {
      res.writeHead(status, doc === undefined ? {} : { "content-type": "application/json" });
      res.end(doc === undefined ? undefined : JSON.stringify(doc));
    };
    try {
      if (down.value) return json(503, { error: "unavailable" });
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (opts.oauth && req.method === "POST" && path === "/token") {
        // RFC 6749 § 4.4 / § 2.3.1: credentials in the form body or as HTTP Basic.
        const form = new URLSearchParams(await body(req));
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const [id, secret] = basic ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) : [form.get("client_id") ?? "", form.get("client_secret") ?? ""];
        if (form.get("grant_type") !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
        if (!same(id ?? "", opts.oauth.clientId) || !same(secret ?? "", opts.oauth.clientSecret)) return json(401, { error: "invalid_client" });
        const token = randomBytes(24).toString("base64url");
        tokens.add(token);
        tokensIssued.push({ scope: form.get("scope") ?? "" });
        return json(200, { access_token: token, token_type: "Bearer", expires_in: 1800, scope: form.get("scope") ?? "" });
      }
      if (opts.oauth && !tokens.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "")) return json(401, { error: "invalid_token" });
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
  return { url: `http://127.0.0.1:${port}`, tokenUrl: `http://127.0.0.1:${port}/token`, tokensIssued, received, down, close: () => new Promise((r) => server.close(() => r())) };
}
