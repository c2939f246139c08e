/**
 * Response compression (brotli, else gzip) for text responses of 1 KB and more: pages, style sheets,
 * scripts, JSON, feeds. KERN's style sheet is 340 KB raw and about 40 KB compressed; on a phone network
 * that decides the first paint. A proxy in front may compress instead: responses that already carry
 * Content-Encoding are left alone. Partial (206) and empty responses are never touched.
 */
import { Readable } from "node:stream";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import type { FastifyInstance } from "fastify";

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml|rss\+xml|atom\+xml|problem\+json)|image\/svg\+xml)/;
const MIN_BYTES = 1024;

export function registerCompression(app: FastifyInstance) {
  app.addHook("onSend", async (req, reply, payload) => {
    if (payload === null || payload === undefined || req.method === "HEAD" || reply.statusCode === 204 || reply.statusCode === 206 || reply.statusCode === 304) return payload;
    if (reply.getHeader("content-encoding") || !COMPRESSIBLE.test(String(reply.getHeader("content-type") ?? ""))) return payload;
    const accept = String(req.headers["accept-encoding"] ?? "");
    const encoding = /\bbr\b/.test(accept) ? "br" : /\bgzip\b/.test(accept) ? "gzip" : undefined;
    const vary = String(reply.getHeader("vary") ?? "");
    if (!/accept-encoding/i.test(vary)) reply.header("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    if (!encoding) return payload;
    const inMemory = typeof payload === "string" || Buffer.isBuffer(payload);
    const size = inMemory ? Buffer.byteLength(payload as string | Buffer) : Number(reply.getHeader("content-length") ?? Infinity);
    if (size < MIN_BYTES) return payload;
    reply.removeHeader("content-length");
    reply.header("content-encoding", encoding);
    const zip = encoding === "br" ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : createGzip({ level: 6 });
    const source = inMemory ? Readable.from([payload as string | Buffer]) : (payload as NodeJS.ReadableStream);
    return source.pipe(zip);
  });
}
