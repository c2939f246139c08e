/**
 * Issue 23 in the browser: building-permit staff open the XBau messages from the case page (valid ones to
 * download, a refused one with its failing path); the administration retries a failed FIT-Connect delivery
 * by keyboard; an editor previews an XZuFi import (one change, one refused) and applies it. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { DEMO_MUNICIPALITY_AGS, DEMO_STAFF_PASSWORD, getCaseForSubmission } from "../../src/modules/cases/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { addDestination } from "../../src/modules/interop/index.js";
import { buildChanged0202 } from "../../src/modules/interop/xbau/build.js";
import { xbauMessageStorer } from "../../src/modules/interop/commands/xbauMessageStorer.js";
import { generateDestinationKeys } from "../../src/modules/interop/fitconnect/crypto.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { createTestUser, deliverAllEvents } from "../helpers.js";
import { exportXZuFi } from "../../src/modules/interop/xzufi/catalogue.js";
import { follow, focused, logIn, pathOf, startBrowserTest, visit } from "./support.js";

test("issue 23: staff open the XBau messages of a building permit from the case page; the administration retries a failed delivery; an editor previews and applies an XZuFi import (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const form = await b.db.selectFrom("form_definitions").select(["version"]).where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const sub = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db: b.db }, { formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers: { ...structuredClone(validAnswers.bauantrag!), gemeinde: DEMO_MUNICIPALITY_AGS }, feeCents: 0, userId: null, channel: "web", statusSecret: "x" });
  if (sub.kind !== "created") throw new Error(sub.kind);
  await deliverAllEvents(b.app, b.db);
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
  // The destinations page (linked from the log): listed with its key id; an empty form shows every error at once.
  await follow(admin, () => admin.getByRole("link", { name: "Zustelladressen (Fachverfahren)" }).click());
  assert.match(await admin.getByRole("main").innerText(), /Steueramt \(Sandbox\)\s+99102013000000[\s\S]*k1/);
  await follow(admin, () => admin.getByRole("button", { name: "Zustelladresse speichern" }).click());
  assert.match(await admin.locator(".kp-error-summary").innerText(), /Bezeichnung[\s\S]*LeiKa-Schlüssel[\s\S]*Submission API[\s\S]*JWK/);
  // Edited in place: the form holds the stored values; saving unchanged returns to the list with a notice.
  await follow(admin, () => admin.getByRole("link", { name: "Bearbeiten Steueramt (Sandbox)" }).click());
  assert.match(pathOf(admin), /^\/verwaltung\/zustellungen\/ziele\/[0-9a-f-]{36}$/);
  assert.equal(await admin.inputValue("#name"), "Steueramt (Sandbox)");
  assert.match(await admin.inputValue("#publicJwk"), /"kid": "k1"/);
  await follow(admin, () => admin.getByRole("button", { name: "Zustelladresse speichern" }).click());
  assert.match(await admin.getByRole("main").innerText(), /Die Änderungen wurden gespeichert\./);
  // The import page of incoming 0200 messages: a broken message is refused with its path.
  await visit(admin, "/verwaltung/xbau-import");
  await admin.fill("#xml", "<xbau:baugenehmigung.antrag.0200 xmlns:xbau=\"http://www.xleitstelle.de/xbau/2/6\" produkt=\"x\" produkthersteller=\"y\" standard=\"XBau-Hochbau\" version=\"2.6\">\n<xbau:unbekannt/>\n</xbau:baugenehmigung.antrag.0200>");
  await follow(admin, () => admin.getByRole("button", { name: "Prüfen und importieren" }).click());
  assert.match(await admin.locator(".kp-error-summary").innerText(), /entspricht nicht XBau 2\.6/);
  assert.match(await admin.getByRole("main").innerText(), /\/xbau:baugenehmigung\.antrag\.0200\/xbau:unbekannt\[1\]/);

  // An editor imports a small XZuFi file: preview (one change, one refused unknown key), then apply.
  const full = await exportXZuFi(b.db, b.config.countyKey);
  const items = full.split("<xzufi:leistung>");
  // A processing time added as the last text module of the first service (the parser takes the last of a code).
  const changedItem = items[1]!.replace("</xzufi:leistung>", '<xzufi:modulText><xzufi:leikaTextmodul listURI="urn:de:fim:leika:textmodul"><code>08</code></xzufi:leikaTextmodul><xzufi:inhalt languageCode="de">Etwa zwei Wochen.</xzufi:inhalt></xzufi:modulText></xzufi:leistung>');
  const unknown = items[2]!.replaceAll(/\d{14}/g, "99999999999999");
  const small = `${items[0]}<xzufi:leistung>${changedItem.split("</xzufi:leistung>")[0]}</xzufi:leistung><xzufi:leistung>${unknown.split("</xzufi:leistung>")[0]}</xzufi:leistung></xzufi:transfer.katalog>`;
  await createTestUser(b.db, { email: "redaktion@example.org", kind: "staff", roles: ["editor"], password: "Ein langes Testpasswort 2026" });
  const editor = await b.newPage();
  await logIn(editor, "redaktion@example.org", "Ein langes Testpasswort 2026");
  await visit(editor, "/verwaltung/katalog/xzufi-import");
  await follow(editor, () => editor.getByRole("button", { name: "Änderungen anzeigen" }).click());
  assert.match(await editor.locator(".kp-error-summary").innerText(), /Bitte fügen Sie den Inhalt einer XZuFi-Datei ein/);
  await editor.fill("#xml", small);
  await follow(editor, () => editor.getByRole("button", { name: "Änderungen anzeigen" }).click());
  const preview = await editor.getByRole("main").innerText();
  assert.match(preview, /1 geändert, 0 unverändert, 1 abgelehnt/);
  assert.match(preview, /Bearbeitungsdauer/);
  assert.match(preview, /99999999999999\s+Unbekannter LeiKa-Schlüssel/);
  await follow(editor, () => editor.getByRole("button", { name: "1 Änderungen übernehmen" }).click());
  assert.match(await editor.getByRole("main").innerText(), /1 Leistungen wurden aktualisiert\./);
});
