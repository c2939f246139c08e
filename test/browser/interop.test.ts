/**
 * Issue 23 in the browser: building-permit staff open the XBau messages from the case page (valid ones to
 * download, a refused one with its failing path); the administration retries a failed FIT-Connect delivery
 * by keyboard. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventContext } from "../../src/platform/jobs/index.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { DEMO_MUNICIPALITY_AGS, DEMO_STAFF_PASSWORD, getCaseForSubmission } from "../../src/modules/cases/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { addDestination } from "../../src/modules/interop/index.js";
import { buildChanged0202 } from "../../src/modules/interop/xbau/build.js";
import { xbauMessageStorer } from "../../src/modules/interop/commands/xbauMessageStorer.js";
import { generateDestinationKeys } from "../../src/modules/interop/fitconnect/crypto.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { follow, focused, logIn, pathOf, startBrowserTest, visit } from "./support.js";

test("issue 23: staff open the XBau messages of a building permit from the case page; the administration retries a failed delivery (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const form = await b.db.selectFrom("form_definitions").select(["version"]).where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const sub = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db: b.db }, { formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers: { ...structuredClone(validAnswers.bauantrag!), gemeinde: DEMO_MUNICIPALITY_AGS }, feeCents: 0, userId: null, channel: "web", statusSecret: "x" });
  if (sub.kind !== "created") throw new Error(sub.kind);
  await b.app.registry.events.deliverPending(b.db, eventContext(b.app));
  const c = (await getCaseForSubmission(b.db, sub.id))!;
  const broken = buildChanged0202({ createdAt: new Date(), author: { key: "k", name: "Baurecht 🏠" }, reader: { key: "r", name: "Portal" }, caseReference: c.reference, files: [] });
  await b.db.transaction().execute((tx) => xbauMessageStorer(tx, { type: "system", id: null }, { caseId: c.id, submissionId: sub.id, triggerKey: "browser-test", message: broken }));

  const staff = await b.newPage();
  await logIn(staff, "bauamt@kreisportal.example", DEMO_STAFF_PASSWORD);
  await visit(staff, `/verwaltung/vorgaenge/${c.id}`);
  await follow(staff, () => staff.getByRole("link", { name: "XBau-Nachrichten zu diesem Vorgang" }).click());
  assert.equal(pathOf(staff), `/verwaltung/vorgaenge/${c.id}/xbau`);
  const main = await staff.getByRole("main").innerText();
  assert.match(main, /0200 Antrag auf Baugenehmigung\s+\S+.*\s+gültig/);
  assert.match(main, /fehlerhaft – nicht versendet/);
  assert.match(main, /\/xbau:baugenehmigung\.antragGeaendert\.0202\/nachrichtenkopf\.g2g\[1\]\/autor\[1\]\/name\[1\]/);
  const href = await staff.getByRole("link", { name: /^0200 vom / }).getAttribute("href");
  const xml = await staff.request.get(`${b.base}${href}`);
  assert.equal(xml.status(), 200);
  assert.match(await xml.text(), /<xbau:baugenehmigung\.antrag\.0200 /);

  // A failed delivery in the log; the administration retries it with the keyboard.
  const { publicJwk } = await generateDestinationKeys("k1", 2048);
  const destinationId = await addDestination(b.db, { name: "Steueramt (Sandbox)", leikaKey: "99102013000000", submissionUrl: "http://127.0.0.1:9", publicJwk });
  await b.db.insertInto("interop_deliveries").values({ submission_id: sub.id, destination_id: destinationId, status: "failed", attempts: 6, last_error: "POST /v1/submissions → HTTP 503" }).execute();
  const admin = await b.newPage();
  await logIn(admin, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  await visit(admin, "/verwaltung/zustellungen");
  assert.match(await admin.getByRole("main").innerText(), new RegExp(`${sub.reference}\\s+Steueramt \\(Sandbox\\)\\s+fehlgeschlagen\\s+6\\s+POST /v1/submissions → HTTP 503`));
  await admin.getByRole("button", { name: "Erneut versuchen" }).focus();
  assert.equal(await focused(admin), "button");
  await follow(admin, () => admin.keyboard.press("Enter"));
  assert.equal(pathOf(admin), "/verwaltung/zustellungen?ok=1");
  assert.match(await admin.getByRole("main").innerText(), /Die Zustellung wird erneut versucht\.[\s\S]*ausstehend/);
});
