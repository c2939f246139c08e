/**
 * "Wo steht mein Antrag?" in the assistant (issue 19): a signed-in person gets their own cases (the cases
 * module's account query) with status and link – never another person's –; an anonymous person and the
 * phone/JSON API get the hint to sign in. The status and its link are the ones the mailbox shows.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTestApp, Client, signedIn, type TestApp } from "../helpers.js";
import { submitDogRegistration } from "../support/dogRegistration.js";
import { statusUrlFor } from "../../src/modules/applications/index.js";
import { RECEIPT_LIMIT } from "../../src/modules/assistant/dialogue.js";

/** A dog registration by `userId` (the web flow's service); returns its reference. */
const submitFor = (ta: TestApp, userId: string, dog: string) => submitDogRegistration(ta.db, ta.config, userId, dog);

/** The last assistant turn of the chat page: its text (tags removed) and its links. */
async function ask(c: Client, text: string): Promise<{ text: string; links: string[] }> {
  assert.equal((await c.submit("/assistent", "/assistent", { nachricht: text })).statusCode, 303);
  const html = (await c.get("/assistent")).body;
  const turns = [...html.matchAll(/<li class="kp-assistant-turn kp-assistant-turn--assistant"[^>]*>([\s\S]*?)<\/li>\s*(?=<li class="kp-assistant-turn|<\/ol>)/g)];
  const last = turns[turns.length - 1]?.[1] ?? "";
  return {
    text: last.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim(),
    links: [...last.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")),
  };
}

test("'wo steht mein antrag': own cases with status and link, only one's own; anonymous and the API get the sign-in hint", async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const erika = await signedIn(app, db, { email: "erika@example.org", kind: "citizen" });
  const otto = await signedIn(app, db, { email: "otto@example.org", kind: "citizen" });
  const ids = Object.fromEntries((await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]));
  const erikaRefs = [await submitFor(ta, ids["erika@example.org"]!, "Bello"), await submitFor(ta, ids["erika@example.org"]!, "Rex")];
  const ottoRef = await submitFor(ta, ids["otto@example.org"]!, "Hasso");
  const cases = await db.selectFrom("cases").select(["reference"]).execute();
  assert.equal(cases.length, 3, "each submission opened a case");

  // Erika: both of her cases (newest first), status and the mailbox link; nothing of Otto's.
  const a = await ask(erika, "Wo steht mein Antrag?");
  assert.match(a.text, /Sie haben 2 Anträge/);
  for (const ref of erikaRefs) {
    assert.match(a.text, new RegExp(`„Hund zur Hundesteuer anmelden“ \\(${ref}\\): Eingegangen\\.`));
    assert.ok(a.links.includes(`/postfach/${ref}`), `link to ${ref} in ${a.links.join(" ")}`);
  }
  assert.ok(a.text.indexOf(erikaRefs[1]!) < a.text.indexOf(erikaRefs[0]!), "newest first");
  assert.ok(!a.text.includes(ottoRef) && !a.links.some((l) => l.includes(ottoRef)), "not another person's case");
  assert.ok(a.links.includes("/antraege"));
  // The link opens the case for her (mailbox with its status), and Otto's case not.
  assert.equal((await erika.get(`/postfach/${erikaRefs[0]}`)).statusCode, 200);
  assert.notEqual((await erika.get(`/postfach/${ottoRef}`)).statusCode, 200);

  // Otto, in other words: only his one case.
  const o = await ask(otto, "status meines antrags");
  assert.match(o.text, /Sie haben einen Antrag: „Hund zur Hundesteuer anmelden“/);
  assert.match(o.text, new RegExp(ottoRef));
  assert.ok(!erikaRefs.some((r) => o.text.includes(r) || o.links.some((l) => l.includes(r))));

  // A status change is what the answer says (the cases module's citizen status).
  await db.updateTable("cases").set({ citizen_status: "in_progress" }).where("reference", "=", ottoRef).execute();
  assert.match((await ask(otto, "was ist mit meinem Antrag")).text, /: In Bearbeitung\./);

  // Without an account: the reference and status code of the receipt, or signing in; no case of anyone.
  const anon = new Client(app);
  const h = await ask(anon, "Wo steht mein Antrag?");
  assert.match(h.text, /Aktenzeichen und den Statuscode aus Ihrer Eingangsbestätigung/);
  assert.match(h.text, /melden Sie sich an/);
  assert.ok(h.links.includes("/anmelden?next=%2Fantraege"), h.links.join(" "));
  assert.ok(![...erikaRefs, ottoRef].some((r) => h.text.includes(r)));

  // The JSON API (phone) has no account: the same hint.
  const api = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "where is my application" } });
  assert.equal(api.statusCode, 200);
  assert.match(api.json().reply.text, /Statuscode/);
  assert.equal(api.json().reply.links[0].kind, "login");

  // A signed-in person without cases is told so (no guess from the catalogue).
  const neu = await signedIn(app, db, { email: "neu@example.org", kind: "citizen" });
  assert.match((await ask(neu, "Wie steht es um meinen Antrag?")).text, /finde ich keinen Antrag/);

  // A service question is still a service question.
  assert.doesNotMatch((await ask(erika, "Antrag auf Wohngeld")).text, /Sie haben 2 Anträge/);
});

test("without an account: the receipt's reference and status code give the status; a wrong code and an unknown reference get the same answer; the code is not stored; limited per address", async (t) => {
  const ta = await buildTestApp(t);
  const { app, db, config } = ta;
  await signedIn(app, db, { email: "erika@example.org", kind: "citizen" });
  const erikaId = (await db.selectFrom("users").select("id").where("email", "=", "erika@example.org").executeTakeFirstOrThrow()).id;
  const ref = await submitFor(ta, erikaId, "Bello");
  const other = await submitFor(ta, erikaId, "Rex");
  const sub = await db.selectFrom("application_submissions").select("id").where("reference", "=", ref).executeTakeFirstOrThrow();
  const link = await statusUrlFor(db, config, sub.id, ref);
  const code = new URL(link).searchParams.get("code")!;
  assert.ok(code.length >= 16);
  await db.updateTable("cases").set({ citizen_status: "in_progress" }).where("reference", "=", ref).execute();

  const anon = new Client(app);
  // The pair in one message: the status label, nothing else of the case.
  const ok = await ask(anon, `${ref} ${code}`);
  assert.match(ok.text, new RegExp(`Ihr Antrag „Hund zur Hundesteuer anmelden“ \\(${ref}\\): In Bearbeitung\\.`));
  assert.ok(!ok.text.includes("Bello"), "no answers of the form");
  assert.ok(!ok.links.some((l) => l.includes(code)), "the code is not put into a link");
  // The status link pasted whole works the same.
  assert.match((await ask(anon, `hier mein link: ${link}`)).text, /: In Bearbeitung\./);

  // The reference alone: asked for the code too, nothing of the case told (the same for an unknown reference).
  const alone = await ask(anon, `wie ist der stand von ${ref.toLowerCase()}?`);
  assert.match(alone.text, new RegExp(`Zum Aktenzeichen ${ref} brauche ich noch den Statuscode`));
  assert.ok(!alone.text.includes("In Bearbeitung") && !alone.text.includes("Hund"));
  assert.equal((await ask(anon, "EK-2026-999999")).text, alone.text.replaceAll(ref, "EK-2026-999999"));
  // A wrong code, another case's reference with this code, an unknown reference: one and the same answer.
  const wrong = await ask(anon, `${ref} ${code.slice(0, -2)}Zz`);
  const foreign = await ask(anon, `${other} ${code}`);
  const unknown = await ask(anon, `EK-2026-999999 ${code}`);
  assert.match(wrong.text, /finde ich keinen Antrag/);
  assert.equal(foreign.text, wrong.text);
  assert.equal(unknown.text, wrong.text);
  assert.ok(![ref, other].some((r) => wrong.text.includes(r) || foreign.text.includes(r)));

  // The code never reaches the stored conversation (it is a secret; turns live a day and go into handoffs).
  const stored = await db.selectFrom("assistant_turns").select("text").where("role", "=", "user").execute();
  assert.ok(stored.length >= 5);
  assert.ok(stored.every((r) => !r.text.includes(code) && !r.text.includes(code.slice(0, -2))), stored.map((r) => r.text).join(" | "));
  assert.ok(stored.some((r) => r.text.includes(`${ref} [Statuscode]`)));

  // Per client address: after RECEIPT_LIMIT.max tries in the window even the right pair only gets "later".
  const api = (text: string, ip: string) => app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text }, remoteAddress: ip });
  for (let i = 0; i < RECEIPT_LIMIT.max; i++) assert.match((await api(`${ref} wrongCode${i}xxxxxxxxxxxx`, "10.9.9.9")).json().reply.text, /keinen Antrag/);
  const limited = (await api(`${ref} ${code}`, "10.9.9.9")).json().reply.text as string;
  assert.match(limited, /zu oft/);
  assert.ok(!limited.includes("In Bearbeitung"));
  // Another address is not affected; the JSON API answers like the page.
  assert.match((await api(`${ref} ${code}`, "10.9.9.10")).json().reply.text, /: In Bearbeitung\./);
});
