import path from "node:path";
import { rm } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import type { Config } from "../config.js";
import { sendProblem, wantsProblem } from "../http/problem.js";
import { receiveFile, type ReceivedFile } from "./receive.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Files of a multipart request, received into temporary files (removed after the response). */
    uploads: ReceivedFile[] | null;
  }
}

/**
 * Multipart forms (file uploads) without JavaScript: every text field lands in `req.body` like a
 * url-encoded form (so the CSRF hook finds `_csrf` there), every file in `req.uploads`. Parsing happens
 * before the CSRF check (preValidation), bounded by the limits, and temporary files are always removed.
 */
export async function registerMultipart(app: FastifyInstance, config: Config): Promise<void> {
  const { maxBytes, maxRequestBytes, maxFiles } = config.files;
  const tmpDir = path.join(config.varDir, "tmp", "uploads");
  app.decorateRequest("uploads", null);
  app.addHook("onRequest", async (req, reply) => {
    if (!req.headers["content-type"]?.toLowerCase().startsWith("multipart/")) return;
    // Refuse what is announced too large before reading it; chunked bodies are counted while received.
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > maxRequestBytes + 64 * 1024) {
      if (wantsProblem(req)) return sendProblem(reply, 413, "Die Anfrage ist zu groß.");
      return reply.code(413).type("text/plain; charset=utf-8").send("Die Anfrage ist zu groß.");
    }
  });
  await app.register(multipart, {
    attachFieldsToBody: "keyValues",
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes + 1, files: maxFiles, fields: 1000, fieldSize: 100_000, parts: 1000 + maxFiles, headerPairs: 100 },
    async onFile(part) {
      const req = this;
      // A file input left empty still sends a part without a name: not an upload.
      if (!part.filename) {
        part.file.resume();
        await new Promise((r) => part.file.on("end", r));
        return;
      }
      const used = (req.uploads ?? []).reduce((n, f) => n + f.size, 0);
      const room = Math.max(0, maxRequestBytes - used);
      const received = await receiveFile(part.file, part.fieldname, part.filename, tmpDir, Math.min(maxBytes, room));
      if (received.truncated && room < maxBytes) received.overRequestLimit = true;
      (req.uploads ??= []).push(received);
    },
  });
  app.addHook("onResponse", async (req) => {
    if (req.uploads) await Promise.all(req.uploads.map((f) => rm(f.tempPath, { force: true })));
  });
}
