/**
 * Issue 17 in the browser: an invited person without an account registers from the invitation page and
 * is brought back to the invitation after confirming and signing in. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { signedIn } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 17: register from the invitation and return to it (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await seedCareDemo(b.db);
  const provider = await b.db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow();
  const staff = await signedIn(b.app, b.db, { email: "psp@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const page = `/verwaltung/pflege/${provider.id}/einladungen`;
  assert.equal((await staff.submit(page, page, { email: "neu@heim.example" })).statusCode, 303);
  const mail = await b.db.selectFrom("mail_queue").select("body").where("kind", "=", "care.invitation").executeTakeFirstOrThrow();
  const u = new URL(/https?:\/\/\S+\/pflegeplaetze\/einladung\?t=\S+/.exec(mail.body ?? "")![0]);
  const invitation = u.pathname + u.search;

  const p = await b.newPage();
  await visit(p, invitation);
  await follow(p, () => p.getByRole("link", { name: "Konto anlegen" }).click());
  assert.equal(pathOf(p), `/registrieren?next=${encodeURIComponent(invitation)}`);
  assert.match(await p.getByRole("main").innerText(), /kommen Sie zu der Seite zurück, von der Sie kamen/);
  await p.fill("#displayName", "Nora Neu");
  await p.fill("#email", "neu@heim.example");
  await p.fill("#password", PASSWORD);
  await p.fill("#passwordConfirm", PASSWORD);
  await follow(p, () => p.locator("form[action='/registrieren'] button[type=submit]").click());
  const confirmMail = await b.mail.waitFor("neu@heim.example", (x) => x.subject.includes("bestätigen"));
  const link = new URL(/https?:\/\/\S+\/registrieren\/bestaetigen\?\S+/.exec(confirmMail.text)![0]);
  await visit(p, link.pathname + link.search);
  await follow(p, () => p.locator("form[action='/registrieren/bestaetigen'] button[type=submit]").click());
  assert.equal(pathOf(p), `/anmelden?hinweis=bestaetigt&next=${encodeURIComponent(invitation)}`);
  await p.fill("#email", "neu@heim.example");
  await p.fill("#password", PASSWORD);
  await follow(p, () => p.locator("form[action='/anmelden'] button[type=submit]").click());
  assert.equal(pathOf(p), invitation);
  await follow(p, () => p.getByRole("button", { name: "Einladung annehmen" }).click());
  assert.match(await p.getByRole("main").innerText(), /Ihr Konto ist jetzt der Einrichtung/);
});
