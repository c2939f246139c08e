/**
 * Issue 21 (session 24): news items carry an optional image – checked by content, alt text required – shown on the
 * item page and in the lists with its alt text and size, served while the item is public, cached by the service worker.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { hasGpsPointer, jpegWithGps } from "../support/photos.js";

const MUEHLACKER = "08236040";

/** The markers of a JPEG's segments from SOI up to the first scan (SOS, 0xDA), read by their lengths. */
function jpegMarkers(jpeg: Buffer): number[] {
  const out: number[] = [];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1]!;
    out.push(marker);
    if (marker === 0xda) break;
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  return out;
}

test("issue 21: a news item with an image – upload checked, alt text required, shown with alt and size, served while public", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const admin = await signedIn(app, db, { email: "redaktion-bild@enzkreis.example", kind: "staff", roles: ["admin"] });
  const token = /name="_csrf" value="([^"]+)"/.exec((await admin.get("/verwaltung/nachrichten")).body)![1]!;
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const post = (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
    const boundary = "----kpnewsimage";
    const parts: Buffer[] = Object.entries({ _csrf: token, scope: MUEHLACKER, title: "Neuer Spielplatz", body: "Der Spielplatz am Rathaus ist eröffnet.", ...fields }).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="bild"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from("\r\n"));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return app.inject({ method: "POST", url: "/verwaltung/nachrichten", headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  };
  const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#336699" } }).png().toBuffer();

  // The form offers the image with its alt text (multipart, works without JavaScript).
  const form = await admin.get("/verwaltung/nachrichten");
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /<input[^>]*type="file"[^>]*name="bild"[^>]*accept="image\/png,image\/jpeg"/);

  // No alt text: refused at the field; an alt text without an image too; HTML called .png refused by its content.
  const noAlt = await post({ bildAlt: "" }, { name: "spielplatz.png", type: "image/png", data: png });
  assert.equal(noAlt.statusCode, 422);
  assert.match(noAlt.body, /href="#bildAlt">Alternativtext des Bildes: Bitte beschreiben Sie, was auf dem Bild zu sehen ist/);
  assert.match(noAlt.body, /<input[^>]*name="title"[^>]*value="Neuer Spielplatz"/, "the text is kept");
  const altOnly = await post({ bildAlt: "Kinder auf der Rutsche" });
  assert.equal(altOnly.statusCode, 422);
  assert.match(altOnly.body, /href="#bild">Bild: Bitte wählen Sie ein Bild oder lassen Sie den Alternativtext leer/);
  const html = await post({ bildAlt: "Kinder auf der Rutsche" }, { name: "spielplatz.png", type: "image/png", data: Buffer.from("<html><script>alert(1)</script></html>") });
  assert.equal(html.statusCode, 422);
  assert.match(html.body, /id="bild-error"/);
  assert.equal((await db.selectFrom("pwa_news").select("id").execute()).length, 0, "nothing published");

  // With both: published, the file kept for good.
  const ok = await post({ bildAlt: "Kinder auf der Rutsche des neuen Spielplatzes" }, { name: "spielplatz.png", type: "image/png", data: png });
  assert.equal(ok.statusCode, 303);
  const row = await db.selectFrom("pwa_news").select(["id", "image_file_id", "image_alt", "image_width", "image_height"]).executeTakeFirstOrThrow();
  assert.deepEqual([row.image_alt, row.image_width, row.image_height], ["Kinder auf der Rutsche des neuen Spielplatzes", 40, 20]);
  const file = await db.selectFrom("files").select(["retain_until", "media_type", "purpose"]).where("id", "=", row.image_file_id!).executeTakeFirstOrThrow();
  // Stored re-encoded (session 25): a JPEG, whatever was uploaded.
  assert.deepEqual(file, { retain_until: null, media_type: "image/jpeg", purpose: "news-image" });

  // Item page and lists (municipality list, start page of the municipality) show it with alt and size.
  const anon = new Client(app);
  // (the lists with the thumbnail, which a picture this small fills at its own size).
  const img = (path: string) => new RegExp(`<img[^>]*src="/nachrichten/${row.id}/${path}"[^>]*alt="Kinder auf der Rutsche des neuen Spielplatzes"[^>]*width="40"[^>]*height="20"`);
  assert.match((await anon.get(`/nachrichten/${row.id}`)).body, img("bild"));
  assert.match((await anon.get(`/nachrichten?gemeinde=${MUEHLACKER}`)).body, img("bild/klein"));
  assert.match((await anon.get(`/?ags=${MUEHLACKER}`)).body, img("bild/klein"));

  // The picture itself: the stored (re-encoded) bytes, public for a day, revalidated by ETag, never sniffed into HTML.
  const served = await anon.get(`/nachrichten/${row.id}/bild`);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers["content-type"], "image/jpeg");
  const servedMeta = await sharp(served.rawPayload).metadata();
  assert.deepEqual([servedMeta.format, servedMeta.width, servedMeta.height], ["jpeg", 40, 20]);
  assert.equal(served.headers["cache-control"], "public, max-age=86400");
  assert.equal(served.headers["x-content-type-options"], "nosniff");
  const again = await anon.get(`/nachrichten/${row.id}/bild`, { "if-none-match": served.headers.etag as string });
  assert.equal(again.statusCode, 304);

  // The service worker keeps news images in their own small cache.
  const sw = await anon.get("/sw.js");
  assert.match(sw.body, /kp-news-images/);

  // Withdrawn: the page and the picture are gone.
  const list = await admin.get("/verwaltung/nachrichten");
  const withdraw = await admin.post(`/verwaltung/nachrichten/${row.id}/zurueckziehen`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(list.body)![1]! });
  assert.equal(withdraw.statusCode, 303);
  assert.equal((await anon.get(`/nachrichten/${row.id}/bild`)).statusCode, 404);
  assert.equal((await anon.get(`/nachrichten/${row.id}/bild/klein`)).statusCode, 404);
});

test("issue 21: an uploaded JPEG photo is re-encoded – served upright and without EXIF (no GPS, no camera)", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const admin = await signedIn(app, db, { email: "redaktion-exif@enzkreis.example", kind: "staff", roles: ["admin"] });
  const token = /name="_csrf" value="([^"]+)"/.exec((await admin.get("/verwaltung/nachrichten")).body)![1]!;
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const upload = async (data: Buffer, type: string) => {
    const boundary = "----kpnewsexif";
    const fields = { _csrf: token, scope: MUEHLACKER, title: "Streuobstwiese in Blüte", body: "Ein Foto vom Obstbaumweg.", bildAlt: "Blühende Apfelbäume am Obstbaumweg" };
    const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="bild"; filename="IMG_0042.JPG"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`));
    return app.inject({ method: "POST", url: "/verwaltung/nachrichten", headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  };
  // A phone photo: 1200 × 800 pixels, EXIF orientation 6 (shown as portrait), camera, owner and GPS position.
  const photo = await jpegWithGps(1200, 800);
  const before = await sharp(photo).metadata();
  assert.ok(hasGpsPointer(before.exif), "the test photo carries GPS EXIF");
  assert.ok(photo.includes(Buffer.from("Exif\0", "latin1")) && photo.includes(Buffer.from("TestCam")), "the upload has an Exif APP1 segment");

  assert.equal((await upload(photo, "image/jpeg")).statusCode, 303);
  const row = await db.selectFrom("pwa_news").select(["id", "image_file_id", "image_width", "image_height"]).executeTakeFirstOrThrow();
  assert.deepEqual([row.image_width, row.image_height], [800, 1200], "the size of the upright picture");
  const served = await new Client(app).get(`/nachrichten/${row.id}/bild`);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers["content-type"], "image/jpeg");
  const bytes = served.rawPayload;
  // The bytes: a JPEG without any APP1 segment (Exif or XMP), no trace of camera, owner or GPS tags.
  assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  const markers = jpegMarkers(bytes);
  assert.ok(markers.includes(0xda), "the segments up to the scan were read");
  assert.equal(markers.includes(0xe1), false, `no APP1 segment (markers ${markers.map((m) => m.toString(16)).join(" ")})`);
  assert.equal(jpegMarkers(photo).includes(0xe1), true, "the upload had one");
  for (const needle of ["Exif\0", "TestCam", "Streuobst 1", "Olga"]) assert.equal(bytes.includes(Buffer.from(needle, "latin1")), false, needle);
  // Re-encoded, not copied: other bytes, turned upright by the orientation it no longer carries.
  assert.equal(bytes.equals(photo), false);
  const meta = await sharp(bytes).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.exif, meta.orientation, meta.icc], ["jpeg", 800, 1200, undefined, undefined, undefined]);

  // Its thumbnail (lists, search results): ≤ 400 px, re-encoded the same way.
  const thumb = await new Client(app).get(`/nachrichten/${row.id}/bild/klein`);
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers["content-type"], "image/jpeg");
  assert.equal(jpegMarkers(thumb.rawPayload).includes(0xe1), false, "no APP1 segment in the thumbnail");
  const thumbMeta = await sharp(thumb.rawPayload).metadata();
  assert.deepEqual([thumbMeta.width, thumbMeta.height, thumbMeta.exif], [267, 400, undefined]);
  assert.match((await new Client(app).get(`/nachrichten?gemeinde=${MUEHLACKER}`)).body, new RegExp(`<img[^>]*src="/nachrichten/${row.id}/bild/klein"[^>]*alt="Blühende Apfelbäume am Obstbaumweg"[^>]*width="267"[^>]*height="400"`));

  // The portal search shows the thumbnail with the alt text beside the news result (JSON and /suche); the alt text's words find it.
  await app.services.search!.refreshIfChanged();
  type Result = { url: string; image?: { url: string; alt: string; width: number; height: number } };
  const results = (await app.inject({ url: "/api/v1/search?q=apfelb%C3%A4ume%20obstbaumweg&limit=50" })).json().results as Result[];
  const hit = results.find((r) => r.url === `/nachrichten/${row.id}`);
  assert.ok(hit, JSON.stringify(results.map((r) => r.url)));
  assert.deepEqual(hit.image, { url: `/nachrichten/${row.id}/bild/klein`, alt: "Blühende Apfelbäume am Obstbaumweg", width: 267, height: 400 });
  const page = await new Client(app).get("/suche?q=apfelb%C3%A4ume%20obstbaumweg");
  assert.match(page.body, new RegExp(`<img class="kp-search-thumb" src="/nachrichten/${row.id}/bild/klein" alt="Blühende Apfelbäume am Obstbaumweg" width="267" height="400"`));

  // Not a picture by its first bytes (declared image/jpeg): refused at the field, nothing stored.
  const fake = await upload(Buffer.from("GIF89a not really"), "image/jpeg");
  assert.equal(fake.statusCode, 422);
  assert.match(fake.body, /id="bild-error"[^>]*>[\s\S]*?Die Datei ist kein PNG oder JPEG/);
  assert.equal((await db.selectFrom("pwa_news").select("id").execute()).length, 1);
});
