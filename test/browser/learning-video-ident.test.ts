/**
 * Issue 20 in the browser: a course with video identification. The guest books a slot of the Gesundheitsamt (a
 * missing choice first: the error at the field), sees the meeting link; the Lernredaktion confirms the identity;
 * the guest's quiz opens. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, cp, readFile, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";
import { versionPublisher } from "../../src/modules/learning/index.js";
import { COURSES_DIR } from "../../src/modules/learning/courses.js";
import { systemContext } from "../../src/platform/commands.js";

test("issue 20: video identification in the browser — book a slot, staff confirm, the quiz opens (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-courses-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(COURSES_DIR, "infektionsschutz-43"), path.join(dir, "belehrung-video"), { recursive: true });
  const json = JSON.parse(await readFile(path.join(dir, "belehrung-video", "course.json"), "utf8")) as Record<string, unknown>;
  // Without a fee, so the page goes straight to the identification (the payment is covered by the other tests).
  await writeFile(path.join(dir, "belehrung-video", "course.json"), JSON.stringify({ ...json, feeCents: 0, identification: "video" }));
  assert.equal((await versionPublisher(systemContext(b.db), "belehrung-video", dir)).kind, "published");
  const PASSWORD = "Ein langes Testpasswort 2026";
  const { createTestUser } = await import("../helpers.js");
  await createTestUser(b.db, { email: "gesundheitsamt@enzkreis.example", kind: "staff", roles: ["admin"], password: PASSWORD });

  const page = await b.newPage();
  const main = page.getByRole("main");
  await visit(page, "/sprache?lang=en&next=/kurse/belehrung-video");
  await page.fill("#name", "Vera Video");
  await page.fill("#geburtsdatum", "1990-05-17");
  await page.fill("#email", "vera@example.org");
  await page.getByLabel("English").check();
  await page.getByLabel(/I am the person named above/).check();
  await follow(page, () => main.getByRole("button", { name: "Continue" }).click());
  const overview = pathOf(page);
  assert.match(await main.innerText(), /Confirm your identity by video/);
  await follow(page, () => main.getByRole("button", { name: "Book appointment" }).click());
  assert.match(await page.locator("#termin-error").innerText(), /Please choose an appointment/);
  await page.locator("input[name=termin]").first().check();
  await follow(page, () => main.getByRole("button", { name: "Book appointment" }).click());
  assert.match(await main.innerText(), /https:\/\/video-sandbox\.kreisportal\.example\/raum\/kreisportal-[0-9a-f]{32}/);

  const staff = await b.newPage();
  await logIn(staff, "gesundheitsamt@enzkreis.example", PASSWORD);
  await visit(staff, "/verwaltung/lernen/identifikation");
  assert.match(await staff.getByRole("main").innerText(), /Vera Video/);
  await follow(staff, () => staff.getByRole("main").getByRole("button", { name: "Identität bestätigt" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Ergebnis gespeichert\./);

  // The guest did the lessons meanwhile; now the quiz is open.
  for (const m of await b.db.selectFrom("learning_enrollments").select("id").where("holder_name", "=", "Vera Video").execute())
    await b.db.updateTable("learning_enrollments").set({ modules_done: (json.modules as Array<{ id: string }>).map((x) => x.id) }).where("id", "=", m.id).execute();
  await visit(page, overview);
  assert.match(await main.innerText(), /Identity confirmed/);
  assert.ok(await main.getByRole("button", { name: "Start the quiz" }).isVisible());
});
