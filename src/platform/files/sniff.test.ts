import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { detectMediaType, formatBytes, sanitizeFileName, typeList } from "./sniff.js";
import { contentDisposition } from "./http.js";
import { receiveFile } from "./receive.js";
import { signV4 } from "./s3.js";
import { localFileStore } from "./local.js";
import { FileNotFoundError } from "./types.js";

const b = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s, "latin1") : Buffer.from(s));

test("detectMediaType recognises PDF, PNG and JPEG by their first bytes", async () => {
  assert.equal(await detectMediaType(b("%PDF-1.7\n%âãÏÓ")), "application/pdf");
  assert.equal(await detectMediaType(b([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])), "image/png");
  assert.equal(await detectMediaType(b([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])), "image/jpeg");
});

test("detectMediaType refuses EXE, HTML, ZIP, SVG, text and polyglots whatever they are called", async () => {
  for (const head of ["MZ\x90\x00\x03\x00\x00\x00", "<!DOCTYPE html><html>", "<html><script>", "PK\x03\x04\x14\x00\x06\x00", "<svg xmlns=", "Hallo Welt", " %PDF-1.4", "\xef\xbb\xbf%PDF-1.4", "%PDF-x", "\x7fELF\x02\x01", ""]) {
    assert.equal(await detectMediaType(b(head)), undefined, JSON.stringify(head));
  }
  // A truncated PNG signature is not a PNG.
  assert.equal(await detectMediaType(b([0x89, 0x50, 0x4e, 0x47])), undefined);
});

test("sanitizeFileName strips paths, control and bidi characters and fixes the extension to the content", () => {
  assert.equal(sanitizeFileName("C:\\Users\\max\\Bauplan.pdf", "application/pdf"), "Bauplan.pdf");
  assert.equal(sanitizeFileName("../../etc/passwd", "application/pdf"), "passwd.pdf");
  assert.equal(sanitizeFileName("rechnung\u202Efdp.exe", "application/pdf"), "rechnung_fdp.exe.pdf");
  assert.equal(sanitizeFileName("Foto.JPEG", "image/jpeg"), "Foto.JPEG");
  assert.equal(sanitizeFileName("scan.png", "image/jpeg"), "scan.png.jpg");
  assert.equal(sanitizeFileName("<script>.pdf", "application/pdf"), "_script_.pdf");
  assert.equal(sanitizeFileName("   ", "application/pdf"), "Datei.pdf");
  assert.equal(sanitizeFileName("Grundriss Erdgeschoß.pdf", "application/pdf"), "Grundriss Erdgeschoß.pdf");
  const long = sanitizeFileName("a".repeat(500) + ".pdf", "application/pdf");
  assert.equal(long.length, 120);
  assert.ok(long.endsWith(".pdf"));
});

test("messages name the types and the limit as users read them", () => {
  assert.equal(typeList(["application/pdf", "image/png", "image/jpeg"]), "PDF, PNG oder JPEG");
  assert.equal(typeList(["application/pdf"]), "PDF");
  assert.equal(formatBytes(10 * 1024 * 1024), "10 MB");
  assert.equal(formatBytes(1_500_000), "1,5 MB");
  assert.equal(formatBytes(300_000), "300 KB");
});

test("contentDisposition is always an attachment with an ASCII fallback and the UTF-8 name", () => {
  assert.equal(contentDisposition('Grundriß "A".pdf'), `attachment; filename="Grundriss _A_.pdf"; filename*=UTF-8''Grundri%C3%9F%20%22A%22.pdf`);
});

test("receiveFile hashes, measures and stops at the limit", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-recv-"));
  const ok = await receiveFile(Readable.from([b("%PDF-1.4\n"), b("rest")]), "plan", "a.pdf", dir, 100);
  assert.equal(ok.size, 13);
  assert.equal(ok.truncated, false);
  assert.equal(ok.head.toString("latin1"), "%PDF-1.4\nrest");
  assert.equal(ok.sha256, createHash("sha256").update("%PDF-1.4\nrest").digest("hex"));
  assert.equal((await readFile(ok.tempPath)).toString(), "%PDF-1.4\nrest");
  const big = await receiveFile(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), "plan", "b.pdf", dir, 100);
  assert.equal(big.truncated, true);
  assert.ok(big.size <= 100);
});

test("signV4 reproduces AWS's published example (GET Object with Range)", async () => {
  const headers = await signV4({
    method: "GET",
    url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
    headers: { range: "bytes=0-9" },
    payloadSha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    region: "us-east-1",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    now: new Date("2013-05-24T00:00:00Z"),
  });
  assert.equal(
    headers.authorization,
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
  );
});

test("local store: put/get/exists/delete, atomic writes, no keys outside the folder", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-store-"));
  const store = localFileStore(dir);
  await store.checkConfig();
  const key = "ab/" + "c".repeat(40);
  await store.put(key, Readable.from([b("hello")]), { size: 5, sha256: "x".repeat(64), contentType: "application/pdf" });
  assert.equal(await store.exists(key), true);
  const chunks: Buffer[] = [];
  for await (const c of await store.get(key)) chunks.push(c as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), "hello");
  assert.deepEqual(await readdir(path.join(dir, "ab")), ["c".repeat(40)], "no temporary file left");
  await assert.rejects(store.put("ab/" + "d".repeat(40), Readable.from([b("hel")]), { size: 5, sha256: "x".repeat(64), contentType: "x" }), /expected 5/);
  assert.equal(await store.exists("ab/" + "d".repeat(40)), false);
  await store.delete(key);
  await store.delete(key);
  assert.equal(await store.exists(key), false);
  await assert.rejects(store.get(key), FileNotFoundError);
  for (const bad of ["../etc/passwd", "ab/../../x", "AB/" + "c".repeat(40), "plan.pdf"]) await assert.rejects(store.put(bad, Readable.from([]), { size: 0, sha256: "", contentType: "" }), /invalid storage key/);
});
