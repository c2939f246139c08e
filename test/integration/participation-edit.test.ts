/**
 * Issue 18: staff edit a procedure (fields with errors at the field and input kept; a running display only
 * extended, never shortened — § 3 Abs. 2 BauGB; an upcoming phase freely; audited by field names) and start a
 * repeated display (erneute Auslegung, § 4a Abs. 3 BauGB) once the display has ended: its statements are kept
 * apart (per phase in the staff list, the CSV and the weighing export), the public page says "Erneute Auslegung".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, linkIn, signedInMember } from "../helpers.js";
import { DEMO_PROCEDURES, procedureCreator, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { addDays, berlinDate, berlinToUtc } from "../../src/platform/time/berlin.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;
/** The checkboxes "traeger" of a page: value, label, checked. */
const boxes = (html: string) =>
  [...html.matchAll(/<input[^>]*name="traeger"[^>]*>\s*<label[^>]*>([^<]*)<\/label>/g)].map((m) => ({ value: /value="([^"]+)"/.exec(m[0])![1]!, label: m[1]!.replace(/&#39;/g, "'"), checked: /\bchecked\b/.test(m[0].split("<label")[0]!) }));
const re = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

test("staff edit a procedure: errors at the field, input kept; a running display only extended; an upcoming phase moved; audited", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select(["id", "slug", "description"]).where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const phase = await ta.db.selectFrom("participation_phases").select(["id", "starts_at", "ends_at"]).where("procedure_id", "=", p.id).executeTakeFirstOrThrow();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const other = await signedInMember(ta, "bauamt@remchingen.example", `gem-${REMCHINGEN.ags}`);
  const page = `/verwaltung/beteiligung/${p.id}`;
  const edit = `${page}/bearbeiten`;
  const today = berlinDate(new Date());
  const lastDay = berlinDate(new Date(new Date(phase.ends_at).getTime() - 1));

  // The staff page links to the form; the form is filled with the stored values; other staff 403, no CSRF 403.
  assert.ok((await staff.get(page)).body.includes(`href="${edit}"`));
  const form = await staff.get(edit);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Bebauungsplan „Lindach-Süd“"/);
  assert.ok(form.body.includes(`value="${lastDay}"`));
  assert.match(form.body, /Der Beginn steht fest/);
  assert.doesNotMatch(form.body, /name="von"/, "the start of a running display is not offered");
  assert.equal((await other.get(edit)).statusCode, 403);
  assert.equal((await other.submit("/verwaltung/beteiligung", edit, { titel: "Übernommen" })).statusCode, 403);
  assert.equal((await staff.post(edit, { titel: "Ohne Token" })).statusCode, 403);

  // Errors at the fields, the typed text kept; shortening the running display refused with the reason.
  const bad = await staff.submit(edit, edit, { titel: "x", art: "bebauungsplan", gemeinde: REMCHINGEN.ags, beschreibung: "Neue Beschreibung bleibt stehen.", bis: addDays(today, 1), bekanntmachung: "" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="titel-error"/);
  assert.match(bad.body, /id="gemeinde-error"/);
  assert.match(bad.body, /id="bis-error"[^>]*>[^<]*(<[^>]+>)*[^<]*darf nicht verkürzt werden/);
  assert.match(bad.body, /§ 3 Abs\. 2 BauGB/);
  assert.ok(bad.body.includes(formatDay(lastDay)));
  assert.match(bad.body, /Neue Beschreibung bleibt stehen\./);
  assert.match(bad.body, /href="#titel"/);
  const shorter = await staff.submit(edit, edit, { titel: "Bebauungsplan „Lindach-Süd“", art: "bebauungsplan", gemeinde: MUEHLACKER.ags, beschreibung: p.description, bis: addDays(lastDay, -1), bekanntmachung: "" });
  assert.equal(shorter.statusCode, 422);
  assert.match(shorter.body, /Eine laufende öffentliche Auslegung darf nicht verkürzt werden/);
  assert.equal(new Date((await ta.db.selectFrom("participation_phases").select("ends_at").where("id", "=", phase.id).executeTakeFirstOrThrow()).ends_at).getTime(), new Date(phase.ends_at).getTime());
  // The phase's own deadline page refuses it as well.
  const phasePage = `${page}/phasen/${phase.id}`;
  const shorterThere = await staff.submit(phasePage, phasePage, { bis: addDays(lastDay, -1) });
  assert.equal(shorterThere.statusCode, 422);
  assert.match(shorterThere.body, /darf nicht verkürzt werden/);

  // An agency is invited: it is told about the extension.
  assert.equal((await staff.submit(page, `${page}/toeb`, { behoerde: "Landratsamt Enzkreis", toeb_email: "lra@example.org", frist: addDays(today, 3) })).statusCode, 303);
  await ta.mail.waitFor("lra@example.org");

  // Saved: new title and description, the display extended by five days, an announcement.
  const longer = addDays(lastDay, 5);
  const saved = await staff.submit(edit, edit, { titel: "Bebauungsplan „Lindach-Süd“, 1. Änderung", art: "bebauungsplan", gemeinde: MUEHLACKER.ags, beschreibung: "Geänderte Beschreibung des Plans.", bis: longer, bekanntmachung: "Bekannt gemacht im Amtsblatt." });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `${page}?bearbeitet=1`);
  assert.match((await staff.get(`${page}?bearbeitet=1`)).body, /Die Änderungen wurden gespeichert/);
  const after = await ta.db.selectFrom("participation_phases").select(["starts_at", "ends_at", "announcement"]).where("id", "=", phase.id).executeTakeFirstOrThrow();
  assert.equal(new Date(after.ends_at).getTime(), berlinToUtc(addDays(longer, 1), 0).getTime());
  assert.equal(new Date(after.starts_at).getTime(), new Date(phase.starts_at).getTime());
  const pub = await new Client(ta.app).get(`/beteiligung/${p.slug}`);
  assert.match(pub.body, /1\. Änderung/);
  assert.match(pub.body, /Geänderte Beschreibung des Plans\./);
  assert.ok(pub.body.includes(formatDay(longer)));
  assert.match(pub.body, /Bekannt gemacht im Amtsblatt\./);
  const mail = await ta.mail.waitFor("lra@example.org", (m) => /Geänderte Frist/.test(m.subject));
  assert.ok(mail.text.includes(formatDay(longer)));
  // Nothing changed: no audit entry, a notice that nothing changed.
  const same = await staff.submit(edit, edit, { titel: "Bebauungsplan „Lindach-Süd“, 1. Änderung", art: "bebauungsplan", gemeinde: MUEHLACKER.ags, beschreibung: "Geänderte Beschreibung des Plans.", bis: longer, bekanntmachung: "Bekannt gemacht im Amtsblatt." });
  assert.equal(same.headers.location, `${page}?bearbeitet=0`);

  const audit = await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "participation.procedure_changed").execute();
  assert.equal(audit.length, 1);
  const details = audit[0]!.details as { changed: string[]; agenciesMailed: number; endsAt: string };
  assert.deepEqual(details.changed, ["title", "description", "endsAt", "announcement"]);
  assert.equal(details.agenciesMailed, 1);
  assert.doesNotMatch(JSON.stringify(audit), /Geänderte Beschreibung|Amtsblatt|Lindach/);

  // An upcoming phase: kind, start and end can change; a start in the past is an error at the field.
  const unit = await ta.db.selectFrom("org_units").select("id").where("key", "=", `gem-${MUEHLACKER.ags}`).executeTakeFirstOrThrow();
  const later = await procedureCreator(systemContext(ta.db), { kind: "satzung", title: "Satzung „Kirchgasse“", description: "Später.", ags: MUEHLACKER.ags, ars: "082365004040", orgUnitId: unit.id, phases: [{ kind: "display", startsAt: berlinToUtc(addDays(today, 10), 0), endsAt: berlinToUtc(addDays(today, 40), 0) }] });
  const laterEdit = `/verwaltung/beteiligung/${later.id}/bearbeiten`;
  assert.match((await staff.get(laterEdit)).body, /name="von"/);
  const fields = { titel: "Satzung „Kirchgasse“", art: "satzung", gemeinde: MUEHLACKER.ags, beschreibung: "Später.", phase: "early", bekanntmachung: "" };
  const pastStart = await staff.submit(laterEdit, laterEdit, { ...fields, von: addDays(today, -1), bis: addDays(today, 20) });
  assert.equal(pastStart.statusCode, 422);
  assert.match(pastStart.body, /id="von-error"/);
  const order = await staff.submit(laterEdit, laterEdit, { ...fields, von: addDays(today, 12), bis: addDays(today, 11) });
  assert.equal(order.statusCode, 422);
  assert.match(order.body, /id="bis-error"/);
  assert.equal((await staff.submit(laterEdit, laterEdit, { ...fields, von: addDays(today, 12), bis: addDays(today, 20) })).statusCode, 303);
  const moved = await ta.db.selectFrom("participation_phases").select(["kind", "starts_at", "ends_at"]).where("procedure_id", "=", later.id).executeTakeFirstOrThrow();
  assert.equal(moved.kind, "early");
  assert.equal(new Date(moved.starts_at).getTime(), berlinToUtc(addDays(today, 12), 0).getTime());
  assert.equal(new Date(moved.ends_at).getTime(), berlinToUtc(addDays(today, 21), 0).getTime());

  // Once the weighing result is published nothing changes (409, the page says why).
  await ta.db.updateTable("participation_procedures").set({ weighing_published_at: new Date() }).where("id", "=", later.id).execute();
  assert.match((await staff.get(laterEdit)).body, /Abwägungsergebnis ist veröffentlicht/);
  const frozen = await staff.submit(`/verwaltung/beteiligung/${later.id}`, laterEdit, { ...fields, titel: "Zu spät geändert" });
  assert.equal(frozen.statusCode, 409);
  assert.equal((await ta.db.selectFrom("participation_procedures").select("title").where("id", "=", later.id).executeTakeFirstOrThrow()).title, "Satzung „Kirchgasse“");
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});

test("a repeated display (§ 4a Abs. 3 BauGB) after the display ended: errors, its own period and reason, statements kept apart", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const other = await signedInMember(ta, "bauamt@remchingen.example", `gem-${REMCHINGEN.ags}`);
  const today = berlinDate(new Date());
  const unit = await ta.db.selectFrom("org_units").select("id").where("key", "=", `gem-${MUEHLACKER.ags}`).executeTakeFirstOrThrow();
  const proc = await procedureCreator(systemContext(ta.db), { kind: "bebauungsplan", title: "Bebauungsplan „Am Bahnhof“", description: "Ein Plan.", ags: MUEHLACKER.ags, ars: "082365004040", orgUnitId: unit.id, phases: [{ kind: "display", startsAt: berlinToUtc(addDays(today, -20), 0), endsAt: berlinToUtc(addDays(today, 5), 0) }] });
  const page = `/verwaltung/beteiligung/${proc.id}`;
  const redisplay = `${page}/erneute-auslegung`;
  const citizen = new Client(ta.app);
  const form = `/beteiligung/${proc.slug}/stellungnahme`;
  assert.equal((await citizen.submit(form, form, { text: "Erste Auslegung: Bitte die Bäume erhalten.", name: "Eva Muster", strasse: "Weg 1", plz: "75417", ort: "Mühlacker" })).statusCode, 303);

  // While the display runs: no link, the page says why, a post is 409.
  assert.doesNotMatch((await staff.get(page)).body, /erneute-auslegung/);
  assert.match((await staff.get(redisplay)).body, /erst möglich, wenn eine öffentliche Auslegung stattgefunden hat/);
  assert.equal((await staff.submit(page, redisplay, { grund: "Geänderter Entwurf nach der Abwägung.", von: today, bis: addDays(today, 14) })).statusCode, 409);
  // Early participation only (Remchingen): no repeated display.
  const rem = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", REMCHINGEN.slug).executeTakeFirstOrThrow();
  assert.equal((await other.get(`/verwaltung/beteiligung/${rem.id}/erneute-auslegung`)).statusCode, 200);
  assert.match((await other.get(`/verwaltung/beteiligung/${rem.id}/erneute-auslegung`)).body, /erst möglich/);

  // The display ends.
  await ta.db.updateTable("participation_phases").set({ ends_at: berlinToUtc(addDays(today, -1), 0) }).where("procedure_id", "=", proc.id).execute();
  const staffPage = await staff.get(page);
  assert.ok(staffPage.body.includes(`href="${redisplay}"`));
  assert.match(staffPage.body, /Erneute Auslegung beginnen \(§ 4a Abs\. 3 BauGB\)/);
  assert.match((await staff.get(`${page}/bearbeiten`)).body, /Die Phase ist beendet/);
  assert.equal((await other.get(redisplay)).statusCode, 403);
  assert.equal((await staff.post(redisplay, { grund: "Ohne Token." })).statusCode, 403);

  // Errors at the fields, the reason kept.
  const bad = await staff.submit(redisplay, redisplay, { grund: "kurz", von: addDays(today, -1), bis: "morgen", bekanntmachung: "Amtsblatt Nr. 7" });
  assert.equal(bad.statusCode, 422);
  for (const f of ["grund", "von", "bis"]) assert.match(bad.body, new RegExp(`id="${f}-error"`));
  assert.match(bad.body, /Amtsblatt Nr\. 7/);
  const noReason = await staff.submit(redisplay, redisplay, { grund: "", von: today, bis: addDays(today, 14) });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /Bitte geben Sie den Grund der erneuten Auslegung an/);
  assert.ok(noReason.body.includes(`value="${addDays(today, 14)}"`));

  const started = await staff.submit(redisplay, redisplay, { grund: "Der Entwurf wurde nach der Abwägung geändert (Baugrenze im Norden).", von: today, bis: addDays(today, 14), bekanntmachung: "" });
  assert.equal(started.statusCode, 303);
  assert.match((await staff.get(started.headers.location as string)).body, /Die erneute Auslegung wurde angelegt/);
  const phases = await ta.db.selectFrom("participation_phases").select(["id", "kind", "reason", "starts_at", "ends_at"]).where("procedure_id", "=", proc.id).orderBy("starts_at").execute();
  assert.deepEqual(phases.map((p) => p.kind), ["display", "redisplay"]);
  assert.equal(new Date(phases[1]!.ends_at).getTime(), berlinToUtc(addDays(today, 15), 0).getTime());
  // A second one while it runs: refused.
  assert.equal((await staff.submit(page, redisplay, { grund: "Noch einmal, bitte sehr.", von: today, bis: addDays(today, 14) })).statusCode, 409);

  // The public page: "Erneute Auslegung" with the new period and the reason; the form is open again.
  const pub = await citizen.get(`/beteiligung/${proc.slug}`);
  assert.match(pub.body, /Erneute Auslegung: /);
  assert.ok(pub.body.includes(`${formatDay(today)} bis einschließlich ${formatDay(addDays(today, 14))}`));
  assert.match(pub.body, /Grund der erneuten Auslegung: Der Entwurf wurde nach der Abwägung geändert/);
  const formPage = await citizen.get(form);
  assert.match(formPage.body, /Erneute Auslegung \(§ 4a Abs\. 3 BauGB\)/);
  assert.equal((await citizen.submit(form, form, { text: "Erneute Auslegung: Die neue Baugrenze ist besser.", name: "Jan Berg", strasse: "Weg 2", plz: "75417", ort: "Mühlacker" })).statusCode, 303);
  const stored = await ta.db.selectFrom("participation_statements").select(["phase_id", "body"]).where("procedure_id", "=", proc.id).orderBy("submitted_at").execute();
  assert.deepEqual(stored.map((s) => s.phase_id), [phases[0]!.id, phases[1]!.id]);

  // Staff: one table per phase; the CSV and the weighing export name the phase with its period.
  const list = await staff.get(page);
  const captions = [...list.body.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => m[1]!);
  assert.equal(captions.filter((c) => /Auslegung/.test(c)).length, 2);
  assert.ok(captions.some((c) => c.startsWith("Öffentliche Auslegung (§ 3 Abs. 2 BauGB): ")));
  assert.ok(captions.some((c) => c.startsWith("Erneute Auslegung (§ 4a Abs. 3 BauGB): ")));
  const csv = (await staff.get(`${page}/stellungnahmen.csv`)).body;
  assert.match(csv, /Öffentliche Auslegung \(§ 3 Abs\. 2 BauGB\): [^,\n]*,Eva Muster/);
  assert.match(csv, /Erneute Auslegung \(§ 4a Abs\. 3 BauGB\): [^,\n]*,Jan Berg/);
  const weighingCsv = (await staff.get(`${page}/abwaegung.csv`)).body;
  assert.match(weighingCsv, /Phase/);
  assert.match(weighingCsv, /Erneute Auslegung \(§ 4a Abs\. 3 BauGB\)/);
  assert.match((await staff.get(`${page}/abwaegung`)).body, /<td[^>]*>Erneute Auslegung \(§ 4a Abs\. 3 BauGB\): /);

  const audit = await ta.db.selectFrom("audit_log").select(["action", "object_id", "details"]).where("action", "=", "participation.redisplay_started").execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.object_id, phases[1]!.id);
  assert.doesNotMatch(JSON.stringify(audit), /Baugrenze/);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});

test("a repeated display invites the agencies consulted before again: new period, reason and own link by mail (SMTP)", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const today = berlinDate(new Date());
  const unit = await ta.db.selectFrom("org_units").select("id").where("key", "=", `gem-${MUEHLACKER.ags}`).executeTakeFirstOrThrow();
  const proc = await procedureCreator(systemContext(ta.db), { kind: "bebauungsplan", title: "Bebauungsplan „Kelterplatz“", description: "Ein Plan.", ags: MUEHLACKER.ags, ars: "082365004040", orgUnitId: unit.id, phases: [{ kind: "display", startsAt: berlinToUtc(addDays(today, -20), 0), endsAt: berlinToUtc(addDays(today, 5), 0) }] });
  const page = `/verwaltung/beteiligung/${proc.id}`;
  const redisplay = `${page}/erneute-auslegung`;

  // First round: two agencies; the Landratsamt releases a statement, the utility stays silent. The utility is
  // invited a second time under another name (same address): it is consulted once in the new round.
  for (const [behoerde, toeb_email] of [["Landratsamt Enzkreis", "lra@example.org"], ["Netze BW", "netze@example.org"], ["Netze BW GmbH", "NETZE@example.org"]] as const) {
    assert.equal((await staff.submit(page, `${page}/toeb`, { behoerde, toeb_email, frist: addDays(today, 1) })).statusCode, 303);
  }
  const firstLink = linkIn((await ta.mail.waitFor("lra@example.org")).text);
  const agency = new Client(ta.app);
  assert.equal((await agency.submit(firstLink, firstLink, { schritt: "entwurf", text: "Erste Runde: keine Bedenken gegen den Entwurf.", verfasser: "Ute Lang" })).statusCode, 303);
  assert.equal((await agency.submit(firstLink, firstLink, { schritt: "freigabe", freigabe: "Lea Roth" })).statusCode, 303);

  // The display and the agencies' deadlines end.
  await ta.db.updateTable("participation_phases").set({ ends_at: berlinToUtc(addDays(today, -1), 0) }).where("procedure_id", "=", proc.id).execute();
  await ta.db.updateTable("participation_agency_invitations").set({ deadline: berlinToUtc(addDays(today, -1), 0) }).where("procedure_id", "=", proc.id).execute();
  const before = ta.mail.mails.length;
  assert.match((await staff.get(redisplay)).body, /bisher beteiligten Träger öffentlicher Belange \(2\) erhalten beim Beginnen eine neue Einladung/);

  const from = addDays(today, 2);
  const to = addDays(today, 16);
  // The form offers each agency once, all checked (the utility under its latest name); none chosen is an error at the field.
  const offered = boxes((await staff.get(redisplay)).body);
  assert.deepEqual(offered.map((o) => [o.label, o.checked]), [["Landratsamt Enzkreis (lra@example.org)", true], ["Netze BW GmbH (NETZE@example.org)", true]]);
  const none = await staff.submit(redisplay, redisplay, { grund: "Die Baugrenze im Norden wurde geändert.", von: from, bis: to, bekanntmachung: "" });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /id="traeger-error"[^]*Bitte wählen Sie mindestens einen Träger aus/);
  assert.match(none.body, /href="#traeger"/, "in the error summary");
  assert.ok(none.body.includes("Die Baugrenze im Norden wurde geändert."), "input kept");
  assert.ok(boxes(none.body).every((o) => !o.checked), "the choice as sent");
  assert.equal(await ta.db.selectFrom("participation_phases").select("id").where("procedure_id", "=", proc.id).where("kind", "=", "redisplay").executeTakeFirst(), undefined);
  const started = await staff.submit(redisplay, redisplay, [["grund", "Die Baugrenze im Norden wurde geändert."], ["von", from], ["bis", to], ["bekanntmachung", ""], ...offered.map((o) => ["traeger", o.value] as [string, string])]);
  assert.equal(started.statusCode, 303);
  assert.match((await staff.get(started.headers.location as string)).body, /wurden erneut eingeladen: 2\./);

  // One mail each at the SMTP server: the new period, the reason, the deadline and a new link.
  const lra = await ta.mail.waitFor("lra@example.org", (m) => /Erneute Auslegung/.test(m.subject));
  // The utility under its latest name and address (as last sent).
  const netze = await ta.mail.waitFor("NETZE@example.org", (m) => /Erneute Auslegung/.test(m.subject));
  assert.equal(lra.subject, "Erneute Auslegung – Beteiligung der Behörden: Bebauungsplan „Kelterplatz“");
  for (const m of [lra, netze]) {
    assert.ok(m.text.includes(`${formatDay(from)} bis einschließlich ${formatDay(to)}`), m.text);
    assert.match(m.text, /Grund: Die Baugrenze im Norden wurde geändert\./);
    assert.ok(m.text.includes(`Die Frist endet am ${formatDay(to)} um 24:00 Uhr`), m.text);
  }
  assert.equal(ta.mail.mails.length - before, 2, "one mail per agency, the utility's two addresses counted once");
  const newLink = linkIn(lra.text);
  assert.notEqual(newLink, firstLink);

  // The new link opens a new, writable statement with the new deadline; the released first one stays read-only.
  const second = await agency.get(newLink);
  assert.equal(second.statusCode, 200);
  assert.ok(second.body.includes(formatDay(to)));
  assert.doesNotMatch(second.body, /Erste Runde: keine Bedenken/);
  assert.equal((await agency.submit(newLink, newLink, { schritt: "entwurf", text: "Zweite Runde: die neue Baugrenze ist unbedenklich.", verfasser: "Ute Lang" })).statusCode, 303);
  assert.match((await agency.get(firstLink)).body, /Erste Runde: keine Bedenken/);

  // The second round's statement released: the weighing page, its CSV and PDF name each agency statement's round
  // with its period (first round: the display it was invited in; phase_id: the repeated display).
  assert.equal((await agency.submit(newLink, newLink, { schritt: "freigabe", freigabe: "Lea Roth" })).statusCode, 303);
  const weighingPage = (await staff.get(`${page}/abwaegung`)).body;
  const lraRows = [...weighingPage.matchAll(/<tr\b[^>]*>([^]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()).filter((r) => r.includes("Landratsamt Enzkreis"));
  const firstRound = `Öffentliche Auslegung (§ 3 Abs. 2 BauGB): ${formatDay(addDays(today, -20))} bis einschließlich ${formatDay(addDays(today, -2))}`;
  const secondRound = `Erneute Auslegung (§ 4a Abs. 3 BauGB): ${formatDay(from)} bis einschließlich ${formatDay(to)}`;
  assert.equal(lraRows.length, 2, "both rounds' released statements");
  assert.ok(lraRows[0]!.includes(firstRound) && !lraRows[0]!.includes("Erneute"), lraRows[0]);
  assert.ok(lraRows[1]!.includes(secondRound), lraRows[1]);
  assert.match(weighingPage, /<th[^>]*>Phase<\/th>/);
  const roundsCsv = (await staff.get(`${page}/abwaegung.csv`)).body.split("\n").filter((l) => l.includes("Landratsamt Enzkreis"));
  assert.equal(roundsCsv.length, 2);
  assert.ok(roundsCsv[0]!.includes(firstRound) && roundsCsv[1]!.includes(secondRound), roundsCsv.join("\n"));

  const phase = await ta.db.selectFrom("participation_phases").select("id").where("procedure_id", "=", proc.id).where("kind", "=", "redisplay").executeTakeFirstOrThrow();
  const rows = await ta.db.selectFrom("participation_agency_invitations").select(["email", "phase_id", "deadline", "released_at"]).where("procedure_id", "=", proc.id).orderBy("invited_at").execute();
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.slice(3).map((r) => [r.email, r.phase_id]).sort(), [["NETZE@example.org", phase.id], ["lra@example.org", phase.id]]);
  for (const r of rows.slice(3)) assert.equal(new Date(r.deadline).getTime(), berlinToUtc(addDays(to, 1), 0).getTime());
  assert.ok(rows[0]!.released_at, "the first round's release stays");
  // Staff see the new round marked.
  assert.match((await staff.get(page)).body, /Landratsamt Enzkreis(?:<\/a>)? \(erneute Auslegung\)/);

  const audit = await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "in", ["participation.redisplay_started", "participation.agency_invited"]).orderBy("id").execute();
  assert.equal((audit.find((a) => a.action === "participation.redisplay_started")!.details as { agenciesInvited: number }).agenciesInvited, 2);
  assert.equal(audit.filter((a) => a.action === "participation.agency_invited" && (a.details as { phaseId?: string }).phaseId === phase.id).length, 2);
  assert.doesNotMatch(JSON.stringify(audit), /example\.org|Landratsamt/);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});

test("a repeated display re-invites only the agencies staff choose: new link and deadline for them, nothing for the others; audited", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const today = berlinDate(new Date());
  const unit = await ta.db.selectFrom("org_units").select("id").where("key", "=", `gem-${MUEHLACKER.ags}`).executeTakeFirstOrThrow();
  const proc = await procedureCreator(systemContext(ta.db), { kind: "bebauungsplan", title: "Bebauungsplan „Mühlweg“", description: "Ein Plan.", ags: MUEHLACKER.ags, ars: "082365004040", orgUnitId: unit.id, phases: [{ kind: "display", startsAt: berlinToUtc(addDays(today, -20), 0), endsAt: berlinToUtc(addDays(today, 5), 0) }] });
  const page = `/verwaltung/beteiligung/${proc.id}`;
  const redisplay = `${page}/erneute-auslegung`;
  for (const [behoerde, toeb_email] of [["Landratsamt Enzkreis", "lra@example.org"], ["Netze BW", "netze@example.org"], ["Regierungspräsidium Karlsruhe", "rp@example.org"]] as const) {
    assert.equal((await staff.submit(page, `${page}/toeb`, { behoerde, toeb_email, frist: addDays(today, 1) })).statusCode, 303);
  }
  const firstNetze = linkIn((await ta.mail.waitFor("netze@example.org")).text);
  await ta.db.updateTable("participation_phases").set({ ends_at: berlinToUtc(addDays(today, -1), 0) }).where("procedure_id", "=", proc.id).execute();
  const firstRound = await ta.db.selectFrom("participation_agency_invitations").select(["id", "email", "deadline", "token_hash"]).where("procedure_id", "=", proc.id).execute();

  const offered = boxes((await staff.get(redisplay)).body);
  assert.equal(offered.length, 3);
  assert.ok(offered.every((o) => o.checked), "all chosen at first");
  const chosen = offered.filter((o) => !o.label.startsWith("Netze BW"));
  const from = addDays(today, 1);
  const to = addDays(today, 15);
  const fields = (ids: string[]) => [["grund", "Die Erschließung im Süden wurde geändert."], ["von", from], ["bis", to], ["bekanntmachung", ""], ...ids.map((id) => ["traeger", id] as [string, string])] as Array<[string, string]>;

  // An id that is no agency of this procedure (a stale or forged form): refused at the field, nothing started.
  const foreign = await staff.submit(redisplay, redisplay, fields([chosen[0]!.value, "00000000-0000-4000-8000-000000000000"]));
  assert.equal(foreign.statusCode, 422);
  assert.match(foreign.body, /id="traeger-error"[^]*Die Liste der beteiligten Träger hat sich geändert/);
  assert.equal(await ta.db.selectFrom("participation_phases").select("id").where("procedure_id", "=", proc.id).where("kind", "=", "redisplay").executeTakeFirst(), undefined);

  const before = ta.mail.mails.length;
  const started = await staff.submit(redisplay, redisplay, fields(chosen.map((o) => o.value)));
  assert.equal(started.statusCode, 303);
  assert.match((await staff.get(started.headers.location as string)).body, /Die gewählten Träger öffentlicher Belange wurden erneut eingeladen: 2\./);
  await ta.mail.waitFor("lra@example.org", (m) => /Erneute Auslegung/.test(m.subject));
  await ta.mail.waitFor("rp@example.org", (m) => /Erneute Auslegung/.test(m.subject));
  const sent = ta.mail.mails.slice(before);
  assert.deepEqual(sent.flatMap((m) => m.to).sort(), ["lra@example.org", "rp@example.org"]);

  // Only the chosen have a new invitation (new link, the repeated display's last day); the utility's first invitation is untouched.
  const phase = await ta.db.selectFrom("participation_phases").select("id").where("procedure_id", "=", proc.id).where("kind", "=", "redisplay").executeTakeFirstOrThrow();
  const rows = await ta.db.selectFrom("participation_agency_invitations").select(["id", "email", "deadline", "token_hash", "phase_id"]).where("procedure_id", "=", proc.id).execute();
  assert.deepEqual(rows.filter((r) => r.phase_id === phase.id).map((r) => r.email).sort(), ["lra@example.org", "rp@example.org"]);
  for (const r of rows.filter((r) => r.phase_id === phase.id)) assert.equal(new Date(r.deadline).getTime(), berlinToUtc(addDays(to, 1), 0).getTime());
  const netze = rows.filter((r) => r.email === "netze@example.org");
  assert.equal(netze.length, 1);
  const netzeBefore = firstRound.find((r) => r.email === "netze@example.org")!;
  assert.deepEqual([netze[0]!.token_hash, new Date(netze[0]!.deadline).getTime()], [netzeBefore.token_hash, new Date(netzeBefore.deadline).getTime()]);
  assert.equal((await new Client(ta.app).get(firstNetze)).statusCode, 200, "its first link still opens (read-only after its deadline)");

  // Audit: the choice in counts and the earlier invitations followed; no names or addresses.
  const audit = await ta.db.selectFrom("audit_log").select(["details"]).where("action", "=", "participation.redisplay_started").where("object_id", "=", phase.id).executeTakeFirstOrThrow();
  const d = audit.details as { agenciesConsulted: number; agenciesInvited: number; agenciesNotInvited: number; reinvitedFrom: string[] };
  assert.deepEqual([d.agenciesConsulted, d.agenciesInvited, d.agenciesNotInvited], [3, 2, 1]);
  assert.deepEqual([...d.reinvitedFrom].sort(), chosen.map((o) => o.value).sort());
  assert.doesNotMatch(JSON.stringify(audit), /example\.org|Landratsamt|Netze/);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});
