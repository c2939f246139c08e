/**
 * Issue 11 item 3: the web flow and the API complete a submission the same way (completeSubmission):
 * the confirmation mail in the reader's language, a "pay before" fee asked for before the case opens,
 * and the mail queued in the submitting transaction (no submission without its mail).
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { buildTestApp, buildTestAppWithPayments, createTestUser } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { systemContext } from "../../src/platform/commands.js";
import { apiTokenIssuer } from "../../src/modules/accounts/commands/apiTokenIssuer.js";


const submitApi = (app: FastifyInstance, formId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: `/api/v1/forms/${formId}/submissions`, headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify(body) });

const withPayments = (t: TestContext) => buildTestAppWithPayments(t);

test("gh-11: an API submission is confirmed in the client's language (Accept-Language), like the web flow", async (t) => {
  const { app, mail } = await buildTestApp(t);
  const res = await submitApi(app, "hundesteuer-anmeldung", { ...validAnswers["hundesteuer-anmeldung"]!, email: "reader@example.org" }, { "accept-language": "en-GB,en;q=0.9" });
  assert.equal(res.statusCode, 201, res.body);
  const reference = res.json().reference as string;
  const m = await mail.waitFor("reader@example.org", (x) => x.subject.includes(reference));
  assert.equal(m.subject, `Receipt ${reference}: Hund zur Hundesteuer anmelden`);
  assert.match(m.text, /Your application "Hund zur Hundesteuer anmelden" has been received/);
  // Without a preference: German.
  const de = await submitApi(app, "hundesteuer-anmeldung", { ...validAnswers["hundesteuer-anmeldung"]!, email: "leser@example.org" });
  assert.equal(de.statusCode, 201, de.body);
  assert.match((await mail.waitFor("leser@example.org")).subject, /^Eingangsbestätigung /);
});

test("gh-11: a token's submission is confirmed to the account holder in the account's language", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const userId = await createTestUser(db, { email: "kanzlei@example.org", kind: "citizen" });
  await db.updateTable("users").set({ locale: "en" }).where("id", "=", userId).execute();
  const issued = await apiTokenIssuer({ ...systemContext(db), actor: { type: "user", id: userId } }, { userId, name: "Office software", scopes: ["submissions:write"], expiresAt: new Date(Date.now() + 86_400_000) });
  assert.equal(issued.kind, "created");
  if (issued.kind !== "created") return;
  const res = await submitApi(app, "hundesteuer-anmeldung", validAnswers["hundesteuer-anmeldung"]!, { authorization: `Bearer ${issued.secret}` });
  assert.equal(res.statusCode, 201, res.body);
  const reference = res.json().reference as string;
  const m = await mail.waitFor("kanzlei@example.org", (x) => x.subject.includes(reference));
  assert.match(m.subject, /^Receipt /);
  assert.match(m.text, /through your API access "Office software"/);
});

test("gh-11: an API submission of a pay-before form waits for its fee like the web's: payment_pending, no case, the mail asks to pay first", async (t) => {
  const { app, db, mail } = await withPayments(t);
  const res = await submitApi(app, "kfz-ausserbetriebsetzung", { ...validAnswers["kfz-ausserbetriebsetzung"]!, email: "max@example.org" });
  assert.equal(res.statusCode, 201, res.body);
  const reference = res.json().reference as string;
  const sub = await db.selectFrom("application_submissions").select(["id", "status"]).where("reference", "=", reference).executeTakeFirstOrThrow();
  assert.equal(sub.status, "payment_pending");
  assert.equal((await db.selectFrom("cases").select("id").where("submission_id", "=", sub.id).execute()).length, 0, "no case before payment");
  const m = await mail.waitFor("max@example.org", (x) => x.subject.includes(reference));
  assert.match(m.text, /sobald die Gebühr von 5,70 € bezahlt ist/);
  assert.match(m.text, new RegExp(`Jetzt bezahlen: http://localhost:3000/antraege/eingang/${reference}\\?code=[\\w-]+`));
  // The pay link leads to the pending page with the pay button.
  const page = await app.inject({ url: new URL(linkAfter(m.text, "Jetzt bezahlen: ")).pathname + new URL(linkAfter(m.text, "Jetzt bezahlen: ")).search });
  assert.match(page.body, /Antrag noch nicht abgeschlossen/);
});

function linkAfter(text: string, label: string): string {
  const m = new RegExp(`${label}(\\S+)`).exec(text);
  assert.ok(m?.[1], text);
  return m[1];
}

test("gh-11: the confirmation mail is queued in the submitting transaction: when it cannot be queued, nothing is submitted", async (t) => {
  const { app, db } = await buildTestApp(t);
  // The queue refuses every insert (as a crash between the submission and its mail would leave it).
  await sql`CREATE FUNCTION refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'mail queue down'; END $$`.execute(db);
  await sql`CREATE TRIGGER refuse_mail BEFORE INSERT ON mail_queue FOR EACH ROW EXECUTE FUNCTION refuse_mail()`.execute(db);
  const res = await submitApi(app, "hundesteuer-anmeldung", { ...validAnswers["hundesteuer-anmeldung"]!, email: "lost@example.org" });
  assert.equal(res.statusCode, 500, res.body);
  assert.equal((await db.selectFrom("application_submissions").select("id").execute()).length, 0, "no submission whose confirmation was lost");
  assert.equal((await db.selectFrom("cases").select("id").execute()).length, 0);
});
