/**
 * Issue 18: staff send an agency a fresh link (every earlier link, also the reminder's, stops working; the draft
 * stays), change an agency's deadline and a phase's last day; the agencies are told by mail; all audited; nothing
 * changes once the statement is released; other staff 403, no CSRF refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, linkIn, signedInMember } from "../helpers.js";
import { DEMO_PROCEDURES, agencyTokenHash, remindAgencies, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { addDays, berlinDate, berlinToUtc } from "../../src/platform/time/berlin.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

test("agencies: resend a fresh link, change an agency's deadline and a phase's last day; mails, audit, refusals", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t, { PARTICIPATION_AGENCY_REMINDER_DAYS: "3", PARTICIPATION_AGENCY_GRACE_DAYS: "30" });
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const other = await signedInMember(ta, "bauamt@remchingen.example", `gem-${REMCHINGEN.ags}`);
  const page = `/verwaltung/beteiligung/${p.id}`;
  const today = berlinDate(new Date());

  assert.equal((await staff.submit(page, `${page}/toeb`, { behoerde: "Landratsamt Enzkreis", toeb_email: "lra@example.org", frist: addDays(today, 1) })).statusCode, 303);
  const first = linkIn((await ta.mail.waitFor("lra@example.org")).text);
  const inv = await ta.db.selectFrom("participation_agency_invitations").select(["id", "token_hash"]).where("email", "=", "lra@example.org").executeTakeFirstOrThrow();
  const agency = new Client(ta.app);
  assert.equal((await agency.submit(first, first, { schritt: "entwurf", text: "Entwurf vor dem neuen Link.", verfasser: "Ute Lang" })).statusCode, 303);
  // The reminder adds a second link.
  assert.equal(await remindAgencies(ta.db, ta.config, ta.app.deps.mailer, "Enzkreis"), 1);
  const reminderLink = linkIn((await ta.mail.waitFor("lra@example.org", (m) => /Erinnerung/.test(m.subject))).text);

  // The staff page links to the agency's page; it shows the e-mail and both forms. Other staff 403.
  const staffPage = await staff.get(page);
  const manage = `${page}/toeb/${inv.id}/frist`;
  assert.ok(staffPage.body.includes(`href="${manage}"`));
  assert.match(staffPage.body, new RegExp(`href="${page}/phasen/[0-9a-f-]{36}"`));
  const managePage = await staff.get(manage);
  assert.equal(managePage.statusCode, 200);
  assert.match(managePage.body, /lra@example\.org/);
  assert.match(managePage.body, /Neuen Link senden/);
  assert.equal((await other.get(manage)).statusCode, 403);
  assert.equal((await other.submit("/verwaltung/beteiligung", `${page}/toeb/${inv.id}/link`, {})).statusCode, 403);
  assert.equal((await staff.post(`${page}/toeb/${inv.id}/link`, {})).statusCode, 403, "no CSRF");
  assert.equal((await staff.get(`${page}/toeb/00000000-0000-4000-8000-000000000000/frist`)).statusCode, 404);

  // Resend: a new link; the first and the reminder's open nothing; the draft is kept.
  assert.equal((await staff.submit(manage, `${page}/toeb/${inv.id}/link`, {})).statusCode, 303);
  const renewed = await ta.mail.waitFor("lra@example.org", (m) => /Neuer Link/.test(m.subject));
  assert.match(renewed.text, /Der bisherige Link gilt nicht mehr/);
  const fresh = linkIn(renewed.text);
  assert.ok(![first, reminderLink].includes(fresh));
  assert.equal((await agency.get(first)).statusCode, 404);
  assert.equal((await agency.get(reminderLink)).statusCode, 404);
  assert.match((await agency.get(fresh)).body, /Entwurf vor dem neuen Link/);
  const stored = await ta.db.selectFrom("participation_agency_invitations").select(["token_hash", "reminder_token_hash"]).where("id", "=", inv.id).executeTakeFirstOrThrow();
  assert.equal(stored.token_hash, agencyTokenHash(new URL(fresh, "http://x").searchParams.get("zugang")!));
  assert.equal(stored.reminder_token_hash, null);
  assert.match((await staff.get(`${manage}?neu=1`)).body, /bisherigen Links gelten nicht mehr/);

  // New agency deadline: a past day is an error at the field; then saved, mailed, reminder due again.
  const past = await staff.submit(manage, manage, { frist: addDays(today, -1) });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, /id="frist-error"/);
  assert.match(past.body, /href="#frist"/);
  const newDay = addDays(today, 12);
  assert.equal((await staff.submit(manage, manage, { frist: newDay })).statusCode, 303);
  const moved = await ta.mail.waitFor("lra@example.org", (m) => /Neue Frist/.test(m.subject));
  assert.match(moved.text, new RegExp(`endet am ${formatDay(newDay).replace(/\./g, "\\.")} um 24:00 Uhr`));
  const after = await ta.db.selectFrom("participation_agency_invitations").select(["deadline", "reminded_at"]).where("id", "=", inv.id).executeTakeFirstOrThrow();
  assert.equal(new Date(after.deadline).getTime(), berlinToUtc(addDays(newDay, 1), 0).getTime());
  assert.equal(after.reminded_at, null);
  assert.match((await agency.get(fresh)).body, new RegExp(formatDay(newDay).replace(/\./g, "\\.")));

  // A phase's last day: errors, then saved; the agency (not released) is told.
  const phase = await ta.db.selectFrom("participation_phases").select(["id", "ends_at"]).where("procedure_id", "=", p.id).executeTakeFirstOrThrow();
  const phasePage = `${page}/phasen/${phase.id}`;
  assert.equal((await staff.get(phasePage)).statusCode, 200);
  assert.equal((await other.get(phasePage)).statusCode, 403);
  const badPhase = await staff.submit(phasePage, phasePage, { bis: "kein Datum" });
  assert.equal(badPhase.statusCode, 422);
  assert.match(badPhase.body, /id="bis-error"/);
  const phaseDay = addDays(today, 40);
  assert.equal((await staff.submit(phasePage, phasePage, { bis: phaseDay })).statusCode, 303);
  const phaseMail = await ta.mail.waitFor("lra@example.org", (m) => /Geänderte Frist/.test(m.subject));
  assert.match(phaseMail.text, new RegExp(`endet jetzt am ${formatDay(phaseDay).replace(/\./g, "\\.")} um 24:00 Uhr`));
  assert.match(phaseMail.text, new RegExp(`Ihre eigene Frist .* endet am ${formatDay(newDay).replace(/\./g, "\\.")}`));
  const ends = await ta.db.selectFrom("participation_phases").select("ends_at").where("id", "=", phase.id).executeTakeFirstOrThrow();
  assert.equal(new Date(ends.ends_at).getTime(), berlinToUtc(addDays(phaseDay, 1), 0).getTime());
  assert.match((await new Client(ta.app).get(`/beteiligung/${MUEHLACKER.slug}`)).body, new RegExp(formatDay(phaseDay).replace(/\./g, "\\.")));

  // Audit: three entries with the previous values, no names or e-mail addresses.
  const audit = await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "in", ["participation.agency_link_renewed", "participation.agency_deadline_changed", "participation.phase_changed"]).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["participation.agency_link_renewed", "participation.agency_deadline_changed", "participation.phase_changed"]);
  assert.equal((audit[2]!.details as { previous: string }).previous, new Date(phase.ends_at).toISOString());
  assert.equal((audit[2]!.details as { agenciesMailed: number }).agenciesMailed, 1);
  assert.doesNotMatch(JSON.stringify(audit), /lra@example|Landratsamt|Ute Lang/);

  // Once released: neither a new link nor a new deadline (409, page says why), and no phase mail to it.
  assert.equal((await agency.submit(fresh, fresh, { schritt: "freigabe", freigabe: "Lea Roth" })).statusCode, 303);
  const refusedLink = await staff.submit(manage, `${page}/toeb/${inv.id}/link`, {});
  assert.equal(refusedLink.statusCode, 409);
  assert.match(refusedLink.body, /Die Stellungnahme ist freigegeben/);
  assert.equal((await staff.submit(manage, manage, { frist: addDays(today, 20) })).statusCode, 409);
  assert.equal((await agency.get(fresh)).statusCode, 200, "the released statement stays readable through the last link");
  const before = ta.mail.mails.length;
  assert.equal((await staff.submit(phasePage, phasePage, { bis: addDays(today, 41) })).statusCode, 303);
  assert.match((await staff.get(`${phasePage}?geaendert=0`)).body, /0 E-Mails an Behörden/);
  assert.equal(ta.mail.mails.length, before, "no mail to a released agency");
});

test("an ended phase is not reopened by a new last day: 422 with the reason at the field, nothing changed, no mail", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const page = `/verwaltung/beteiligung/${p.id}`;
  const today = berlinDate(new Date());
  assert.equal((await staff.submit(page, `${page}/toeb`, { behoerde: "Landratsamt Enzkreis", toeb_email: "lra@example.org", frist: addDays(today, 10) })).statusCode, 303);
  await ta.mail.waitFor("lra@example.org");
  // The display ended yesterday.
  const phase = await ta.db.selectFrom("participation_phases").select(["id", "starts_at"]).where("procedure_id", "=", p.id).executeTakeFirstOrThrow();
  const ended = berlinToUtc(today, 0);
  await ta.db.updateTable("participation_phases").set({ ends_at: ended }).where("id", "=", phase.id).execute();
  const phasePage = `${page}/phasen/${phase.id}`;

  const shown = await staff.get(phasePage);
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /Diese Phase ist am [0-9.]+ um 24:00 Uhr zu Ende gegangen\. Eine beendete Phase wird nicht wieder geöffnet/);
  assert.ok(shown.body.includes(`href="${page}/erneute-auslegung"`), "points to the repeated display");

  const before = ta.mail.mails.length;
  const refused = await staff.submit(phasePage, phasePage, { bis: addDays(today, 30) });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /id="bis-error"[\s\S]*Diese Phase ist beendet und kann nicht durch einen neuen letzten Tag wieder geöffnet werden/);
  assert.match(refused.body, /id="fehler"[\s\S]*href="#bis"/);
  assert.ok(refused.body.includes(`value="${addDays(today, 30)}"`), "input kept");
  const after = await ta.db.selectFrom("participation_phases").select("ends_at").where("id", "=", phase.id).executeTakeFirstOrThrow();
  assert.equal(new Date(after.ends_at).getTime(), ended.getTime(), "the period is unchanged");
  assert.equal(ta.mail.mails.length, before, "no mail");
  assert.equal((await ta.db.selectFrom("audit_log").select("id").where("action", "=", "participation.phase_changed").execute()).length, 0);
  // The public form stays closed.
  const form = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  assert.match((await new Client(ta.app).get(form)).body, /Die Frist für Stellungnahmen ist abgelaufen/);
});
