import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { hashPassword } from "../../src/platform/auth/password.js";
import { submitDogRegistration } from "../support/dogRegistration.js";
import { follow, pathOf, startBrowserTest, visit, type BrowserTest } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function login(page: Page, email: string, next: string) {
  await visit(page, `/anmelden?next=${encodeURIComponent(next)}`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await follow(page, () => page.getByRole("main").getByRole("button", { name: "Anmelden" }).click());
  assert.equal(pathOf(page).split("?")[0], next.split("?")[0]);
}

async function user(b: BrowserTest, email: string, kind: "citizen" | "staff", name: string) {
  return b.db
    .insertInto("users")
    .values({ kind, email, display_name: name, password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
}

test("account list, mailbox and upload answer: staff ask for a document, the applicant uploads it, the case is back in progress (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const citizen = await user(b, "erika@example.org", "citizen", "Erika Mustermann");
  const ref = await submitDogRegistration(b.db, b.config, citizen.id);
  const staff = await user(b, "sachbearbeitung@example.org", "staff", "Sachbearbeitung Hundesteuer");
  const owner = await b.db.selectFrom("cases").select("owner_unit_id").where("reference", "=", ref).executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: owner.owner_unit_id }).execute();

  // Staff: the thread page, a request for a document with an empty subject first (error), then sent.
  const office = await b.newPage();
  await login(office, "sachbearbeitung@example.org", `/verwaltung/postfach/${ref}`);
  const om = office.getByRole("main");
  await office.check("#art-document_request");
  await office.fill("#nachricht", "Bitte laden Sie den Nachweis der Haftpflichtversicherung hoch.");
  await follow(office, () => om.getByRole("button", { name: "Senden" }).click());
  assert.match(await office.locator("#fehler").innerText(), /Betreff/);
  assert.equal(await office.inputValue("#nachricht"), "Bitte laden Sie den Nachweis der Haftpflichtversicherung hoch.");
  await office.fill("#betreff", "Haftpflichtversicherung");
  await follow(office, () => om.getByRole("button", { name: "Senden" }).click());
  assert.match(await om.innerText(), /Die Nachricht wurde gesendet/);
  assert.match(await om.innerText(), /Rückfrage an Sie/);

  // Applicant: "Meine Anträge" shows the status and the unread marker; the mailbox shows the request.
  const page = await b.newPage();
  await login(page, "erika@example.org", "/konto");
  const main = page.getByRole("main");
  await follow(page, () => main.getByRole("link", { name: /Meine Anträge: Bearbeitungsstand/ }).click());
  assert.equal(pathOf(page), "/antraege");
  const list = await main.innerText();
  assert.match(list, new RegExp(ref));
  assert.match(list, /Rückfrage an Sie/);
  assert.match(list, /1 ungelesen/);
  await follow(page, () => main.getByRole("link", { name: new RegExp(`Postfach öffnen ${ref}`) }).click());
  assert.equal(pathOf(page), `/postfach/${ref}`);
  const box = await main.innerText();
  assert.match(box, /Nachforderung von Unterlagen: Haftpflichtversicherung/);
  assert.match(box, /Nachweis der Haftpflichtversicherung hoch/);

  // Answer with an upload.
  await page.fill("#nachricht", "Anbei der Nachweis.");
  await page.fill("#bezeichnung", "Versicherungsnachweis");
  await page.setInputFiles("#dateien", { name: "nachweis.pdf", mimeType: "application/pdf", buffer: PDF });
  await follow(page, () => main.getByRole("button", { name: "Nachricht senden" }).click());
  assert.equal(pathOf(page), `/postfach/${ref}?gesendet=1`);
  const after = await main.innerText();
  assert.match(after, /Ihre Nachricht wurde gesendet/);
  assert.match(after, /In Bearbeitung/);
  assert.match(after, /Versicherungsnachweis/);

  // The case file lists the application and the upload.
  await follow(page, () => main.getByRole("link", { name: "Dokumente" }).click());
  assert.equal(pathOf(page), `/akte/${ref}`);
  const file = await main.innerText();
  assert.match(file, /Antrag \(PDF\)/);
  assert.match(file, /Versicherungsnachweis/);

  // Staff see the answer.
  await visit(office, `/verwaltung/postfach/${ref}`);
  assert.match(await om.innerText(), /Anbei der Nachweis/);
});
