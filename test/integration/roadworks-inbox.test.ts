/**
 * Issue 15 (b): the road-works tasks appear in the staff inbox of the cases module through the module contract
 * (registry.staffTasks): the authority's next step (ask the parties; decide once all answered) and the
 * municipality's consent to give – only for members of the units concerned.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: road-works tasks in the staff inbox (/verwaltung/vorgaenge) for the units concerned only", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  assert.ok(app.registry.staffTasks.some((s) => s.label === "roadworks.tasks.title"), "declared in the module definition");
  const city = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const keltern = await staffOf(ta, "verkehr@keltern.example", "gem-08236070");
  const { c, companyId } = await companyAccount(ta, "bau@inbox.example", "Inbox Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const workId = await submitApplication(ta, c, application(companyId, start, addDays(start, 6), { titel: "Kanal Inbox" }));
  const reference = (await db.selectFrom("roadworks").select("reference").where("id", "=", workId).executeTakeFirstOrThrow()).reference;
  const inbox = async (client: typeof city) => (await client.get("/verwaltung/vorgaenge")).body;

  let body = await inbox(city);
  assert.match(body, new RegExp(`href="/verwaltung/baustellen/${workId}">Beteiligung einleiten: ${reference} – Kanal Inbox`));
  assert.doesNotMatch(await inbox(keltern), /Kanal Inbox/, "another municipality sees nothing");

  // Asked: the municipality's statement is a task with its deadline (Mühlacker is authority and municipality).
  const detail = `/verwaltung/baustellen/${workId}`;
  assert.equal((await city.submit(detail, `${detail}/beteiligen`, {})).statusCode, 303);
  body = await inbox(city);
  assert.match(body, new RegExp(`href="/verwaltung/baustellen/${workId}/stellungnahme-gemeinde">Stellungnahme der Gemeinde abgeben: ${reference}`));
  assert.match(body, /Frist \d{2}\.\d{2}\.\d{4}/);
  assert.doesNotMatch(body, /Beteiligung einleiten/);

  // All answered: the decision is the task.
  for (const party of ["municipality", "police", "bus"]) assert.equal((await city.submit(detail, `${detail}/zustimmung`, { party, [`antwort-${party}`]: "consent" })).statusCode, 303);
  body = await inbox(city);
  assert.match(body, new RegExp(`Alle Stellungnahmen liegen vor – anordnen oder ablehnen: ${reference}`));
  assert.doesNotMatch(body, /Stellungnahme der Gemeinde abgeben/);
  assert.equal((await city.submit(detail, `${detail}/anordnen`, {})).statusCode, 303);
  assert.doesNotMatch(await inbox(city), /Kanal Inbox/, "nothing left to do");
});
