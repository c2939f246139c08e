/** Issue 16: photos on the loan check-lists, through the listing photo pipeline (sharp, no metadata), for the loan's parties only. */
import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import type { FastifyInstance } from "fastify";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn, type Client } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { hasGpsPointer, jpegWithGps } from "../support/photos.js";

const NEUENBUERG = "08236043";
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

async function upload(app: FastifyInstance, client: Client, loanId: string, fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const page = await client.get(`/streuobst/ausleihen/${loanId}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const { payload, contentType } = multipartBody({ _csrf: token, ...fields }, file ? [{ field: "foto", name: file.name, type: file.type, content: file.content }] : []);
  return app.inject({ method: "POST", url: `/streuobst/ausleihen/${loanId}/fotos`, headers: { cookie: cookieOf(client), "content-type": contentType }, payload });
}

test("issue 16: the lender adds check-list photos per stage (state, alt text and type checked at the field); both parties see them without metadata, nobody else", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  const itemId = idFrom((await owner.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", { name: "Mulcher", beschreibung: "Benzin", gemeinde: NEUENBUERG, kaution: "100" })).headers.location);
  const from = addDays(today(), 10);
  assert.equal((await paul.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(from), bis: formatDay(addDays(from, 1)), notiz: "" })).statusCode, 303);
  const loanId = (await db.selectFrom("orchard_loans").select("id").executeTakeFirstOrThrow()).id;
  const jpeg = { name: "mulcher.jpg", type: "image/jpeg", content: await jpegWithGps(1200, 800) };

  // Before the confirmation no stage is open.
  const early = await upload(app, owner, loanId, { phase: "pickup", alt: "Mulcher vor der Abholung" }, jpeg);
  assert.equal(early.statusCode, 422);
  assert.match(early.body, /Bitte Abholung oder Rückgabe wählen/);
  assert.equal((await owner.submit("/streuobst/meine", `/streuobst/ausleihen/${loanId}`, { entscheidung: "confirm" })).statusCode, 303);

  // The borrower may not add photos (403), an outsider does not see the loan (404).
  assert.equal((await upload(app, paul, loanId, { phase: "pickup", alt: "x" }, jpeg)).statusCode, 403);
  assert.equal((await eve.get(`/streuobst/ausleihen/${loanId}/fotos`)).statusCode, 404);
  assert.equal((await upload(app, eve, loanId, { phase: "pickup", alt: "x" }, jpeg)).statusCode, 404);
  // Errors at the fields: return photos before the pick-up, no description, not an image.
  const ret = await upload(app, owner, loanId, { phase: "return", alt: "Zu früh" }, jpeg);
  assert.equal(ret.statusCode, 422);
  assert.match(ret.body, /id="phase-error"/);
  const noAlt = await upload(app, owner, loanId, { phase: "pickup", alt: "" }, jpeg);
  assert.equal(noAlt.statusCode, 422);
  assert.match(noAlt.body, /id="alt-error"/);
  const pdf = await upload(app, owner, loanId, { phase: "pickup", alt: "Vertrag" }, { name: "a.pdf", type: "application/pdf", content: Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n") });
  assert.equal(pdf.statusCode, 422);
  assert.match(pdf.body, /kein Bild/);
  assert.equal((await db.selectFrom("orchard_loan_photos").select("id").execute()).length, 0);

  // The pick-up photo is stored re-encoded; the loan page links to the photos; audited.
  const ok = await upload(app, owner, loanId, { phase: "pickup", alt: "Mulcher bei der Abholung, Kratzer links" }, jpeg);
  assert.equal(ok.statusCode, 303);
  const photo = await db.selectFrom("orchard_loan_photos").select(["id", "stage", "width"]).executeTakeFirstOrThrow();
  // Turned upright (the test JPEG has EXIF orientation 6).
  assert.deepEqual([photo.stage, photo.width], ["pickup", 800]);
  assert.match((await paul.get(`/streuobst/ausleihen/${loanId}`)).body, /Fotos zu Abholung und Rückgabe \(1\)/);
  const page = await paul.get(`/streuobst/ausleihen/${loanId}/fotos`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /alt="Mulcher bei der Abholung, Kratzer links"/);
  assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/);
  for (const url of [`/streuobst/ausleihen/fotos/${photo.id}`, `/streuobst/ausleihen/fotos/${photo.id}/klein`]) {
    const res = await paul.get(url);
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers["content-type"], "image/jpeg");
    assert.equal(res.headers["cache-control"], "private, no-store");
    const meta = await sharp(res.rawPayload).metadata();
    assert.equal(meta.format, "jpeg");
    assert.ok(!meta.exif || !hasGpsPointer(meta.exif), "no GPS");
    assert.equal((await eve.get(url)).statusCode, 404, url);
    assert.equal((await app.inject({ url })).statusCode, 404, url);
  }
  assert.equal((await owner.get(`/streuobst/ausleihen/fotos/${photo.id}`)).statusCode, 200);
  const audit = (await db.selectFrom("audit_log").select("action").where("object_id", "=", loanId).execute()).map((r) => r.action);
  assert.ok(audit.includes("orchards.loan_photo_added"));
});
