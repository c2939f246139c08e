/**
 * Issue 18, agencies and weighing beyond the journey: invitation errors, links that open nothing (malformed,
 * unknown, expired), the reminder job (once, only for agencies without a release, a fresh link that works),
 * publishing refused while an agency's deadline runs, place errors, staff authorization on the new pages.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, linkIn, type TestApp, signedInMember } from "../helpers.js";
import { DEMO_PROCEDURES, remindAgencies, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

/** Staff of the municipality with this AGS, signed in. */
const staffOf = (ta: TestApp, email: string, ags: string) => signedInMember(ta, email, `gem-${ags}`);

test("agencies: invitation errors, dead links, reminder once with a working fresh link, publishing waits for the deadline, authorization", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t, { PARTICIPATION_AGENCY_REMINDER_DAYS: "3", PARTICIPATION_AGENCY_GRACE_DAYS: "30" });
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await staffOf(ta, "bauamt@muehlacker.example", MUEHLACKER.ags);
  const other = await staffOf(ta, "bauamt@remchingen.example", REMCHINGEN.ags);
  const page = `/verwaltung/beteiligung/${p.id}`;
  const action = `${page}/toeb`;

  // Errors next to the fields, in the summary, input kept; a day in the past is refused.
  const bad = await staff.submit(page, action, { behoerde: "", toeb_email: "kein-mail", frist: addDays(berlinDate(new Date()), -1) });
  assert.equal(bad.statusCode, 422);
  for (const id of ["behoerde-error", "toeb_email-error", "frist-error"]) assert.match(bad.body, new RegExp(`id="${id}"`));
  assert.match(bad.body, /href="#frist">Frist \(letzter Tag\)/);
  assert.match(bad.body, /value="kein-mail"/);
  // Without CSRF: refused; other municipality: 403.
  assert.equal((await staff.post(action, { behoerde: "Landratsamt Enzkreis", toeb_email: "lra@example.org", frist: addDays(berlinDate(new Date()), 5) })).statusCode, 403);
  assert.equal((await other.submit(`/verwaltung/beteiligung`, action, { behoerde: "Landratsamt Enzkreis", toeb_email: "lra@example.org", frist: addDays(berlinDate(new Date()), 5) })).statusCode, 403);
  assert.equal(await ta.db.selectFrom("participation_agency_invitations").select("id").executeTakeFirst(), undefined);

  // Two agencies: one due for a reminder (deadline in 2 days), one with a long deadline; the first releases later.
  const soon = addDays(berlinDate(new Date()), 1);
  assert.equal((await staff.submit(page, action, { behoerde: "Landratsamt Enzkreis", toeb_email: "lra@example.org", frist: soon })).statusCode, 303);
  assert.equal((await staff.submit(page, action, { behoerde: "Netze BW", toeb_email: "netze@example.org", frist: addDays(berlinDate(new Date()), 30) })).statusCode, 303);
  assert.equal((await staff.submit(page, action, { behoerde: "Polizeipräsidium Pforzheim", toeb_email: "polizei@example.org", frist: soon })).statusCode, 303);
  const lraLink = linkIn((await ta.mail.waitFor("lra@example.org")).text);
  const policeLink = linkIn((await ta.mail.waitFor("polizei@example.org")).text);
  const staffPage = await staff.get(page);
  assert.match(staffPage.body, /Die Einladung wurde verschickt|Landratsamt Enzkreis/);
  assert.match(staffPage.body, /Polizeipräsidium Pforzheim<\/td>\s*<td[^>]*>[^<]*24:00/);

  // The police release before the reminder.
  const police = new Client(ta.app);
  assert.equal((await police.submit(policeLink, policeLink, { schritt: "entwurf", text: "Keine Einwände aus polizeilicher Sicht.", verfasser: "Kim Weber" })).statusCode, 303);
  // Release without a name: error at the field.
  const noName = await police.submit(policeLink, policeLink, { schritt: "freigabe", freigabe: "" });
  assert.equal(noName.statusCode, 422);
  assert.match(noName.body, /id="freigabe-error"[\s\S]*Namen der freigebenden Person/);
  assert.equal((await police.submit(policeLink, policeLink, { schritt: "freigabe", freigabe: "Lea Roth" })).statusCode, 303);
  // A second release of a released statement: 409.
  const again = await police.post(policeLink, { _csrf: /name="_csrf" value="([^"]+)"/.exec(noName.body)![1]!, schritt: "freigabe", freigabe: "Max Kurz" });
  assert.equal(again.statusCode, 409);

  // Reminder job: only the Landratsamt (not released, due); a second run sends nothing.
  const job = ta.app.registry.jobs.find((j) => j.name === "participation-agency-reminder");
  assert.ok(job?.cron, "registered as a cron job");
  await job!.handler({ db: ta.db, config: ta.config, mailer: ta.app.deps.mailer, app: ta.app }, {});
  assert.equal(await remindAgencies(ta.db, ta.config, ta.app.deps.mailer, "Enzkreis"), 0, "runs once");
  const reminder = await ta.mail.waitFor("lra@example.org", (m) => /Erinnerung/.test(m.subject));
  assert.match(reminder.text, /noch keine freigegebene Stellungnahme/);
  const reminders = await ta.db.selectFrom("mail_queue").select("recipient").where("kind", "=", "participation.agency_reminder").execute();
  assert.deepEqual(reminders.map((r) => r.recipient), ["lra@example.org"]);
  // The fresh link of the reminder and the first link both open the same draft.
  const fresh = linkIn(reminder.text);
  assert.notEqual(fresh, lraLink);
  const lra = new Client(ta.app);
  assert.equal((await lra.submit(fresh, fresh, { schritt: "entwurf", text: "Entwurf über den Erinnerungslink.", verfasser: "Ute Lang" })).statusCode, 303);
  assert.match((await lra.get(lraLink)).body, /Entwurf über den Erinnerungslink/);

  // Publishing waits for the agencies' deadlines (and the display phase).
  await ta.db.updateTable("participation_phases").set({ ends_at: new Date(Date.now() - 60_000) }).where("procedure_id", "=", p.id).execute();
  const weighing = `${page}/abwaegung`;
  const open = await staff.submit(weighing, `${weighing}/veroeffentlichen`, {});
  assert.equal(open.statusCode, 409);
  assert.match(open.body, /Die Beteiligung läuft noch/);

  // Dead links: malformed, unknown, expired (after the grace period): 404.
  assert.equal((await lra.get("/beteiligung-behoerden?zugang=abc")).statusCode, 404);
  assert.equal((await lra.get(`/beteiligung-behoerden?zugang=${"A".repeat(43)}`)).statusCode, 404);
  assert.equal((await lra.get("/beteiligung-behoerden")).statusCode, 404);
  await ta.db.updateTable("participation_agency_invitations").set({ deadline: new Date(Date.now() - 120_000), link_valid_until: new Date(Date.now() - 60_000) }).where("email", "=", "lra@example.org").execute();
  assert.equal((await lra.get(lraLink)).statusCode, 404);
  assert.equal((await lra.get(fresh)).statusCode, 404);

  // Staff pages of agency statements: only released ones, only the procedure's staff.
  const police_ = await ta.db.selectFrom("participation_agency_invitations").select("id").where("email", "=", "polizei@example.org").executeTakeFirstOrThrow();
  const netze = await ta.db.selectFrom("participation_agency_invitations").select("id").where("email", "=", "netze@example.org").executeTakeFirstOrThrow();
  assert.equal((await staff.get(`${page}/toeb/${police_.id}`)).statusCode, 200);
  assert.equal((await staff.get(`${page}/toeb/${netze.id}`)).statusCode, 404, "not released: nothing to weigh");
  assert.equal((await other.get(`${page}/toeb/${police_.id}`)).statusCode, 403);
  assert.equal((await new Client(ta.app).get(`${page}/toeb/${police_.id}`)).statusCode, 303, "not signed in: login");
  const weighBad = await staff.submit(`${page}/toeb/${police_.id}`, `${page}/toeb/${police_.id}`, { thema: "x".repeat(101), entscheidung: "vielleicht", begruendung: "" });
  assert.equal(weighBad.statusCode, 422);
  for (const id of ["thema-error", "entscheidung-error", "begruendung-error"]) assert.match(weighBad.body, new RegExp(`id="${id}"`));
});

test("statement place: a document of another procedure, a point without a plan, half a point; a paragraph alone is fine", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const rem = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", REMCHINGEN.slug).executeTakeFirstOrThrow();
  const otherDoc = await ta.db
    .selectFrom("participation_documents as d")
    .innerJoin("participation_procedures as p", "p.id", "d.procedure_id")
    .select("d.id")
    .where("p.slug", "=", MUEHLACKER.slug)
    .executeTakeFirstOrThrow();
  const form = `/beteiligung/${REMCHINGEN.slug}/stellungnahme`;
  const c = new Client(ta.app);
  const base = { text: "Bitte die Ortsmitte verkehrsberuhigt planen.", name: "Eva Muster", strasse: "Hauptstraße 1", plz: "75196", ort: "Remchingen" };
  const wrongDoc = await c.submit(form, form, { ...base, unterlage: otherDoc.id });
  assert.equal(wrongDoc.statusCode, 422);
  assert.match(wrongDoc.body, /id="unterlage-error"[\s\S]*Unterlage dieses Verfahrens/);
  const half = await c.submit(form, form, { ...base, breite: "53,5" });
  assert.equal(half.statusCode, 422);
  assert.match(half.body, /id="laenge-error"/);
  await ta.db.deleteFrom("participation_plans").where("procedure_id", "=", rem.id).execute();
  const noPlanPage = await c.get(form);
  assert.doesNotMatch(noPlanPage.body, /name="breite"/, "no point fields without a plan drawing");
  const noPlan = await c.submit(form, form, { ...base, breite: "48.95", laenge: "8.6" });
  assert.equal(noPlan.statusCode, 422);
  assert.match(noPlan.body, /keine Planzeichnung/);
  const ok = await c.submit(form, form, { ...base, stelle: "Begründung, Abschnitt 4.2" });
  assert.equal(ok.statusCode, 303);
  const s = await ta.db.selectFrom("participation_statements").select(["place_text", "place_document_id", "place_lat"]).where("procedure_id", "=", rem.id).executeTakeFirstOrThrow();
  assert.deepEqual(s, { place_text: "Begründung, Abschnitt 4.2", place_document_id: null, place_lat: null });
});
