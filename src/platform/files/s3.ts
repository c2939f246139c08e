/**
 * S3-compatible object storage (AWS S3, MinIO, Ceph RGW, IONOS, OTC OBS …). Requests are signed with
 * aws4fetch's AWS Signature Version 4 signer (ADR 0025) and sent over node:http, because fetch cannot stream
 * a body with a known Content-Length and S3 refuses chunked uploads without it. The body's SHA-256 is
 * signed (x-amz-content-sha256), so the server refuses a corrupted upload.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { AwsV4Signer } from "aws4fetch";
import { assertKey, FileNotFoundError, type FileStore, type PutOptions } from "./types.js";

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://endpoint/bucket/key` (MinIO, most on-premise servers) instead of `https://bucket.endpoint/key`. */
  forcePathStyle: boolean;
}

const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");
// RFC 3986 encoding for the URL path (encodeURIComponent leaves !'()* alone).
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
// Derived signing keys per day/region, reused across requests.
const signingKeys = new Map<string, ArrayBuffer>();

/** Signs a request (AWS SigV4, header variant, every header signed); returns the headers to send. */
export async function signV4(p: { method: string; url: URL; headers: Record<string, string>; payloadSha256: string; region: string; service?: string; accessKeyId: string; secretAccessKey: string; now: Date }): Promise<Record<string, string>> {
  const signer = new AwsV4Signer({
    method: p.method,
    url: p.url.toString(),
    headers: { ...p.headers, "x-amz-content-sha256": p.payloadSha256 },
    region: p.region,
    service: p.service ?? "s3",
    accessKeyId: p.accessKeyId,
    secretAccessKey: p.secretAccessKey,
    datetime: p.now.toISOString().replace(/[:-]|\.\d{3}/g, ""),
    // Content-Length and Content-Type are signed too: node:http sends exactly these headers.
    allHeaders: true,
    cache: signingKeys,
  });
  const signed = await signer.sign();
  return { ...Object.fromEntries(signed.headers), host: p.url.host };
}

interface S3Response {
  status: number;
  body: http.IncomingMessage;
}

async function readText(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").slice(0, 2000);
}

/** S3 error code from an XML error body (`<Code>NoSuchBucket</Code>`). */
const errorCode = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1] ?? "";

export function s3FileStore(o: S3Options): FileStore {
  const base = new URL(o.endpoint);
  const urlFor = (key?: string) => {
    const u = new URL(base.toString());
    const prefix = base.pathname.replace(/\/$/, "");
    if (o.forcePathStyle) u.pathname = `${prefix}/${uriEncode(o.bucket)}${key !== undefined ? `/${key.split("/").map(uriEncode).join("/")}` : ""}`;
    else {
      u.hostname = `${o.bucket}.${base.hostname}`;
      u.pathname = `${prefix}/${key !== undefined ? key.split("/").map(uriEncode).join("/") : ""}`;
    }
    return u;
  };

  async function send(method: string, url: URL, extra: Record<string, string>, payloadSha256: string, body?: Readable): Promise<S3Response> {
    const headers = await signV4({ method, url, headers: extra, payloadSha256, region: o.region, accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, now: new Date() });
    const lib = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { method, headers, timeout: 60_000 }, (res) => resolve({ status: res.statusCode ?? 0, body: res }));
      req.on("timeout", () => req.destroy(new Error(`S3 ${method} timed out`)));
      req.on("error", reject);
      if (body) {
        body.on("error", (err) => req.destroy(err));
        body.pipe(req);
      } else req.end();
    });
  }

  async function fail(res: S3Response, what: string): Promise<never> {
    const text = await readText(res.body);
    throw new Error(`S3 ${what} failed: HTTP ${res.status} ${errorCode(text)}`);
  }

  return {
    id: "s3",
    async put(key, body, opts: PutOptions) {
      assertKey(key);
      const res = await send("PUT", urlFor(key), { "content-length": String(opts.size), "content-type": opts.contentType }, opts.sha256, body);
      if (res.status !== 200) return fail(res, "PUT");
      res.body.resume();
    },
    async get(key) {
      assertKey(key);
      const res = await send("GET", urlFor(key), {}, EMPTY_SHA256);
      if (res.status === 404) {
        res.body.resume();
        throw new FileNotFoundError(key);
      }
      if (res.status !== 200) return fail(res, "GET");
      return res.body;
    },
    async delete(key) {
      assertKey(key);
      const res = await send("DELETE", urlFor(key), {}, EMPTY_SHA256);
      if (res.status !== 204 && res.status !== 200 && res.status !== 404) return fail(res, "DELETE");
      res.body.resume();
    },
    async exists(key) {
      assertKey(key);
      const res = await send("HEAD", urlFor(key), {}, EMPTY_SHA256);
      res.body.resume();
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw new Error(`S3 HEAD failed: HTTP ${res.status}`);
    },
    async checkConfig() {
      let res: S3Response;
      try {
        res = await send("HEAD", urlFor(), {}, EMPTY_SHA256);
      } catch (err) {
        throw new Error(`S3-Speicher ${base.host} nicht erreichbar: ${(err as Error).message}`);
      }
      res.body.resume();
      if (res.status === 404) throw new Error(`S3-Bucket ${o.bucket} gibt es nicht (S3_BUCKET).`);
      if (res.status === 403) throw new Error("S3-Zugangsdaten werden abgelehnt (S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY).");
      if (res.status !== 200) throw new Error(`S3-Speicher antwortet mit HTTP ${res.status}.`);
    },
  };
}
