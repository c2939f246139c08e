/**
 * Issue 18, demo: the demo procedures get demo agencies (reserved `.example` addresses, "(Demo)" in the name) once:
 * a released statement staff can weigh, a draft due for the reminder, one only invited; their invitation mails
 * carry working links; only token hashes are stored.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, linkIn, signedInMember } from "../helpers.js";
import { DEMO_AGENCY_DOMAIN, DEMO_PROCEDURES, remindAgencies, seedParticipationDemo, seedParticipationDemoAgencies } from "../../src/modules/participation/index.js";
import { deliverQueuedMails } from "../../src/platform/mail/queue.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;

test("demo agencies: seeded once with demo addresses, released statement on the weighing page, draft reminded, links work", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t, { PARTICIPATION_AGENCY_REMINDER_DAYS: "3" });
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  assert.equal(await seedParticipationDemoAgencies({ db: ta.db, config: ta.config }), 4);
  assert.equal(await seedParticipationDemoAgencies({ db: ta.db, config: ta.config }), 0, "idempotent");

  const rows = await ta.db.selectFrom("participation_agency_invitations").select(["agency_name", "email", "token_hash", "released_at", "draft_saved_at"]).orderBy("invited_at").execute();
  assert.equal(rows.length, 4);
  for (const r of rows) {
    assert.ok(r.email.endsWith(`@${DEMO_AGENCY_DOMAIN}`), r.email);
    assert.match(r.agency_name, /\(Demo\)$/);
    assert.match(r.token_hash, /^[0-9a-f]{64}$/);
  }
  assert.equal(rows.filter((r) => r.released_at).length, 1);
  assert.equal(rows.filter((r) => r.draft_saved_at && !r.released_at).length, 1);

  // The invitation mails go out (demo outbox in the demo; here the test SMTP server) with working links.
  await deliverQueuedMails(ta.db, ta.app.deps.mailer);
  const netze = await ta.mail.waitFor(`netze-bw@${DEMO_AGENCY_DOMAIN}`);
  const agencyPage = await new Client(ta.app).get(linkIn(netze.text));
  assert.equal(agencyPage.statusCode, 200);
  assert.match(agencyPage.body, /Netze BW GmbH \(Demo\)/);
  assert.match(agencyPage.body, /Entwurf speichern/);

  // Staff of Mühlacker see the three agencies with their states; the released statement is on the weighing page.
  const p = await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const staffPage = (await staff.get(`/verwaltung/beteiligung/${p.id}`)).body;
  assert.match(staffPage, /freigegeben am [^<]* von Jonas Keller/);
  assert.match(staffPage, /Regierungspräsidium Karlsruhe – Straßenwesen \(Demo\)<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>Entwurf gespeichert/);
  assert.match(staffPage, /Netze BW GmbH \(Demo\)<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>eingeladen/);
  const weighing = (await staff.get(`/verwaltung/beteiligung/${p.id}/abwaegung`)).body;
  assert.match(weighing, /Landratsamt Enzkreis – Baurechts- und Naturschutzamt \(Demo\)/);
  assert.doesNotMatch(weighing, /Regierungspräsidium Karlsruhe/, "drafts are never shown to staff");

  // The draft with the deadline in two days gets the reminder, the others not.
  assert.equal(await remindAgencies(ta.db, ta.config, ta.app.deps.mailer, "Enzkreis"), 1);
  await ta.mail.waitFor(`rp-strassenwesen@${DEMO_AGENCY_DOMAIN}`, (m) => /Erinnerung/.test(m.subject));
});
