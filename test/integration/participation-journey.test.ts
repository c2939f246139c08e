/**
 * Issue 18, "done when", as one journey: a citizen comments on a paragraph of a plan document and another on a
 * map point in the plan area; an agency (TÖB) is invited, drafts and releases its statement through its token
 * link; the display phase and the agency's deadline end and the forms close; staff group the statements by
 * topic, weigh them, download the weighing table (PDF, CSV) and publish the result; the named commenters with
 * an e-mail address get the outcome mail at the local SMTP test server, exactly once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client, linkIn, type TestApp, signedInMember } from "../helpers.js";
import { agencyTokenHash, DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { pointInArea } from "../../src/modules/participation/agencies.js";
import type { MultiPolygon } from "../../src/modules/participation/xplan/parse.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;

/** Staff of the municipality with this AGS, signed in. */
const staffOf = (ta: TestApp, email: string, ags: string) => signedInMember(ta, email, `gem-${ags}`);

/** A point inside the plan's area (grid search over its bounding box) and one outside it. */
function pointsOf(area: MultiPolygon): { inside: [number, number]; outside: [number, number] } {
  const ring = area.coordinates[0]![0]!;
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  for (let i = 1; i < 20; i++)
    for (let j = 1; j < 20; j++) {
      const lat = y0 + ((y1 - y0) * i) / 20;
      const lon = x0 + ((x1 - x0) * j) / 20;
      if (pointInArea(area, lat, lon)) return { inside: [Number(lat.toFixed(6)), Number(lon.toFixed(6))], outside: [Number((y1 + 0.01).toFixed(6)), Number((x1 + 0.01).toFixed(6))] };
    }
  throw new Error("no point inside the plan area");
}

test("issue 18 journey: paragraph and map-point comments, agency draft and release by token link, phase closes, weighing by topic, PDF, publish, outcome mail", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select(["id"]).where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await staffOf(ta, "bauamt@muehlacker.example", MUEHLACKER.ags);
  const other = await staffOf(ta, "bauamt@remchingen.example", "08236071");

  // 1. A citizen comments on a paragraph of the plan's text document.
  const form = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  const citizen = new Client(ta.app);
  const formPage = await citizen.get(form);
  assert.match(formPage.body, /Bezug im Plan/);
  const docId = /<option value="([0-9a-f-]{36})"/.exec(formPage.body)?.[1];
  assert.ok(docId, "the documents are offered as places");
  const address = { name: "Eva Muster", strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" };
  const ok1 = await citizen.submit(form, form, { text: "Zu § 3 Abs. 2: Bitte auch Reihenhäuser zulassen.", ...address, email: "eva@example.org", unterlage: docId!, stelle: "Seite 2, § 3 Abs. 2" });
  assert.equal(ok1.statusCode, 303, ok1.body.slice(0, 300));
  const ref1 = /eingang\/(BT-\d{4}-\d{6})/.exec(ok1.headers.location as string)![1]!;

  // 2. Another comments on a map point: outside the area refused at the field, inside accepted.
  const plan = await ta.db.selectFrom("participation_plans").select("area").where("procedure_id", "=", p.id).executeTakeFirstOrThrow();
  const { inside, outside } = pointsOf(plan.area as MultiPolygon);
  const neighbour = new Client(ta.app);
  const who = { name: "Jan Nachbar", strasse: "Lindachweg 3", plz: "75417", ort: "Mühlacker", email: "jan@example.org" };
  const far = await neighbour.submit(form, form, { text: "Hier soll der Spielplatz bleiben, bitte.", ...who, breite: String(outside[0]), laenge: String(outside[1]) });
  assert.equal(far.statusCode, 422);
  assert.match(far.body, /id="breite-error"[\s\S]*Der Punkt liegt nicht im Plangebiet/);
  assert.match(far.body, /Hier soll der Spielplatz bleiben/, "nothing typed is lost");
  const ok2 = await neighbour.submit(form, form, { text: "Hier soll der Spielplatz bleiben, bitte.", ...who, breite: String(inside[0]).replace(".", ","), laenge: String(inside[1]) });
  assert.equal(ok2.statusCode, 303);
  const ref2 = /eingang\/(BT-\d{4}-\d{6})/.exec(ok2.headers.location as string)![1]!;
  const stored = await ta.db.selectFrom("participation_statements").select(["reference", "place_document_id", "place_text", "place_lat", "place_lon"]).where("reference", "in", [ref1, ref2]).orderBy("reference").execute();
  assert.deepEqual(stored.map((s) => [s.place_document_id, s.place_text, s.place_lat, s.place_lon]), [
    [docId, "Seite 2, § 3 Abs. 2", null, null],
    [null, null, inside[0], inside[1]],
  ]);
  // A third without e-mail (gets no outcome mail).
  assert.equal((await new Client(ta.app).submit(form, form, { text: "Bitte den Radweg an der Lindach verlängern.", ...address, name: "Ohne Mail" })).statusCode, 303);

  // 3. Staff invite an agency; only other staff of the municipality may (403 for Remchingen's).
  const lastDay = addDays(berlinDate(new Date()), 10);
  assert.equal((await other.post(`/verwaltung/beteiligung/${p.id}/toeb`, { _csrf: "x", behoerde: "Landratsamt", toeb_email: "x@example.org", frist: lastDay })).statusCode, 403);
  const invited = await staff.submit(`/verwaltung/beteiligung/${p.id}`, `/verwaltung/beteiligung/${p.id}/toeb`, { behoerde: "Regierungspräsidium Karlsruhe, Referat 21", toeb_email: "toeb@rpk.example", frist: lastDay });
  assert.equal(invited.statusCode, 303);
  const invitation = await ta.mail.waitFor("toeb@rpk.example");
  assert.match(invitation.text, /Träger öffentlicher Belange nach § 4 BauGB/);
  assert.match(invitation.text, /um 24:00 Uhr/);
  const link = linkIn(invitation.text);
  const token = new URL(link, "http://x").searchParams.get("zugang")!;
  const row = await ta.db.selectFrom("participation_agency_invitations").select(["token_hash"]).executeTakeFirstOrThrow();
  assert.equal(row.token_hash, agencyTokenHash(token), "only the hash is stored");
  const dump = await sql<{ t: string }>`SELECT row_to_json(i)::text AS t FROM participation_agency_invitations i`.execute(ta.db);
  assert.ok(!dump.rows[0]!.t.includes(token), "the token itself is nowhere in the row");

  // 4. The agency drafts, edits, and releases through its link (no account), by a second named person.
  const agency = new Client(ta.app);
  const agencyPage = await agency.get(link);
  assert.equal(agencyPage.statusCode, 200);
  assert.match(agencyPage.body, /Regierungspräsidium Karlsruhe, Referat 21/);
  assert.equal((await agency.submit(link, link, { schritt: "entwurf", text: "Erster Entwurf.", verfasser: "Anna Berg" })).statusCode, 303);
  assert.equal((await agency.submit(link, link, { schritt: "entwurf", text: "Gegen die Planung bestehen keine Bedenken, wenn der Hochwasserschutz an der Enz beachtet wird.", verfasser: "Anna Berg" })).statusCode, 303);
  const same = await agency.submit(link, link, { schritt: "freigabe", freigabe: "  anna BERG " });
  assert.equal(same.statusCode, 422);
  assert.match(same.body, /andere Person als die Verfasserin/);
  assert.equal((await agency.submit(link, link, { schritt: "freigabe", freigabe: "Jonas Ott" })).statusCode, 303);
  const released = await agency.get(link);
  assert.match(released.body, /Die Stellungnahme ist freigegeben/);
  assert.match(released.body, /von Jonas Ott; verfasst von Anna Berg/);
  assert.doesNotMatch(released.body, /name="text"/, "read-only after release");
  const late = await agency.post(link, { _csrf: /name="_csrf" value="([^"]+)"/.exec(agencyPage.body)![1]!, schritt: "entwurf", text: "Doch noch etwas anderes ergänzt.", verfasser: "Anna Berg" });
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /bereits freigegeben/);
  // The database refuses a change of a released statement, too.
  await assert.rejects(ta.db.updateTable("participation_agency_invitations").set({ body: "geändert, geändert" }).execute(), /released/);

  // 5. The phase ends; a second agency never answered and its deadline passes: forms closed.
  const second = await staff.submit(`/verwaltung/beteiligung/${p.id}`, `/verwaltung/beteiligung/${p.id}/toeb`, { behoerde: "Netze BW", toeb_email: "netze@example.org", frist: lastDay });
  assert.equal(second.statusCode, 303);
  const silentLink = linkIn((await ta.mail.waitFor("netze@example.org")).text);
  await ta.db.updateTable("participation_phases").set({ ends_at: new Date(Date.now() - 60_000) }).where("procedure_id", "=", p.id).execute();
  await ta.db.updateTable("participation_agency_invitations").set({ deadline: new Date(Date.now() - 60_000) }).where("released_at", "is", null).execute();
  const closedForm = await new Client(ta.app).get(form);
  assert.match(closedForm.body, /Die Frist für Stellungnahmen ist abgelaufen/);
  const silent = new Client(ta.app);
  const closedAgency = await silent.get(silentLink);
  assert.match(closedAgency.body, /Die Frist ist abgelaufen/);
  assert.doesNotMatch(closedAgency.body, /name="text"/);
  // (Posted with the first agency client's CSRF token: the closed page has no form.)
  assert.equal((await agency.post(silentLink, { _csrf: /name="_csrf" value="([^"]+)"/.exec(agencyPage.body)![1]!, schritt: "entwurf", text: "Zu spät, aber trotzdem.", verfasser: "Max Spät" })).statusCode, 409);

  // 6. Staff weigh by topic: publishing before everything is weighed is refused.
  const weighing = `/verwaltung/beteiligung/${p.id}/abwaegung`;
  assert.equal((await other.get(weighing)).statusCode, 403);
  const early = await staff.submit(weighing, `${weighing}/veroeffentlichen`, {});
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /Noch nicht abgewogen: 4 Stellungnahmen/);
  const agencyId = (await ta.db.selectFrom("participation_agency_invitations").select("id").where("released_at", "is not", null).executeTakeFirstOrThrow()).id;
  const third = (await ta.db.selectFrom("participation_statements").select("reference").where("name", "=", "Ohne Mail").executeTakeFirstOrThrow()).reference;
  const weigh = async (path: string, fields: Record<string, string>) => staff.submit(path, path, fields);
  assert.equal((await weigh(`/verwaltung/beteiligung/${p.id}/stellungnahmen/${ref1}`, { thema: "Bauweise", entscheidung: "partly", begruendung: "Reihenhäuser werden im Süden zugelassen." })).statusCode, 303);
  assert.equal((await weigh(`/verwaltung/beteiligung/${p.id}/stellungnahmen/${ref2}`, { thema: "Grünflächen", entscheidung: "accepted", begruendung: "Der Spielplatz bleibt erhalten." })).statusCode, 303);
  assert.equal((await weigh(`/verwaltung/beteiligung/${p.id}/stellungnahmen/${third}`, { thema: "Verkehr", entscheidung: "rejected", begruendung: "Der Radweg ist nicht Gegenstand dieses Plans." })).statusCode, 303);
  assert.equal((await weigh(`/verwaltung/beteiligung/${p.id}/toeb/${agencyId}`, { thema: "Grünflächen", entscheidung: "noted", begruendung: "Der Hochwasserschutz ist in § 9 berücksichtigt." })).statusCode, 303);
  const table = await staff.get(weighing);
  assert.equal(table.statusCode, 200);
  // Grouped by topic (alphabetical): Bauweise, Grünflächen (citizen + agency), Verkehr.
  assert.match(table.body, /<caption[^>]*>Bauweise<\/caption>[\s\S]*?BT-[\s\S]*<caption[^>]*>Grünflächen<\/caption>[\s\S]*?Spielplatz bleibt erhalten[\s\S]*?Regierungspräsidium[\s\S]*<caption[^>]*>Verkehr<\/caption>/);
  assert.match(table.body, /Seite 2, § 3 Abs\. 2/);
  const pdf = await staff.get(`${weighing}.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers["content-type"], "application/pdf");
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), "%PDF-");
  assert.ok(pdf.rawPayload.length > 5000);
  const csv = await staff.get(`${weighing}.csv`);
  assert.match(csv.body, /^\uFEFF/);
  assert.match(csv.body, /Grünflächen.*Regierungspräsidium Karlsruhe, Referat 21.*zur Kenntnis genommen/);
  assert.equal((await other.get(`${weighing}.pdf`)).statusCode, 403);

  // 7. Publish: the public result page, edits refused (409), one outcome mail per commenter with an e-mail.
  assert.equal((await new Client(ta.app).get(`/beteiligung/${MUEHLACKER.slug}/abwaegung`)).statusCode, 404, "not public before publishing");
  const published = await staff.submit(weighing, `${weighing}/veroeffentlichen`, {});
  assert.equal(published.statusCode, 303);
  assert.match((await staff.get(published.headers.location as string)).body, /ist veröffentlicht \(2 E-Mails/);
  const outcome = await ta.mail.waitFor("eva@example.org", (m) => /Ergebnis der Abwägung/.test(m.subject));
  assert.match(outcome.subject, new RegExp(ref1));
  assert.match(outcome.text, /Ergebnis: teilweise berücksichtigt/);
  assert.match(outcome.text, /Reihenhäuser werden im Süden zugelassen/);
  await ta.mail.waitFor("jan@example.org", (m) => /Ergebnis der Abwägung/.test(m.subject));
  const publicPage = await new Client(ta.app).get(`/beteiligung/${MUEHLACKER.slug}/abwaegung`);
  assert.equal(publicPage.statusCode, 200);
  assert.match(publicPage.body, /Der Spielplatz bleibt erhalten/);
  assert.match(publicPage.body, /Regierungspräsidium Karlsruhe/);
  assert.doesNotMatch(publicPage.body, /Eva Muster|Jan Nachbar|Bahnhofstraße/, "no personal data of citizens");
  assert.match((await new Client(ta.app).get(`/beteiligung/${MUEHLACKER.slug}`)).body, /href="\/beteiligung\/[^"]+\/abwaegung"/);
  const edit = await weigh(`/verwaltung/beteiligung/${p.id}/stellungnahmen/${ref1}`, { thema: "Bauweise", entscheidung: "accepted", begruendung: "Doch ganz." });
  assert.equal(edit.statusCode, 409);
  assert.equal((await weigh(`/verwaltung/beteiligung/${p.id}/toeb/${agencyId}`, { thema: "X", entscheidung: "accepted", begruendung: "Doch." })).statusCode, 409);
  assert.equal((await ta.db.selectFrom("participation_statements").select("decision").where("reference", "=", ref1).executeTakeFirstOrThrow()).decision, "partly");
  // Publishing again: 409, no second mail.
  assert.equal((await staff.submit(weighing, `${weighing}/veroeffentlichen`, {})).statusCode, 409);
  const outcomes = await ta.db.selectFrom("mail_queue").select(["recipient"]).where("kind", "=", "participation.outcome").execute();
  assert.deepEqual(outcomes.map((m) => m.recipient).sort(), ["eva@example.org", "jan@example.org"]);
  assert.equal(ta.mail.mails.filter((m) => /Ergebnis der Abwägung/.test(m.subject)).length, 2);

  // Audit: every step, no personal data, chain intact.
  const actions = (await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "like", "participation.%").execute()).map((a) => a.action);
  for (const a of ["participation.agency_invited", "participation.agency_draft_saved", "participation.agency_released", "participation.agency_statement_considered", "participation.weighing_published"]) assert.ok(actions.includes(a), a);
  const details = JSON.stringify(await ta.db.selectFrom("audit_log").select("details").where("action", "like", "participation.%").execute());
  assert.doesNotMatch(details, /Anna Berg|Jonas Ott|toeb@rpk|eva@example|Regierungspräsidium/);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});
