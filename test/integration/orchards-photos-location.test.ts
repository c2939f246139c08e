/** Issue 16, second slice on the real PostgreSQL: photos of listings, the coarsened map point, the distance search, the availability calendar. */
import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { coarsen, distanceKm } from "../../src/platform/geo/centres.js";
import { listingCreator } from "../../src/modules/orchards/commands/listings.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { hasGpsPointer, jpegWithGps, pngBomb, pngPhoto, webpPhoto } from "../support/photos.js";

const NEUENBUERG = "08236043";
const MUEHLACKER = "08236040";
const place = { ags: NEUENBUERG, ars: "082365005043", name: "Neuenbürg" };

function listingFields(over: Record<string, string> = {}) {
  return { art: "meadow_lease", titel: "Streuobstwiese am Schlossberg", beschreibung: "30 Hochstämme am Hang.", gemeinde: NEUENBUERG, flaeche: "", baeume: "", sorten: "", ablauf: formatDay(addDays(today(), 90)), breite: "", laenge: "", ...over };
}

const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;

/** Posts the photo form (multipart) as the client, with the CSRF token of the photo page. */
async function uploadPhoto(app: import("fastify").FastifyInstance, client: Client, listingId: string, alt: string, file?: { name: string; content: Buffer }) {
  const page = await client.get(`/streuobst/anzeigen/${listingId}/fotos`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const { payload, contentType } = multipartBody({ _csrf: token, alt }, file ? [{ field: "foto", name: file.name, type: "image/jpeg", content: file.content }] : []);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return app.inject({ method: "POST", url: `/streuobst/anzeigen/${listingId}/fotos`, headers: { cookie, "content-type": contentType }, payload });
}

test("issue 16: photos — content-checked, bomb-safe, metadata stripped, resized, served with caching for visible listings only; owner or staff delete (audited)", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const anon = new Client(app);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const other = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "sachb@example.org", kind: "staff" });
  const id = idFrom((await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields())).headers.location);

  // Refusals, each next to its field, with the alt text kept.
  const noAlt = await uploadPhoto(app, owner, id, "", { name: "wiese.jpg", content: await jpegWithGps() });
  assert.equal(noAlt.statusCode, 422);
  assert.match(noAlt.body, /id="alt-error"/);
  const noFile = await uploadPhoto(app, owner, id, "Wiese im Frühling");
  assert.match(noFile.body, /Bitte wählen Sie ein Foto aus\./);
  assert.match(noFile.body, /value="Wiese im Frühling"/);
  const pdf = await uploadPhoto(app, owner, id, "Lageplan", { name: "plan.jpg", content: Buffer.from("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n") });
  assert.equal(pdf.statusCode, 422);
  assert.match(pdf.body, /id="foto-error"[^]*Die Datei ist kein Bild \(JPEG, PNG oder WebP\)\./);
  assert.match(pdf.body, /href="#foto"/);
  const bomb = await uploadPhoto(app, owner, id, "Bombe", { name: "bomb.png", content: pngBomb() });
  assert.equal(bomb.statusCode, 422);
  assert.match(bomb.body, /beschädigt oder hat zu viele Pixel/);
  const huge = await uploadPhoto(app, owner, id, "Zu groß", { name: "gross.jpg", content: Buffer.concat([await jpegWithGps(64, 64), Buffer.alloc(10 * 1024 * 1024)]) });
  assert.equal(huge.statusCode, 422);
  assert.match(huge.body, /größer als 10 MB/);
  assert.equal((await db.selectFrom("orchard_photos").select("id").execute()).length, 0);

  // Someone else cannot upload (the page and the post look unknown).
  assert.equal((await other.get(`/streuobst/anzeigen/${id}/fotos`)).statusCode, 404);
  assert.equal((await uploadPhoto(app, other, id, "Fremd", { name: "x.jpg", content: await jpegWithGps() })).statusCode, 404);

  // A JPEG with GPS EXIF: accepted, stored without any metadata, upright, at most 1600 px.
  const ok = await uploadPhoto(app, owner, id, "Blühende Apfelbäume am Südhang", { name: "IMG_0001.jpg", content: await jpegWithGps(2400, 1600) });
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
  const photo = await db.selectFrom("orchard_photos").selectAll().executeTakeFirstOrThrow();
  assert.equal(photo.alt, "Blühende Apfelbäume am Südhang");
  assert.deepEqual([photo.width, photo.height], [1067, 1600]);
  const files = await db.selectFrom("files").select(["id", "purpose", "retain_until", "media_type", "storage_provider"]).where("id", "in", [photo.file_id, photo.thumb_file_id]).execute();
  assert.equal(files.length, 2);
  assert.ok(files.every((f) => f.purpose === "orchards-photo" && f.retain_until === null && f.media_type === "image/jpeg"));

  const page = await anon.get(`/streuobst/anzeigen/${id}`);
  assert.match(page.body, new RegExp(`<img src="/streuobst/fotos/${photo.id}/klein" alt="Blühende Apfelbäume am Südhang" width="267" height="400"`));
  // The list shows the first photo's thumbnail under the listing's title.
  const list = (await anon.get("/streuobst")).body;
  assert.match(list, new RegExp(`href="/streuobst/anzeigen/${id}">[^<]*</a></h3><p class="kern-body">[^]*?</p><img class="kp-orchard-thumb" src="/streuobst/fotos/${photo.id}/klein" alt="Blühende Apfelbäume am Südhang" width="267" height="400" loading="lazy"`));
  const large = await anon.get(`/streuobst/fotos/${photo.id}`);
  assert.equal(large.statusCode, 200);
  assert.equal(large.headers["content-type"], "image/jpeg");
  assert.equal(large.headers["cache-control"], "public, max-age=3600");
  assert.equal(large.headers["x-content-type-options"], "nosniff");
  const etag = String(large.headers.etag);
  assert.match(etag, /^"[0-9a-f]{64}"$/);
  assert.equal((await anon.get(`/streuobst/fotos/${photo.id}`, { "if-none-match": etag })).statusCode, 304);
  for (const bytes of [large.rawPayload, (await anon.get(`/streuobst/fotos/${photo.id}/klein`)).rawPayload]) {
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.format, "jpeg");
    assert.equal(meta.exif, undefined);
    assert.equal(hasGpsPointer(meta.exif), false);
    assert.equal(meta.xmp, undefined);
    assert.ok(bytes.indexOf("TestCam") < 0 && bytes.indexOf("Olga") < 0 && bytes.indexOf("Exif\0") < 0);
    assert.ok(meta.height! > meta.width!, "turned upright by the orientation tag");
    assert.ok(Math.max(meta.width!, meta.height!) <= 1600);
  }
  assert.equal((await sharp((await anon.get(`/streuobst/fotos/${photo.id}/klein`)).rawPayload).metadata()).height, 400);
  assert.equal((await anon.get("/streuobst/fotos/00000000-0000-4000-8000-000000000000")).statusCode, 404);
  // The JSON API lists the photos (one and all listings).
  const apiPhoto = { url: `/streuobst/fotos/${photo.id}`, thumbnailUrl: `/streuobst/fotos/${photo.id}/klein`, alt: "Blühende Apfelbäume am Südhang", width: 1067, height: 1600 };
  assert.deepEqual((await anon.get(`/api/v1/orchards/listings/${id}`)).json().photos, [apiPhoto]);
  assert.deepEqual((await anon.get("/api/v1/orchards/listings")).json().items.find((l: { id: string }) => l.id === id).photos, [apiPhoto]);

  // Up to 5 photos: PNG and WebP are fine; the sixth is refused.
  for (const [i, content] of [await pngPhoto(), await webpPhoto(), await pngPhoto(), await pngPhoto()].entries()) assert.equal((await uploadPhoto(app, owner, id, `Foto ${i + 2}`, { name: `f${i}.png`, content })).statusCode, 303);
  const sixth = await uploadPhoto(app, owner, id, "Sechstes", { name: "f6.jpg", content: await jpegWithGps(100, 100) });
  assert.equal(sixth.statusCode, 422);
  assert.match(sixth.body, /id="foto-error"[^]*höchstens 5 Fotos haben/);
  const full = await owner.get(`/streuobst/anzeigen/${id}/fotos`);
  assert.match(full.body, /schon 5 Fotos/);
  assert.doesNotMatch(full.body, /enctype="multipart\/form-data"/);
  assert.equal((await db.selectFrom("orchard_photos").select("id").where("listing_id", "=", id).execute()).length, 5);

  // Deleting: another citizen cannot (404); staff can, audited, and the files go.
  const otherToken = /name="_csrf" value="([^"]+)"/.exec((await other.get("/streuobst/neu")).body)![1]!;
  assert.equal((await other.post(`/streuobst/fotos/${photo.id}/loeschen`, { _csrf: otherToken })).statusCode, 404);
  const staffPage = await staff.get(`/streuobst/anzeigen/${id}/fotos`);
  assert.equal(staffPage.statusCode, 200);
  assert.doesNotMatch(staffPage.body, /enctype="multipart\/form-data"/);
  const staffToken = /name="_csrf" value="([^"]+)"/.exec(staffPage.body)![1]!;
  assert.equal((await staff.post(`/streuobst/fotos/${photo.id}/loeschen`, { _csrf: staffToken })).statusCode, 303);
  assert.equal((await anon.get(`/streuobst/fotos/${photo.id}`)).statusCode, 404);
  assert.equal((await db.selectFrom("files").select("id").where("id", "in", [photo.file_id, photo.thumb_file_id]).execute()).length, 0);
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("object_id", "=", id).where("action", "like", "orchards.photo%").orderBy("id").execute();
  assert.equal(audit.filter((a) => a.action === "orchards.photo_added").length, 5);
  assert.deepEqual(audit.filter((a) => a.action === "orchards.photo_deleted").map((a) => (a.details as { byStaff: boolean }).byStaff), [true]);

  // The owner deletes one too; a withdrawn listing's photos are no longer public (the owner still sees them, uncached).
  const rest = await db.selectFrom("orchard_photos").select("id").where("listing_id", "=", id).orderBy("created_at").execute();
  const ownerToken = /name="_csrf" value="([^"]+)"/.exec((await owner.get(`/streuobst/anzeigen/${id}/fotos`)).body)![1]!;
  assert.equal((await owner.post(`/streuobst/fotos/${rest[0]!.id}/loeschen`, { _csrf: ownerToken })).statusCode, 303);
  assert.equal((await owner.post(`/streuobst/anzeigen/${id}/zurueckziehen`, { _csrf: ownerToken })).statusCode, 303);
  assert.equal((await anon.get(`/streuobst/fotos/${rest[1]!.id}`)).statusCode, 404);
  assert.equal((await other.get(`/streuobst/fotos/${rest[1]!.id}/klein`)).statusCode, 404);
  const own = await owner.get(`/streuobst/fotos/${rest[1]!.id}`);
  assert.equal(own.statusCode, 200);
  assert.equal(own.headers["cache-control"], "private, no-store");
});

test("issue 16: the map point — inside the county only, the public sees the ~1 km cell centre, the owner and staff the exact point; distance search in pages and API", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const anon = new Client(app);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "sachb@example.org", kind: "staff" });

  const outside = await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields({ breite: "48,7758", laenge: "9,1829" }));
  assert.equal(outside.statusCode, 422);
  assert.match(outside.body, /id="breite-error"[^]*nicht im Kreisgebiet/);
  assert.match(outside.body, /value="48,7758"/);
  const half = await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields({ breite: "48,95", laenge: "" }));
  assert.equal(half.statusCode, 422);
  assert.match(half.body, /id="laenge-error"/);

  const exact = { lat: 48.951234, lon: 8.841567 };
  const id = idFrom((await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Wiese bei Mühlacker", gemeinde: MUEHLACKER, breite: "48,951234", laenge: "8,841567" }))).headers.location);
  const row = await db.selectFrom("orchard_listings").select(["lat", "lon", "grid_lat", "grid_lon"]).where("id", "=", id).executeTakeFirstOrThrow();
  assert.deepEqual({ lat: row.lat, lon: row.lon }, exact);
  const cell = coarsen(exact);
  assert.deepEqual({ lat: row.grid_lat, lon: row.grid_lon }, cell);
  assert.deepEqual(cell, { lat: 48.955, lon: 8.8425 });

  // Public: the cell centre only — the exact digits appear nowhere (page, API).
  const pub = await anon.get(`/streuobst/anzeigen/${id}`);
  assert.match(pub.body, /Raster von etwa 1 km\) bei 48,955, 8,8425/);
  assert.match(pub.body, /openstreetmap\.org\/\?mlat=48\.955&amp;mlon=8\.8425/);
  for (const body of [pub.body, (await anon.get(`/api/v1/orchards/listings/${id}`)).body, (await anon.get("/api/v1/orchards/listings")).body]) {
    assert.doesNotMatch(body, /48[.,]951234|8[.,]841567/);
  }
  assert.deepEqual((await anon.get(`/api/v1/orchards/listings/${id}`)).json().location, { lat: 48.955, lon: 8.8425, precision: "grid" });
  // Owner and staff see the exact point.
  for (const c of [owner, staff]) assert.match((await c.get(`/streuobst/anzeigen/${id}`)).body, /nur für Sie und die Verwaltung sichtbar\): 48,951234, 8,841567/);
  // The edit form keeps it.
  assert.match((await owner.get(`/streuobst/anzeigen/${id}/bearbeiten`)).body, /value="48,951234"/);

  // Distance: listings in Mühlacker (point), Neuenbürg and Knittlingen (municipality centres).
  const ctx = systemContext(db);
  const ownerId = (await db.selectFrom("users").select("id").where("email", "=", "olga@example.org").executeTakeFirstOrThrow()).id;
  const post = (title: string, ags: string, ars: string, name: string) => listingCreator(ctx, { ownerId, publisher: "Verein", input: { kind: "fruit", title, description: "Äpfel", municipality: { ags, ars, name }, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30) } });
  await post("Äpfel in Neuenbürg", NEUENBUERG, place.ars, "Neuenbürg");
  await post("Birnen in Knittlingen", "08236033", "082365005033", "Knittlingen");
  await post("Most in Ötisheim", "08236050", "082365005050", "Ötisheim");

  const near = (await anon.get(`/api/v1/orchards/listings?near=${MUEHLACKER}&km=12`)).json().items as Array<{ title: string; distanceKm: number; location: { lat: number; lon: number } }>;
  assert.deepEqual(near.map((l) => l.title), ["Wiese bei Mühlacker", "Most in Ötisheim", "Birnen in Knittlingen"]);
  const centre = { lat: 48.95, lon: 8.84 };
  for (const l of near) {
    assert.ok(l.distanceKm <= 12);
    assert.ok(Math.abs(l.distanceKm - distanceKm(centre, l.location)) < 0.051, l.title);
  }
  assert.deepEqual([...near.map((l) => l.distanceKm)].sort((a, b) => a - b), near.map((l) => l.distanceKm));
  const wide = (await anon.get(`/api/v1/orchards/listings?near=${MUEHLACKER}&km=50`)).json().items as Array<{ title: string }>;
  assert.equal(wide.at(-1)!.title, "Äpfel in Neuenbürg");
  const byPoint = (await anon.get("/api/v1/orchards/listings?near=48.846,8.592&km=3")).json().items as Array<{ title: string; distanceKm: number }>;
  assert.deepEqual(byPoint.map((l) => [l.title, l.distanceKm]), [["Äpfel in Neuenbürg", 0]]);
  assert.equal((await anon.get("/api/v1/orchards/listings")).json().items[0].distanceKm, undefined);
  assert.equal((await anon.get("/api/v1/orchards/listings?near=09162000")).statusCode, 400);
  assert.equal((await anon.get("/api/v1/orchards/listings?near=abc")).statusCode, 400);
  assert.equal((await anon.get(`/api/v1/orchards/listings?near=${MUEHLACKER}&km=500`)).statusCode, 400);

  const listPage = await anon.get(`/streuobst?nahe=${MUEHLACKER}&umkreis=10`);
  assert.match(listPage.body, /2 Anzeigen im Umkreis von 10 km/);
  assert.ok(listPage.body.indexOf("Wiese bei Mühlacker") < listPage.body.indexOf("Most in Ötisheim"));
  assert.match(listPage.body, /etwa \d+(,\d)? km entfernt/);
  assert.doesNotMatch(listPage.body, /Äpfel in Neuenbürg|Birnen in Knittlingen/);
  const typed = await anon.get(`/streuobst?punkt=${encodeURIComponent("48,846 8,592")}&umkreis=5`);
  assert.match(typed.body, /1 Anzeigen im Umkreis von 5 km/);
  const badPoint = await anon.get(`/streuobst?punkt=irgendwo`);
  assert.match(badPoint.body, /id="punkt-error"/);
});

test("issue 16: the availability calendar shows a month with the confirmed loan days taken, without JavaScript", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const anon = new Client(app);
  const ctx = systemContext(db);
  const borrower = await signedIn(app, db, { email: "bernd@example.org", kind: "citizen" });
  const borrowerId = (await db.selectFrom("users").select("id").where("email", "=", "bernd@example.org").executeTakeFirstOrThrow()).id;
  const { id: itemId } = await itemCreator(ctx, { ownerId: null, publisher: "Landratsamt Enzkreis", input: { name: "Mobile Saftpresse", description: "", municipality: place, depositCents: 0 } });
  const from = addDays(today(), 45);
  const days = { from, to: addDays(from, 3) };
  const loan = await loanRequester(ctx, { itemId, borrowerId, borrowerName: "Bernd", days, note: "" });
  assert.equal(loan.kind, "requested");
  // A request alone does not block days; the confirmation does.
  const months = [...new Set([days.from.slice(0, 7), days.to.slice(0, 7)])];
  const taken = async () => {
    let n = 0;
    for (const m of months) n += ((await anon.get(`/streuobst/geraete/${itemId}?monat=${m}`)).body.match(/kp-cal__taken/g) ?? []).length;
    return n;
  };
  assert.equal(await taken(), 0);
  assert.equal((await loanDecider(ctx, { loanId: (loan as { id: string }).id, itemId, days, decision: "confirm" })).kind, "confirmed");
  assert.equal(await taken(), 4);

  const page = await anon.get(`/streuobst/geraete/${itemId}?monat=${months[0]}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<caption class="kern-title" id="kalender-caption">Belegung im [A-Za-zäÄ]+ \d{4}<\/caption>/);
  assert.match(page.body, /<th class="kern-table__header" scope="col"><abbr title="Montag">Mo/);
  assert.match(page.body, /href="\/streuobst\/geraete\/[0-9a-f-]+\?monat=\d{4}-\d{2}#kalender"[^>]*>Vorheriger Monat/);
  assert.match(page.body, /Nächster Monat/);
  void borrower;
  // A bad or far month shows the current one.
  const bad = await anon.get(`/streuobst/geraete/${itemId}?monat=2999-01`);
  assert.equal(bad.statusCode, 200);
  assert.match(bad.body, /Belegung im/);
});
