/** Issue 24 item 7 in the browser: "Entwurf löschen" from "Meine Anträge", confirmed, axe on every page. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword } from "../../src/platform/auth/password.js";
import { systemContext } from "../../src/platform/commands.js";
import { draftCreator } from "../../src/modules/applications/commands/draftSaver.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("a citizen deletes a started draft from Meine Anträge after a confirmation page (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const user = await b.db
    .insertInto("users")
    .values({ kind: "citizen", email: "erika@example.org", display_name: "Erika Mustermann", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const form = (await findForm(b.db, "hundesteuer-anmeldung"))!;
  const draftId = await draftCreator({ ...systemContext(b.db), actor: { type: "user", id: user.id } }, { formId: form.id, formVersion: form.version, userId: user.id, anonTokenHash: null, values: {} });

  const page = await b.newPage();
  await logIn(page, "erika@example.org", PASSWORD);
  await visit(page, "/antraege");
  const main = page.getByRole("main");
  assert.match(await main.innerText(), /30 Tage/);
  await follow(page, () => main.getByRole("link", { name: new RegExp(`^Entwurf löschen\\W+${form.title}$`) }).click());
  assert.equal(pathOf(page), `/antraege/entwurf/${draftId}/loeschen`);
  assert.match(await main.innerText(), new RegExp(form.title));
  await follow(page, () => main.getByRole("button", { name: "Ja, Entwurf endgültig löschen" }).click());
  assert.equal(pathOf(page), "/antraege?entwurf=geloescht");
  assert.match(await main.innerText(), /Der Entwurf wurde gelöscht/);
  assert.match(await main.innerText(), /Keine begonnenen Anträge/);
});
