/**
 * Issue 18: "Mein Konto" lists the statements a signed-in person submitted (procedure, number, date, phase); the
 * weighing's result only once it is published; nobody else's statements; login required.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

test("Mein Konto: own statements with procedure, number and state; the result only after publishing", { timeout: 120_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const anna = await signedIn(ta.app, ta.db, { email: "anna@example.org", kind: "citizen" });
  const ben = await signedIn(ta.app, ta.db, { email: "ben@example.org", kind: "citizen" });
  const form = (slug: string) => `/beteiligung/${slug}/stellungnahme`;
  for (const [c, slug, text] of [
    [anna, MUEHLACKER.slug, "Anna zu Lindach-Süd: Radweg fehlt."],
    [anna, REMCHINGEN.slug, "Anna zur Ortsmitte: mehr Bäume."],
    [ben, MUEHLACKER.slug, "Ben zu Lindach-Süd: zu dicht bebaut."],
  ] as const) assert.equal((await c.submit(form(slug), form(slug), { text })).statusCode, 303);
  const refs = await ta.db.selectFrom("participation_statements").select(["reference", "body"]).orderBy("submitted_at").execute();
  const [annaM, annaR, benM] = refs.map((r) => r.reference);

  assert.match((await anna.get("/konto")).body, /href="\/konto\/stellungnahmen"/);
  const list = await anna.get("/konto/stellungnahmen");
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(annaM!) && list.body.includes(annaR!));
  assert.ok(!list.body.includes(benM!), "another person's statement is not listed");
  assert.match(list.body, /Lindach-Süd/);
  assert.match(list.body, /Ortsmitte Wilferdingen/);
  assert.equal((list.body.match(/das Ergebnis der Abwägung ist noch nicht veröffentlicht/g) ?? []).length, 2);

  // Weighed but not published: still only "Eingegangen".
  await ta.db.updateTable("participation_statements").set({ decision: "partly", consideration: "Ein Radweg wird im Süden ergänzt.", considered_at: new Date() }).where("reference", "=", annaM!).execute();
  assert.doesNotMatch((await anna.get("/konto/stellungnahmen")).body, /Radweg wird im Süden ergänzt/);
  // Published: decision, reason and the link to the public result.
  await ta.db.updateTable("participation_procedures").set({ weighing_published_at: new Date() }).where("slug", "=", MUEHLACKER.slug).execute();
  const after = await anna.get("/konto/stellungnahmen");
  assert.match(after.body, /teilweise berücksichtigt/);
  assert.match(after.body, /Ein Radweg wird im Süden ergänzt\./);
  assert.ok(after.body.includes(`href="/beteiligung/${MUEHLACKER.slug}/abwaegung"`));
  assert.equal((after.body.match(/das Ergebnis der Abwägung ist noch nicht veröffentlicht/g) ?? []).length, 1);

  assert.match((await ben.get("/konto/stellungnahmen")).body, new RegExp(benM!));
  const anonymous = await new Client(ta.app).get("/konto/stellungnahmen");
  assert.ok([302, 303].includes(anonymous.statusCode));
  assert.match(String(anonymous.headers.location), /anmelden/);
});
