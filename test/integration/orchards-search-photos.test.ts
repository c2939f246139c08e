/** Issue 16: a listing's first photo reaches the portal's search — thumbnail URL, alt text and size in the result (JSON and /suche), every photo's alt text is found; adding or deleting a photo rebuilds the index. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { pngPhoto } from "../support/photos.js";

const NEUENBUERG = "08236043";
const listingFields = (titel: string) => ({ art: "meadow_lease", titel, beschreibung: "30 Hochstämme am Hang.", gemeinde: NEUENBUERG, flaeche: "", baeume: "", sorten: "", ablauf: formatDay(addDays(today(), 90)), breite: "", laenge: "" });
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;

async function uploadPhoto(app: import("fastify").FastifyInstance, client: Client, listingId: string, alt: string, content: Buffer) {
  const page = await client.get(`/streuobst/anzeigen/${listingId}/fotos`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const { payload, contentType } = multipartBody({ _csrf: token, alt }, [{ field: "foto", name: "wiese.png", type: "image/png", content }]);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return app.inject({ method: "POST", url: `/streuobst/anzeigen/${listingId}/fotos`, headers: { cookie, "content-type": contentType }, payload });
}

type Result = { url: string; image?: { url: string; alt: string; width: number; height: number } };

test("issue 16: search results of listings carry the first photo's thumbnail and alt text; without a photo none; deleting it removes it", { timeout: 420_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const withPhoto = idFrom((await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields("Streuobstwiese am Schlossberg"))).headers.location);
  const without = idFrom((await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields("Streuobstwiese im Eyachtal"))).headers.location);
  assert.equal((await uploadPhoto(app, owner, withPhoto, "Blühende Apfelbäume <am> Hang", await pngPhoto())).statusCode, 303);
  assert.equal((await uploadPhoto(app, owner, withPhoto, "Zweites Foto", await pngPhoto())).statusCode, 303);
  assert.equal((await uploadPhoto(app, owner, withPhoto, "Alte Knausbirne am Wegrand", await pngPhoto())).statusCode, 303);
  const photos = await db.selectFrom("orchard_photos").select(["id", "alt"]).where("listing_id", "=", withPhoto).orderBy("created_at").orderBy("id").execute();
  const first = photos.find((p) => p.alt.startsWith("Blühende"))!;

  const search = app.services.search!;
  await search.refreshIfChanged();
  const results = (await app.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten&limit=50" })).json().results as Result[];
  const hit = results.find((r) => r.url === `/streuobst/anzeigen/${withPhoto}`);
  assert.ok(hit, JSON.stringify(results.map((r) => r.url)));
  assert.equal(hit.image?.url, `/streuobst/fotos/${first.id}/klein`);
  assert.equal(hit.image?.alt, "Blühende Apfelbäume <am> Hang");
  assert.ok(hit.image!.width > 0 && hit.image!.width <= 400 && hit.image!.height > 0 && hit.image!.height <= 400);
  const plain = results.find((r) => r.url === `/streuobst/anzeigen/${without}`);
  assert.ok(plain);
  assert.equal(plain.image, undefined);
  // The thumbnail URL is public for a visible listing.
  assert.equal((await new Client(app).get(hit.image!.url)).statusCode, 200);

  // The alt text is indexed too (weakly, as terms): the photo's words find the listing.
  const byAlt = (await app.inject({ url: "/api/v1/search?q=bl%C3%BChende%20apfelb%C3%A4ume&limit=50" })).json().results as Result[];
  assert.ok(byAlt.some((r) => r.url === `/streuobst/anzeigen/${withPhoto}`));
  // Every photo's alt text, not only the first one's: the third photo's words find the listing, which still shows the first photo.
  const byThird = ((await app.inject({ url: "/api/v1/search?q=knausbirne&limit=50" })).json().results as Result[]).find((r) => r.url === `/streuobst/anzeigen/${withPhoto}`);
  assert.equal(byThird?.image?.alt, "Blühende Apfelbäume <am> Hang");

  // The results page shows it with its alt text (escaped) and size.
  const page = (await new Client(app).get("/suche?q=streuobstwiese%20pachten")).body;
  assert.match(page, new RegExp(`<img class="kp-search-thumb" src="/streuobst/fotos/${first.id}/klein" alt="Blühende Apfelbäume &lt;am(>|&gt;) Hang" width="\\d+" height="\\d+" loading="lazy"`));

  // Deleting the first photo rebuilds the index: the next photo takes its place.
  const token = /name="_csrf" value="([^"]+)"/.exec((await owner.get(`/streuobst/anzeigen/${withPhoto}/fotos`)).body)![1]!;
  const del = await owner.post(`/streuobst/fotos/${first.id}/loeschen`, { _csrf: token });
  assert.equal(del.statusCode, 303, del.body.slice(0, 200));
  await search.refreshIfChanged();
  const after = ((await app.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten&limit=50" })).json().results as Result[]).find((r) => r.url === `/streuobst/anzeigen/${withPhoto}`);
  assert.equal(after?.image?.alt, "Zweites Foto");
});
