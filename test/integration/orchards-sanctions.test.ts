/** Issue 16 moderation, second part: a block also stops loan decisions and round-table sign-ups; time-limited blocks; appeals. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn } from "../helpers.js";

const NEUENBUERG = "08236043";
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const itemFields = { name: "Mulcher", beschreibung: "Benzin, 60 cm", gemeinde: NEUENBUERG, kaution: "50" };
const BLOCKED = /Ihr Konto ist für die Streuobstbörse gesperrt.*Beleidigungen/s;

test("issue 16: a blocked owner cannot confirm or decline loan requests and a blocked person cannot sign up for the round table (403 with the reason)", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const itemId = idFrom((await paul.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", itemFields)).headers.location);
  for (const offset of [5, 12]) {
    const r = await olga.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(addDays(today(), offset)), bis: formatDay(addDays(today(), offset + 1)), notiz: "" });
    assert.equal(r.statusCode, 303);
  }
  const loans = await db.selectFrom("orchard_loans").select("id").where("item_id", "=", itemId).orderBy("days").execute();
  const day = addDays(today(), 10);
  const created = await staff.submit("/verwaltung/streuobst/runder-tisch/neu", "/verwaltung/streuobst/runder-tisch/neu", { titel: "Runder Tisch Streuobst Neuenbürg", datum: formatDay(day), beginn: "18:00", ende: "20:00", ort: "Rathaus Neuenbürg", plaetze: "10", beschreibung: "Austausch." });
  assert.equal(created.statusCode, 303);
  const eventId = idFrom(created.headers.location);
  const paulId = (await db.selectFrom("orchard_items").select("owner_id").where("id", "=", itemId).executeTakeFirstOrThrow()).owner_id!;
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/sperren`, { "block-": "Beleidigungen" })).statusCode, 303);

  for (const [loan, decision] of [[loans[0]!.id, "confirm"], [loans[1]!.id, "decline"]] as const) {
    const r = await paul.submit("/streuobst/meine", `/streuobst/ausleihen/${loan}`, { entscheidung: decision });
    assert.equal(r.statusCode, 403, decision);
    assert.match(r.body, BLOCKED, decision);
  }
  assert.deepEqual((await db.selectFrom("orchard_loans").select("status").where("item_id", "=", itemId).execute()).map((l) => l.status), ["requested", "requested"]);
  const signUp = await paul.submit(`/streuobst/runder-tisch/${eventId}`, `/streuobst/runder-tisch/${eventId}/anmelden`, {});
  assert.equal(signUp.statusCode, 403);
  assert.match(signUp.body, BLOCKED);
  assert.equal((await db.selectFrom("orchard_event_registrations").select("id").execute()).length, 0);
  // Others are not affected.
  assert.equal((await olga.submit(`/streuobst/runder-tisch/${eventId}`, `/streuobst/runder-tisch/${eventId}/anmelden`, {})).statusCode, 303);
});
