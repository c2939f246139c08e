/**
 * Issue 21 (session 24): news items carry an optional image – checked by content, alt text required – shown on the
 * item page and in the lists with its alt text and size, served while the item is public, cached by the service worker.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { buildTestApp, Client, signedIn } from "../helpers.js";

const MUEHLACKER = "08236040";

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
  assert.deepEqual(file, { retain_until: null, media_type: "image/png", purpose: "news-image" });

  // Item page and lists (municipality list, start page of the municipality) show it with alt and size.
  const anon = new Client(app);
  const img = new RegExp(`<img[^>]*src="/nachrichten/${row.id}/bild"[^>]*alt="Kinder auf der Rutsche des neuen Spielplatzes"[^>]*width="40"[^>]*height="20"`);
  assert.match((await anon.get(`/nachrichten/${row.id}`)).body, img);
  assert.match((await anon.get(`/nachrichten?gemeinde=${MUEHLACKER}`)).body, img);
  assert.match((await anon.get(`/?ags=${MUEHLACKER}`)).body, img);

  // The picture itself: the stored bytes, public for a day, revalidated by ETag, never sniffed into HTML.
  const served = await anon.get(`/nachrichten/${row.id}/bild`);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers["content-type"], "image/png");
  assert.ok(served.rawPayload.equals(png));
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
});
