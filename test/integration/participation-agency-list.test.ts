/**
 * Issue 18, the county's master list of agencies (Träger öffentlicher Belange; ADR 0064): staff of a municipal
 * authority add and change entries (errors at the fields, duplicates refused, inactive entries not offered),
 * pick several agencies from the list plus one typed agency for a procedure (one invitation and mail each, the
 * entry remembered, not offered again), authorization, CSRF, audit; the demo list for the Enzkreis.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn, signedInMember } from "../helpers.js";
import { DEMO_AGENCY_DOMAIN, DEMO_PROCEDURES, seedParticipationDemo, seedParticipationDemoAgencyList } from "../../src/modules/participation/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const LIST = "/verwaltung/beteiligung/traeger";

test("agency master list: keep entries, pick them for a procedure, authorization, audit, demo list", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const unitless = await signedIn(ta.app, ta.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const citizen = await signedIn(ta.app, ta.db, { email: "buerger@example.org", kind: "citizen" });

  // Empty list; the staff overview links to it.
  assert.match((await staff.get("/verwaltung/beteiligung")).body, new RegExp(`href="${LIST}"`));
  const empty = await staff.get(LIST);
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /Die Liste ist noch leer\./);

  // Errors at the fields and in the summary, input kept.
  const bad = await staff.submit(`${LIST}/neu`, `${LIST}/neu`, { name: "L", abteilung: "Baurecht", email: "kein-mail", plz: "7517", ort: "Pforzheim", art: "planet", status: "" });
  assert.equal(bad.statusCode, 422);
  for (const id of ["name-error", "email-error", "plz-error", "art-error", "status-error"]) assert.match(bad.body, new RegExp(`id="${id}"`), id);
  assert.match(bad.body, /href="#plz">Postleitzahl/);
  assert.match(bad.body, /value="Baurecht"/);
  assert.match(bad.body, /value="kein-mail"/);
  // Without CSRF: refused.
  assert.equal((await staff.post(`${LIST}/neu`, { name: "Landratsamt Enzkreis", email: "lra@example.org", art: "authority", status: "aktiv" })).statusCode, 403);

  // Three entries; a duplicate (same name and department, other case) is refused at the name.
  const add = (fields: Record<string, string>) => staff.submit(`${LIST}/neu`, `${LIST}/neu`, fields);
  assert.equal((await add({ name: "Landratsamt Enzkreis", abteilung: "Baurechtsamt", strasse: "Zähringerallee 3", plz: "75177", ort: "Pforzheim", email: "baurecht@lra.example", art: "authority", status: "aktiv" })).statusCode, 303);
  assert.equal((await add({ name: "Netze BW GmbH", email: "netze@example.org", art: "utility", status: "aktiv" })).statusCode, 303);
  assert.equal((await add({ name: "Altversorger AG", email: "alt@example.org", art: "utility", status: "aktiv" })).statusCode, 303);
  const dup = await add({ name: "landratsamt enzkreis", abteilung: "baurechtsamt", email: "x@example.org", art: "authority", status: "aktiv" });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.body, /id="name-error"[\s\S]*gibt es in der Liste schon/);
  const listPage = await staff.get(`${LIST}?gespeichert=1`);
  assert.match(listPage.body, /Der Eintrag wurde gespeichert\./);
  assert.match(listPage.body, /Landratsamt Enzkreis – Baurechtsamt/);
  assert.match(listPage.body, /Zähringerallee 3, 75177 Pforzheim/);
  assert.match(listPage.body, /Versorgungs- oder Telekommunikationsunternehmen/);

  // Deactivate one: it is kept in the list but no longer offered.
  const rows = await ta.db.selectFrom("participation_agencies").select(["id", "name"]).execute();
  const id = (name: string) => rows.find((r) => r.name === name)!.id;
  const edit = await staff.get(`${LIST}/${id("Altversorger AG")}`);
  assert.match(edit.body, /value="alt@example.org"/);
  assert.equal((await staff.submit(`${LIST}/${id("Altversorger AG")}`, `${LIST}/${id("Altversorger AG")}`, { name: "Altversorger AG", email: "alt@example.org", art: "utility", status: "inaktiv" })).statusCode, 303);
  assert.match((await staff.get(LIST)).body, /Altversorger AG<\/a><\/td>[\s\S]*?inaktiv/);
  assert.equal((await staff.get(`${LIST}/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
  assert.equal((await staff.get(`${LIST}/kein-uuid`)).statusCode, 404);

  // The procedure page offers the two active entries as checkboxes.
  const page = `/verwaltung/beteiligung/${p.id}`;
  const procPage = await staff.get(page);
  assert.match(procPage.body, new RegExp(`name="traeger" value="${id("Landratsamt Enzkreis")}"`));
  assert.match(procPage.body, new RegExp(`name="traeger" value="${id("Netze BW GmbH")}"`));
  assert.doesNotMatch(procPage.body, new RegExp(`value="${id("Altversorger AG")}"`));

  // Nothing picked and nothing typed: error at the name; an inactive entry picked: error at the list.
  const frist = addDays(berlinDate(new Date()), 20);
  const nothing = await staff.submit(page, `${page}/toeb`, { frist });
  assert.equal(nothing.statusCode, 422);
  assert.match(nothing.body, /id="behoerde-error"[\s\S]*Bitte wählen Sie Träger aus der Liste/);
  const token = () => staff.get(page).then((r) => /name="_csrf" value="([^"]+)"/.exec(r.body)![1]!);
  const inactive = await staff.post(`${page}/toeb`, [["_csrf", await token()], ["traeger", id("Altversorger AG")], ["frist", frist]]);
  assert.equal(inactive.statusCode, 422);
  assert.match(inactive.body, /id="traeger-error"[\s\S]*nicht mehr aktiv oder schon eingeladen/);

  // Two from the list plus one typed: three invitations, three mails; the list entries are remembered.
  const ok = await staff.post(`${page}/toeb`, [["_csrf", await token()], ["traeger", id("Landratsamt Enzkreis")], ["traeger", id("Netze BW GmbH")], ["behoerde", "Polizeipräsidium Pforzheim"], ["toeb_email", "polizei@example.org"], ["frist", frist]]);
  assert.equal(ok.statusCode, 303);
  assert.match(ok.headers.location as string, /eingeladen=3/);
  for (const to of ["baurecht@lra.example", "netze@example.org", "polizei@example.org"]) assert.match((await ta.mail.waitFor(to)).text, /beteiligung-behoerden\?zugang=/);
  const invitations = await ta.db.selectFrom("participation_agency_invitations").select(["agency_name", "email", "agency_id"]).where("procedure_id", "=", p.id).orderBy("agency_name").execute();
  assert.deepEqual(invitations, [
    { agency_name: "Landratsamt Enzkreis – Baurechtsamt", email: "baurecht@lra.example", agency_id: id("Landratsamt Enzkreis") },
    { agency_name: "Netze BW GmbH", email: "netze@example.org", agency_id: id("Netze BW GmbH") },
    { agency_name: "Polizeipräsidium Pforzheim", email: "polizei@example.org", agency_id: null },
  ]);
  const after = await staff.get(`${page}?eingeladen=3`);
  assert.match(after.body, /Einladungen verschickt: 3\./);
  assert.doesNotMatch(after.body, /name="traeger"/);
  // Picking an entry already invited (a stale form): refused, nothing added.
  const again = await staff.post(`${page}/toeb`, [["_csrf", await token()], ["traeger", id("Netze BW GmbH")], ["frist", frist]]);
  assert.equal(again.statusCode, 422);
  assert.equal((await ta.db.selectFrom("participation_agency_invitations").select((eb) => eb.fn.countAll<string>().as("n")).where("procedure_id", "=", p.id).executeTakeFirstOrThrow()).n, "3");

  // Authorization: staff without an authority and citizens may not keep the list.
  assert.equal((await unitless.get(LIST)).statusCode, 403);
  assert.equal((await unitless.submit("/verwaltung/beteiligung", `${LIST}/neu`, { name: "Fremd", email: "f@example.org", art: "other", status: "aktiv" })).statusCode, 403);
  assert.notEqual((await citizen.get(LIST)).statusCode, 200);
  assert.equal((await ta.db.selectFrom("participation_agencies").select("id").where("name", "=", "Fremd").executeTakeFirst()), undefined);

  // Audit: entries added and changed (fields named, no values), invitations with the entry's id.
  const audit = await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "in", ["participation.agency_listed", "participation.agency_list_changed"]).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["participation.agency_listed", "participation.agency_listed", "participation.agency_listed", "participation.agency_list_changed"]);
  assert.deepEqual((audit[3]!.details as { changed: string[] }).changed, ["active"]);
  assert.doesNotMatch(JSON.stringify(audit), /example\.org|Zähringer/);
  const invited = await ta.db.selectFrom("audit_log").select("details").where("action", "=", "participation.agency_invited").execute();
  assert.equal(invited.filter((a) => (a.details as { agencyId?: string }).agencyId).length, 2);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);

  // The demo list: marked demo, reserved domain, one inactive, seeded once.
  const seeded = await seedParticipationDemoAgencyList({ db: ta.db });
  assert.ok(seeded >= 10);
  assert.equal(await seedParticipationDemoAgencyList({ db: ta.db }), 0);
  const demo = await ta.db.selectFrom("participation_agencies").select(["name", "email", "active"]).where("demo", "=", true).execute();
  assert.equal(demo.length, seeded);
  assert.ok(demo.every((d) => d.name.endsWith("(Demo)") && d.email.endsWith(`@${DEMO_AGENCY_DOMAIN}`)));
  assert.equal(demo.filter((d) => !d.active).length, 1);
  assert.match((await staff.get(LIST)).body, /Landratsamt Enzkreis \(Demo\) – Straßenverkehrsbehörde[\s\S]*Demodaten/);
});
