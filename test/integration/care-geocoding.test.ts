/**
 * Issue 17: distances from the address itself when a geocoder is configured (GEOCODER_URL, Nominatim search
 * API; here a protocol-faithful local server, test/support/nominatim.ts). Staff save a provider → its address
 * is geocoded and stored; a family's address → the origin. Two homes at opposite ends of Mühlacker (each ~4 km
 * from the town centre) are told apart; without a hit, or with the geocoder down, the municipality's centre
 * stands in as before and the page says so.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { startLocalNominatim } from "../support/nominatim.js";

const MUEHLACKER = "08236040";
const WEST = { query: "Lienzinger Weg 3, 75417 Mühlacker", lat: 48.951, lon: 8.785, rank: 30 };
const EAST = { query: "Dürrmenzer Ring 8, 75417 Mühlacker", lat: 48.952, lon: 8.895, rank: 30 };
const FAMILY = { query: "Bahnhofstraße 10, 75417 Mühlacker", lat: 48.9505, lon: 8.79, rank: 30 };
const STREET_ONLY = { query: "Uhlandstraße 99, 75417 Mühlacker", lat: 48.9502, lon: 8.792, rank: 26 };
// A hit far from the municipality the text names is not believed (a geocoder's guess elsewhere in the county).
const ELSEWHERE = { query: "Schillerstraße 2, 75417 Mühlacker", lat: 48.846, lon: 8.592, rank: 30 };

const csrfOf = async (c: Client, url: string) => /name="_csrf" value="([^"]+)"/.exec((await c.get(url)).body)![1]!;

/** Staff save a short-term care home in Mühlacker: `url` is the new-provider page or a provider's page. */
async function saveProvider(staff: Client, url: string, name: string, street: string) {
  return staff.post(url, [
    ["_csrf", await csrfOf(staff, url)],
    ["name", name],
    ["kinds", "kurzzeit"],
    ["gemeinde", MUEHLACKER],
    ["street", street],
    ["postcode", "75417"],
    ["town", "Mühlacker"],
    ["active", "yes"],
  ]);
}

async function createProvider(staff: Client, name: string, street: string): Promise<string> {
  const res = await saveProvider(staff, "/verwaltung/pflege/neu", name, street);
  assert.equal(res.statusCode, 303, res.body);
  return /\/verwaltung\/pflege\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
}

test("issue 17: with a geocoder, providers and the family's address are located; distances and the radius use the points; fallback to the municipality's centre", async (t) => {
  const geo = await startLocalNominatim(t, [WEST, EAST, FAMILY, STREET_ONLY, ELSEWHERE]);
  // A generous timeout: what is tested is the answer, not the speed of a loaded test machine (the failure path is the 503 below).
  const { app, db } = await buildTestApp(t, { GEOCODER_URL: geo.url, GEOCODER_TIMEOUT_MS: "30000" });
  await seedCareDemo(db);
  const staff = await signedIn(app, db, { email: "pflegestuetzpunkt@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });

  const west = await createProvider(staff, "Pflegeheim am Westrand (Test)", "Lienzinger Weg 3");
  const east = await createProvider(staff, "Pflegeheim am Ostrand (Test)", "Dürrmenzer Ring 8");
  const unknown = await createProvider(staff, "Pflegeheim ohne Treffer (Test)", "Nirgendwo 1");
  const point = async (id: string) => db.selectFrom("care_providers").select(["lat", "lon"]).where("id", "=", id).executeTakeFirstOrThrow();
  assert.deepEqual(await point(west), { lat: WEST.lat, lon: WEST.lon });
  assert.deepEqual(await point(east), { lat: EAST.lat, lon: EAST.lon });
  assert.deepEqual(await point(unknown), { lat: null, lon: null });
  // What the portal sent: the address bounded to the county's box, an identifying User-Agent.
  const first = geo.requests[0]!;
  assert.equal(first.params.get("q"), "Lienzinger Weg 3, 75417 Mühlacker");
  assert.equal(first.params.get("bounded"), "1");
  assert.equal(first.params.get("countrycodes"), "de");
  assert.match(String(first.headers["user-agent"]), /^Kreisportal \(\+http/);

  const c = new Client(app);
  const q = (p: Record<string, string>) => `/api/v1/care/providers?${new URLSearchParams({ kind: "kurzzeit", ...p })}`;
  type Found = { items: Array<{ id: string; name: string; distanceKm: number }>; origin: { precision: string; ags: string } };

  // The family's address: the west home is nearest (under 1 km), the east home ~8 km; 5 km leaves the east home out.
  const all = (await c.get(q({ address: FAMILY.query }))).json() as Found;
  assert.equal(all.origin.precision, "address");
  assert.equal(all.origin.ags, MUEHLACKER);
  const km = (f: Found, id: string) => f.items.find((i) => i.id === id)?.distanceKm;
  assert.equal(km(all, west), 0);
  assert.equal(km(all, east), 8);
  assert.equal(km(all, unknown), 4, "without a point: the municipality's centre, ~4 km from the address");
  const order = all.items.map((i) => i.id);
  assert.ok(order.indexOf(west) < order.indexOf(unknown) && order.indexOf(unknown) < order.indexOf(east), "nearest first");
  const five = (await c.get(q({ address: FAMILY.query, radius: "5" }))).json() as Found;
  assert.ok(five.items.some((i) => i.id === west));
  assert.ok(!five.items.some((i) => i.id === east), "the east home is 8 km away");
  assert.ok(five.items.every((i) => i.distanceKm <= 5));

  // A street without the house number: precision "street"; the page says so.
  assert.equal(((await c.get(q({ address: STREET_ONLY.query }))).json() as Found).origin.precision, "street");
  const page = await c.get(`/pflegeplaetze?${new URLSearchParams({ adresse: FAMILY.query, art: "kurzzeit" })}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Entfernungen ab der eingegebenen Adresse in Mühlacker/);
  assert.doesNotMatch(page.body, /Straße und Hausnummer werden nicht ausgewertet/);
  // The map: the two located homes at their own points, the rest of Mühlacker's at its centre; the origin is the address.
  const points = JSON.parse(/data-points="([^"]+)"/.exec(page.body)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&")) as Array<{ ags: string; lat: number; lon: number; n: number; target: string; exact: boolean }>;
  const at = (id: string) => points.find((p) => p.target === `e-${id}`);
  assert.deepEqual([at(west)?.lat, at(west)?.lon, at(west)?.n, at(west)?.exact], [WEST.lat, WEST.lon, 1, true]);
  assert.deepEqual([at(east)?.lat, at(east)?.lon, at(east)?.exact], [EAST.lat, EAST.lon, true]);
  const centre = points.filter((p) => p.ags === MUEHLACKER && !p.exact);
  assert.equal(centre.length, 1, "one centre point for Mühlacker's providers without a location");
  const listed = [...page.body.matchAll(/<li class="kern-stack kp-care-result" id="(e-[0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.equal(points.reduce((n, p) => n + p.n, 0), listed.length, "every listed provider is on the map once");
  assert.match(page.body, new RegExp(`data-origin="${FAMILY.lat},${FAMILY.lon}"`), "the ring at the family's address");

  // A hit 20 km away from the town the text names is not used: the centre of Mühlacker.
  assert.equal(((await c.get(q({ address: ELSEWHERE.query }))).json() as Found).origin.precision, "municipality");
  // The geocoder down: the centre again, nothing fails.
  geo.failWith = 503;
  const down = (await c.get(q({ address: FAMILY.query }))).json() as Found;
  assert.equal(down.origin.precision, "municipality");
  assert.equal(km(down, west), 4);
  const fallbackPage = await c.get(`/pflegeplaetze?${new URLSearchParams({ adresse: FAMILY.query, art: "kurzzeit" })}`);
  assert.match(fallbackPage.body, /Straße und Hausnummer werden nicht ausgewertet/);

  // Saving an unchanged address while the geocoder is down keeps the point; a new address without a hit drops it.
  const edit = (id: string, street: string) => saveProvider(staff, `/verwaltung/pflege/${id}`, "Pflegeheim am Westrand (Test)", street);
  assert.equal((await edit(west, "Lienzinger Weg 3")).statusCode, 303);
  assert.deepEqual(await point(west), { lat: WEST.lat, lon: WEST.lon });
  assert.equal((await edit(west, "Neue Straße 1")).statusCode, 303);
  assert.deepEqual(await point(west), { lat: null, lon: null });
});

test("issue 17: without GEOCODER_URL the geocoder is never asked and distances stay between municipality centres", async (t) => {
  const geo = await startLocalNominatim(t, [FAMILY]);
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const found = (await new Client(app).get(`/api/v1/care/providers?${new URLSearchParams({ address: FAMILY.query, kind: "kurzzeit" })}`)).json() as { origin: { precision: string } };
  assert.equal(found.origin.precision, "municipality");
  assert.equal(geo.requests.length, 0);
});
