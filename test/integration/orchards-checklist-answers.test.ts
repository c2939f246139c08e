/**
 * Issue 16: the borrower confirms or disputes a check-list (once); the uploader deletes a check-list photo until
 * then; either party reports a photo, staff see and delete it from the queue (audited).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn, type Client } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { jpegWithGps } from "../support/photos.js";

const NEUENBUERG = "08236043";
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const checklist = { zustand: "good", notiz: "", zubehoer: "yes", kaution: "yes", betrag: "" };

async function upload(app: FastifyInstance, client: Client, loanId: string, fields: Record<string, string>, file: { name: string; type: string; content: Buffer }) {
  const page = await client.get(`/streuobst/ausleihen/${loanId}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const { payload, contentType } = multipartBody({ _csrf: token, ...fields }, [{ field: "foto", name: file.name, type: file.type, content: file.content }]);
  return app.inject({ method: "POST", url: `/streuobst/ausleihen/${loanId}/fotos`, headers: { cookie: cookieOf(client), "content-type": contentType }, payload });
}

test("issue 16: check-list photos are deleted by their uploader until the borrower answers; the borrower confirms or disputes once; photos are reported and deleted by staff", { timeout: 240_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const itemId = idFrom((await olga.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", { name: "Mulcher", beschreibung: "Benzin", gemeinde: NEUENBUERG, kaution: "100" })).headers.location);
  const from = addDays(today(), 10);
  assert.equal((await paul.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(from), bis: formatDay(addDays(from, 1)), notiz: "" })).statusCode, 303);
  const loanId = (await db.selectFrom("orchard_loans").select("id").executeTakeFirstOrThrow()).id;
  const page = `/streuobst/ausleihen/${loanId}`;
  assert.equal((await olga.submit("/streuobst/meine", page, { entscheidung: "confirm" })).statusCode, 303);
  const jpeg = { name: "mulcher.jpg", type: "image/jpeg", content: await jpegWithGps(800, 600) };
  for (const alt of ["Mulcher vorne", "Mulcher hinten"]) assert.equal((await upload(app, olga, loanId, { phase: "pickup", alt }, jpeg)).statusCode, 303);
  const [front, back] = (await db.selectFrom("orchard_loan_photos").select(["id", "file_id"]).orderBy("created_at").orderBy("alt", "desc").execute());
  const photoPage = `${page}/fotos`;

  // The uploader sees a delete button for her photos, the borrower a report link instead.
  assert.match((await olga.get(photoPage)).body, /Foto „Mulcher vorne“ löschen/);
  const paulsView = (await paul.get(photoPage)).body;
  assert.doesNotMatch(paulsView, /löschen/);
  assert.match(paulsView, new RegExp(`href="/streuobst/ausleihen/fotos/${front!.id}/melden"`));
  // Only the uploader deletes (borrower 403, outsider 404); audited; the files go.
  assert.equal((await paul.submit(photoPage, `/streuobst/ausleihen/fotos/${front!.id}/loeschen`, {})).statusCode, 403);
  assert.equal((await eve.submit("/streuobst/meine", `/streuobst/ausleihen/fotos/${front!.id}/loeschen`, {})).statusCode, 404);
  assert.equal((await olga.submit(photoPage, `/streuobst/ausleihen/fotos/${front!.id}/loeschen`, {})).statusCode, 303);
  assert.equal((await db.selectFrom("orchard_loan_photos").select("id").where("id", "=", front!.id).execute()).length, 0);
  assert.equal((await db.selectFrom("files").select("id").where("id", "=", front!.file_id).execute()).length, 0);
  assert.equal((await olga.get(`/streuobst/ausleihen/fotos/${front!.id}/klein`)).statusCode, 404);

  // No answer before the check-list is recorded; then the borrower answers, errors at the fields first.
  const answer = `${page}/antwort/abholung`;
  assert.equal((await paul.submit(page, answer, { "antwort-pickup": "confirmed", "einwand-pickup": "" })).statusCode, 409);
  assert.equal((await olga.submit(page, `${page}/abholung`, checklist)).statusCode, 303);
  assert.match((await olga.get(page)).body, /noch nicht beantwortet/);
  assert.equal((await olga.submit(page, answer, { "antwort-pickup": "confirmed", "einwand-pickup": "" })).statusCode, 403, "the lender does not answer");
  assert.equal((await eve.submit("/streuobst/meine", answer, { "antwort-pickup": "confirmed", "einwand-pickup": "" })).statusCode, 404);
  const none = await paul.submit(page, answer, { "einwand-pickup": "" });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /id="antwort-pickup-error"/);
  const bare = await paul.submit(page, answer, { "antwort-pickup": "disputed", "einwand-pickup": "" });
  assert.equal(bare.statusCode, 422);
  assert.match(bare.body, /id="einwand-pickup-error"/);
  assert.equal((await paul.submit(page, answer, { "antwort-pickup": "disputed", "einwand-pickup": "Der Kratzer war schon <b>vorher</b> da." })).statusCode, 303);
  const token = /name="_csrf" value="([^"]+)"/.exec((await paul.get("/streuobst/meine")).body)![1]!;
  assert.equal((await paul.post(answer, { _csrf: token, "antwort-pickup": "confirmed", "einwand-pickup": "" })).statusCode, 409);
  for (const viewer of [olga, paul]) {
    const body = (await viewer.get(page)).body;
    assert.match(body, /bestritten am .*Der Kratzer war schon &lt;b>vorher&lt;\/b> da\./s);
  }
  assert.deepEqual(await db.selectFrom("orchard_checklist_answers").select(["stage", "verdict"]).execute(), [{ stage: "pickup", verdict: "disputed" }]);

  // After the answer the pick-up photo stays (409 with the reason), no delete button.
  const late = await olga.submit(photoPage, `/streuobst/ausleihen/fotos/${back!.id}/loeschen`, {});
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /schon beantwortet; das Foto bleibt/);
  assert.doesNotMatch(late.body, /Foto „Mulcher hinten“ löschen/);

  // Reporting: not one's own (403), reason required, once; staff see it only while reported and delete it.
  const report = `/streuobst/ausleihen/fotos/${back!.id}/melden`;
  assert.equal((await eve.get(report)).statusCode, 404);
  assert.equal((await staff.get(`/streuobst/ausleihen/fotos/${back!.id}`)).statusCode, 404, "staff only see reported photos");
  assert.equal((await olga.submit(photoPage, report, { grund: "Versehen" })).statusCode, 403);
  const empty = await paul.submit(report, report, { grund: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /id="grund-error"/);
  assert.equal((await paul.submit(report, report, { grund: "Zeigt mein Autokennzeichen" })).statusCode, 303);
  assert.equal((await paul.submit(report, report, { grund: "Nochmal" })).statusCode, 409);
  const queue = (await staff.get("/verwaltung/streuobst")).body;
  assert.match(queue, /Foto „Mulcher hinten“ zur Ausleihe „Mulcher“/);
  assert.match(queue, /Zeigt mein Autokennzeichen/);
  assert.equal((await staff.get(`/streuobst/ausleihen/fotos/${back!.id}/klein`)).statusCode, 200);
  assert.equal((await paul.submit("/verwaltung/streuobst/", `/verwaltung/streuobst/ausleihfotos/${back!.id}/loeschen`, {})).statusCode, 403);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/ausleihfotos/${back!.id}/loeschen`, {})).statusCode, 303);
  assert.equal((await db.selectFrom("orchard_loan_photos").select("id").execute()).length, 0);
  // The report goes with the photo (ON DELETE CASCADE); the audit entry keeps that it was resolved.
  assert.equal((await db.selectFrom("orchard_reports").select("id").execute()).length, 0);

  const trail = (await db.selectFrom("audit_log").select(["action", "details"]).where("object_id", "=", loanId).orderBy("id").execute()).filter((a) => /photo_deleted|checklist_answered/.test(a.action));
  assert.deepEqual(trail.map((a) => [a.action, (a.details as { byStaff?: boolean; verdict?: string }).byStaff ?? (a.details as { verdict?: string }).verdict]), [
    ["orchards.loan_photo_deleted", false],
    ["orchards.checklist_answered", "disputed"],
    ["orchards.loan_photo_deleted", true],
  ]);
  assert.equal((trail[2]!.details as { reportsResolved: number }).reportsResolved, 1);
});
