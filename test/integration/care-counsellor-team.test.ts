/**
 * Issue 17: the care support point works as a team. Counsellors see their colleagues' notes and requests on the
 * team page (each visit audited), take one over or hand their own over to a colleague (link-only mail, audited
 * with both counsellors, a request takes its notes along), and edit their own notes. Not: edit or delete a
 * colleague's note (404), pass a colleague's case to a third person (403), hand over to someone outside the team
 * (error at the field); other staff 403 everywhere.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import { deliverQueuedMails } from "../../src/platform/mail/queue.js";
import { createMailer } from "../../src/platform/mail/index.js";

const NEUENBUERG = "08236043";
const PAGE = "/pflegeplaetze/beratung/faelle";
const TEAM = "/pflegeplaetze/beratung/team";

test("care counsellors as a team: team page, take over, hand over with mail, edit own notes; object checks", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db, config } = ta;
  const mailer = createMailer(ta.mail.url, config.mailFrom);
  t.after(() => mailer.close());
  await seedCareDemo(db);
  const home = (await db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow()).id;
  const anna = await signedIn(app, db, { email: "anna.beratung@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const bert = await signedIn(app, db, { email: "bert.beratung@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const carla = await signedIn(app, db, { email: "carla.beratung@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const clerk = await signedIn(app, db, { email: "sachbearbeitung@enzkreis.example", kind: "staff", roles: ["member"] });
  const idOf = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const annaId = await idOf("anna.beratung@enzkreis.example");
  const bertId = await idOf("bert.beratung@enzkreis.example");
  const carlaId = await idOf("carla.beratung@enzkreis.example");
  const clerkId = await idOf("sachbearbeitung@enzkreis.example");

  // Anna sends a request for a family and records two notes, one linked to it.
  const tomorrow = addDays(berlinDate(new Date()), 1);
  assert.equal((await anna.submit(`/pflegeplaetze/anfrage?anbieter=${home}`, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: NEUENBUERG })).statusCode, 303);
  const request = (await db.selectFrom("care_requests").select("id").executeTakeFirstOrThrow()).id;
  assert.equal((await anna.submit(PAGE, PAGE, { gemeinde: NEUENBUERG, art: "kurzzeit", weg: "telefon", notiz: "Tochter ruft an", anfrage: request })).statusCode, 303);
  assert.equal((await anna.submit(PAGE, PAGE, { gemeinde: NEUENBUERG, weg: "hausbesuch", notiz: "Hausbesuch vereinbart" })).statusCode, 303);
  const noteOf = async (text: string) => db.selectFrom("care_counselling_notes").select(["id", "counsellor_id", "note", "channel"]).where("note", "=", text).executeTakeFirstOrThrow();
  const linked = await noteOf("Tochter ruft an");
  const visit = await noteOf("Hausbesuch vereinbart");

  // The team page: Bert sees Anna's notes and request with her name; Anna's own are not on her team page; other staff 403.
  const team = await bert.get(TEAM);
  assert.equal(team.statusCode, 200);
  assert.match(team.body, /Hausbesuch vereinbart[\s\S]*Übernehmen/);
  assert.match(team.body, /von anna\.beratung/);
  assert.doesNotMatch((await anna.get(TEAM)).body, /Hausbesuch vereinbart/);
  assert.equal((await clerk.get(TEAM)).statusCode, 403);
  const viewed = await db.selectFrom("audit_log").select(["actor_id", "details"]).where("action", "=", "care.counselling_team_viewed").execute();
  assert.ok(viewed.some((a) => a.actor_id === bertId), "Bert's visit is audited");
  assert.doesNotMatch(JSON.stringify(viewed), /Hausbesuch/);

  // Editing: Anna edits her note (error at the field, text kept); Bert cannot open or post it (404), clerk 403.
  const edit = `/pflegeplaetze/beratung/notizen/${visit.id}`;
  const form = await anna.get(edit);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Hausbesuch vereinbart/);
  const bad = await anna.submit(edit, edit, { gemeinde: NEUENBUERG, weg: "brieftaube", notiz: "Hausbesuch am Dienstag" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="weg-error"/);
  assert.match(bad.body, /Hausbesuch am Dienstag/);
  assert.equal((await anna.submit(edit, edit, { gemeinde: NEUENBUERG, weg: "hausbesuch", notiz: "Hausbesuch am Dienstag" })).statusCode, 303);
  assert.equal((await noteOf("Hausbesuch am Dienstag")).id, visit.id);
  assert.equal((await bert.get(edit)).statusCode, 404);
  assert.equal((await bert.submit(TEAM, edit, { gemeinde: NEUENBUERG, weg: "telefon", notiz: "fremd" })).statusCode, 404);
  assert.equal((await clerk.get(edit)).statusCode, 403);

  // Bert cannot pass Anna's note to Carla (403) nor hand over what is not his; the note stays Anna's.
  assert.equal((await bert.submit(TEAM, `/pflegeplaetze/beratung/notizen/${visit.id}/uebergeben`, { [`an-${visit.id}`]: carlaId })).statusCode, 403);
  assert.equal((await noteOf("Hausbesuch am Dienstag")).counsellor_id, annaId);

  // Anna hands the note over: to nobody / to the clerk (not a counsellor) → error at the field; to Bert → done, Bert gets a link-only mail.
  for (const to of ["", clerkId]) {
    const r = await anna.submit(PAGE, `/pflegeplaetze/beratung/notizen/${visit.id}/uebergeben`, { [`an-${visit.id}`]: to });
    assert.equal(r.statusCode, 422, `hand over to '${to}'`);
    assert.match(r.body, new RegExp(`id="an-${visit.id}-error"`));
  }
  const handed = await anna.submit(PAGE, `/pflegeplaetze/beratung/notizen/${visit.id}/uebergeben`, { [`an-${visit.id}`]: bertId });
  assert.equal(handed.statusCode, 303);
  assert.match((await anna.get(handed.headers.location as string)).body, /Übergeben an bert\.beratung/);
  assert.equal((await noteOf("Hausbesuch am Dienstag")).counsellor_id, bertId);
  assert.match((await bert.get(PAGE)).body, /Hausbesuch am Dienstag/);
  await deliverQueuedMails(db, mailer, { refs: [visit.id] });
  const mail = await ta.mail.waitFor("bert.beratung@enzkreis.example");
  assert.match(mail.subject, /Beratung übergeben/);
  assert.match(mail.text, /\/pflegeplaetze\/beratung\/faelle/);
  assert.doesNotMatch(mail.text, /Hausbesuch/, "the mail carries no content");

  // Carla takes over Anna's request from the team page: its linked note goes along.
  const took = await carla.submit(TEAM, `/pflegeplaetze/beratung/anfragen/${request}/uebergeben`, { uebernehmen: "1" });
  assert.equal(took.statusCode, 303);
  assert.equal((await db.selectFrom("care_requests").select("counsellor_id").where("id", "=", request).executeTakeFirstOrThrow()).counsellor_id, carlaId);
  assert.equal((await noteOf("Tochter ruft an")).counsellor_id, carlaId);
  assert.equal(linked.counsellor_id, annaId);
  const audit = await db.selectFrom("audit_log").select(["action", "object_id", "details"]).where("action", "=", "care.counselling_handed_over").orderBy("id").execute();
  assert.deepEqual(
    audit.map((a) => [a.object_id, (a.details as { from: string; to: string }).from, (a.details as { from: string; to: string }).to]),
    [
      [visit.id, annaId, bertId],
      [request, annaId, carlaId],
    ],
  );
  assert.doesNotMatch(JSON.stringify(audit), /Hausbesuch|Tochter/);
  // An unknown id: 404.
  assert.equal((await carla.submit(TEAM, "/pflegeplaetze/beratung/notizen/00000000-0000-4000-8000-000000000000/uebergeben", { uebernehmen: "1" })).statusCode, 404);
});
