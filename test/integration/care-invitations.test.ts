/**
 * Issue 17, third slice: provider invitations by mail (token hash, expiry, single use, revoke, wrong
 * account), the JSON search API with the page's filters (same results as the page; 400 on bad input),
 * withdrawing requests (only one's own; the provider is told), the retention job (only old closed
 * requests), requester mails in the account's language.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { deleteClosedRequests, seedCareDemo } from "../../src/modules/care/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const NEUENBUERG = "08236043";
const names = (body: string) => [...body.matchAll(/<h3 class="kern-heading-small">\s*<a class="kern-link" href="\/pflegeplaetze\/anbieter\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
type Db = Awaited<ReturnType<typeof buildTestApp>>["db"];
const providerIdOf = async (db: Db, name: string) => (await db.selectFrom("care_providers").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
const tokenOfLastInvitation = async (db: Db) => {
  const m = await db.selectFrom("mail_queue").select(["recipient", "body"]).where("kind", "=", "care.invitation").orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
  return { to: m.recipient, token: /\/pflegeplaetze\/einladung\?t=([A-Za-z0-9_-]{32})/.exec(m.body ?? "")![1]! };
};

test("invitations: staff invite by mail; only the token's hash is stored; sign in, accept once; expired, used and revoked links fail clearly", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = await providerIdOf(db, "Pflegeheim Am Enzufer (Demo)");
  const staff = await signedIn(app, db, { email: "pflegestuetzpunkt@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const page = `/verwaltung/pflege/${home}/einladungen`;
  assert.match((await staff.get(`/verwaltung/pflege/${home}`)).body, new RegExp(`href="${page}"`));

  // Bad input: errors at the field; a staff address cannot be invited; citizens may not invite (403).
  const bad = await staff.submit(page, page, { email: "kein-mail" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="email-error"/);
  assert.match(bad.body, /value="kein-mail"/, "what was typed is kept");
  assert.equal((await staff.submit(page, page, { email: "pflegestuetzpunkt@enzkreis.example" })).statusCode, 422);
  const citizen = await signedIn(app, db, { email: "buerger@example.org", kind: "citizen" });
  assert.equal((await citizen.get(page)).statusCode, 403);

  // The invitation: a mail with the token link; the database holds only its SHA-256.
  assert.equal((await staff.submit(page, page, { email: "Leitung@Heim.example" })).statusCode, 303);
  const { to, token } = await tokenOfLastInvitation(db);
  assert.equal(to, "Leitung@Heim.example");
  const rows = await db.selectFrom("care_invitations").selectAll().execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.token_hash, createHash("sha256").update(token).digest("hex"));
  assert.doesNotMatch(JSON.stringify(rows), new RegExp(token));
  assert.equal(rows[0]!.email, "leitung@heim.example");
  assert.ok(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime() === 14 * 86_400_000, "expires after CARE_INVITATION_DAYS (14)");
  assert.match((await staff.get(page)).body, /leitung@heim\.example[\s\S]*offen/);

  // Opened without login: who invites for what, and sign in / register.
  const link = `/pflegeplaetze/einladung?t=${token}`;
  const anon = await new Client(app).get(link);
  assert.equal(anon.statusCode, 200);
  assert.match(anon.body, /Pflegeheim Am Enzufer \(Demo\)/);
  assert.match(anon.body, new RegExp(`href="/anmelden\\?next=${encodeURIComponent(link).replace(/[?]/g, "\\?")}"`));
  assert.match(anon.body, new RegExp(`href="/registrieren\\?next=${encodeURIComponent(link).replace(/[?]/g, "\\?")}"`), "registration returns to the invitation");
  // Unknown and malformed tokens: 404 with a German message.
  const unknown = await new Client(app).get(`/pflegeplaetze/einladung?t=${"x".repeat(32)}`);
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /Diese Einladung gibt es nicht/);
  assert.equal((await new Client(app).get("/pflegeplaetze/einladung?t=kurz")).statusCode, 404);

  // Another account (other address) is told to sign in with the invited one and cannot accept.
  assert.equal((await citizen.get(link)).statusCode, 403);
  assert.equal((await citizen.submit("/pflegeplaetze/meine", "/pflegeplaetze/einladung", { t: token })).statusCode, 403);
  // Staff accounts cannot accept either.
  assert.equal((await staff.get(link)).statusCode, 403);

  // The invited person signs in through the login's return link and accepts.
  const invited = await signedIn(app, db, { email: "leitung@heim.example", kind: "citizen" });
  const accept = await invited.submit(link, "/pflegeplaetze/einladung", { t: token });
  assert.equal(accept.statusCode, 303, accept.body);
  assert.equal(accept.headers.location, `/pflegeplaetze/anbieter/${home}/melden?ok=eingeladen`);
  assert.match((await invited.get(accept.headers.location as string)).body, /Ihr Konto ist jetzt der Einrichtung/);
  assert.equal((await db.selectFrom("care_provider_members").select("user_id").where("provider_id", "=", home).execute()).length, 1);

  // Single use: the link fails afterwards, for everybody.
  const again = await invited.get(link);
  assert.equal(again.statusCode, 410);
  assert.match(again.body, /bereits angenommen/);
  assert.equal((await invited.submit("/pflegeplaetze/meine", "/pflegeplaetze/einladung", { t: token })).statusCode, 410);

  // Expired: a second invitation past its expiry.
  assert.equal((await staff.submit(page, page, { email: "nacht@heim.example" })).statusCode, 303);
  const expired = await tokenOfLastInvitation(db);
  await db.updateTable("care_invitations").set({ expires_at: sql`now() - interval '1 minute'` }).where("email", "=", "nacht@heim.example").execute();
  const late = await signedIn(app, db, { email: "nacht@heim.example", kind: "citizen" });
  const lateGet = await late.get(`/pflegeplaetze/einladung?t=${expired.token}`);
  assert.equal(lateGet.statusCode, 410);
  assert.match(lateGet.body, /Diese Einladung ist abgelaufen/);
  assert.equal((await late.post("/pflegeplaetze/einladung", { _csrf: /name="_csrf" value="([^"]+)"/.exec(lateGet.body)![1]!, t: expired.token })).statusCode, 410);

  // Revoked: staff revoke an open invitation; the link then fails; a used one cannot be revoked.
  assert.equal((await staff.submit(page, page, { email: "tag@heim.example" })).statusCode, 303);
  const revoked = await tokenOfLastInvitation(db);
  const list = (await staff.get(page)).body;
  const revokeAction = /action="(\/verwaltung\/pflege\/[^"]+\/einladungen\/[0-9a-f]{64}\/widerrufen)"/.exec(list)![1]!;
  assert.equal([...list.matchAll(/\/widerrufen"/g)].length, 1, "only the open invitation can be revoked");
  assert.equal((await citizen.post(revokeAction, { _csrf: "x" })).statusCode, 403);
  assert.equal((await staff.submit(page, revokeAction, {})).statusCode, 303);
  assert.equal((await staff.submit(page, revokeAction, {})).statusCode, 404, "twice: nothing to revoke");
  const usedHash = createHash("sha256").update(token).digest("hex");
  assert.equal((await staff.submit(page, `/verwaltung/pflege/${home}/einladungen/${usedHash}/widerrufen`, {})).statusCode, 404);
  const tag = await signedIn(app, db, { email: "tag@heim.example", kind: "citizen" });
  const revokedGet = await tag.get(`/pflegeplaetze/einladung?t=${revoked.token}`);
  assert.equal(revokedGet.statusCode, 410);
  assert.match(revokedGet.body, /zurückgenommen/);
  assert.equal((await tag.submit("/pflegeplaetze/meine", "/pflegeplaetze/einladung", { t: revoked.token })).statusCode, 410);
  assert.equal((await db.selectFrom("care_provider_members").select("user_id").where("provider_id", "=", home).execute()).length, 1);

  // Staff see every state.
  const states = (await staff.get(page)).body;
  for (const s of ["angenommen", "abgelaufen", "zurückgenommen"]) assert.match(states, new RegExp(`<td[^>]*>${s}`), s);

  // Audited, without addresses.
  const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "details"]).where("action", "like", "care.invitation%").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["care.invitation_sent", "care.invitation_accepted", "care.invitation_sent", "care.invitation_sent", "care.invitation_revoked"]);
  assert.doesNotMatch(JSON.stringify(audit), /heim\.example|Heim\.example/);
});

test("JSON search API: the page's filters with the same results; 400 on bad input", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const c = new Client(app);
  const tomorrow = addDays(berlinDate(new Date()), 1);
  const api = async (q: string) => {
    const res = await c.get(`/api/v1/care/providers?${q}`);
    assert.equal(res.statusCode, 200, `${q}: ${res.body}`);
    return JSON.parse(res.body) as { items: Array<{ name: string; distanceKm?: number }> };
  };
  // Same filters, same providers in the same order as the page (one search code).
  const pairs: Array<[string, string]> = [
    [`ags=${NEUENBUERG}&radius=25&kind=kurzzeit&neededFrom=${tomorrow}`, `gemeinde=${NEUENBUERG}&umkreis=25&art=kurzzeit&ab=${tomorrow}`],
    [`ags=${NEUENBUERG}&radius=25&kind=kurzzeit&specialisation=demenz&language=tr`, `gemeinde=${NEUENBUERG}&umkreis=25&art=kurzzeit&spez=demenz&sprache=tr`],
    ["postcode=75305&radius=25&kind=kurzzeit", "plz=75305&umkreis=25&art=kurzzeit"],
    ["accessible=true&kind=stationaer", "barrierefrei=ja&art=stationaer"],
  ];
  for (const [q, html] of pairs) {
    const fromApi = (await api(q)).items.map((i) => i.name);
    assert.ok(fromApi.length > 0, q);
    assert.deepEqual(fromApi, names((await c.get(`/pflegeplaetze?${html}`)).body), q);
  }
  const wide = await api(`ags=${NEUENBUERG}&radius=25&kind=kurzzeit`);
  assert.ok(wide.items.every((i) => typeof i.distanceKm === "number" && i.distanceKm <= 25));
  assert.ok((await api(`ags=${NEUENBUERG}&radius=15&kind=kurzzeit`)).items.length < wide.items.length);
  // Several specialisations: all must apply.
  const both = await api("specialisation=demenz&specialisation=palliativ");
  const demenz = await api("specialisation=demenz");
  assert.ok(both.items.length < demenz.items.length);
  assert.equal((await api("accessible=false")).items.length, (await api("")).items.length, "accessible=false does not filter");

  // Bad input → 400 problem (schema-first), a radius without a centre too; a postcode outside the county → 422.
  for (const q of ["radius=7&ags=08236043", "radius=15", "neededFrom=morgen", "neededFrom=2026-02-30", "specialisation=schach", "language=xx", "accessible=vielleicht", "kind=zelt", "postcode=7530", `neededFrom=${addDays(berlinDate(new Date()), 400)}`]) {
    const res = await c.get(`/api/v1/care/providers?${q}`);
    assert.equal(res.statusCode, 400, `${q}: ${res.body}`);
    assert.match(res.headers["content-type"] as string, /application\/problem\+json/);
  }
  assert.equal((await c.get("/api/v1/care/providers?postcode=10115&radius=15")).statusCode, 422);
});

test("requests: withdraw only one's own (link or account), the provider is told; answers refused; mails in the account's language; retention deletes only old closed requests", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = await providerIdOf(db, "Pflegeheim Am Enzufer (Demo)");
  const staff = await signedIn(app, db, { email: "pflegestuetzpunkt@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const homeAccount = await signedIn(app, db, { email: "heim@example.org", kind: "citizen" });
  assert.equal((await staff.submit(`/verwaltung/pflege/${home}`, `/verwaltung/pflege/${home}/konten`, { memberEmail: "heim@example.org" })).statusCode, 303);
  const family = await signedIn(app, db, { email: "family@example.org", kind: "citizen" });
  await db.updateTable("users").set({ locale: "en" }).where("email", "=", "family@example.org").execute();
  const other = await signedIn(app, db, { email: "andere@example.org", kind: "citizen" });
  const tomorrow = addDays(berlinDate(new Date()), 1);
  const form = `/pflegeplaetze/anfrage?anbieter=${home}`;
  const send = async (c: Client) => {
    const res = await c.submit(form, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: NEUENBUERG });
    assert.equal(res.statusCode, 303, res.body);
    return (res.headers.location as string).split("?")[0]!;
  };
  const secretUrl = await send(family);
  const requestId = (await db.selectFrom("care_requests").select("id").executeTakeFirstOrThrow()).id;

  // The provider answers: the family's mail is in English (the account's language).
  const inbox = `/pflegeplaetze/anbieter/${home}/anfragen`;
  assert.equal((await homeAccount.submit(inbox, `${inbox}/${requestId}`, { [`antwort-${requestId}`]: "callback" })).statusCode, 303);
  const answered = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "care.request_answered").executeTakeFirstOrThrow();
  assert.equal(answered.recipient, "family@example.org");
  assert.equal(answered.subject, "Answer to your request in the care-place exchange");

  // Another account sees nothing of it and cannot withdraw it (404, nothing changes).
  assert.doesNotMatch((await other.get("/pflegeplaetze/anfragen")).body, /zurueckziehen/);
  const foreign = await other.submit("/pflegeplaetze/anfragen", `/pflegeplaetze/anfragen/${requestId}/zurueckziehen`, {});
  assert.equal(foreign.statusCode, 404);
  assert.equal((await db.selectFrom("care_requests").select("withdrawn_at").where("id", "=", requestId).executeTakeFirstOrThrow()).withdrawn_at, null);
  assert.equal((await other.submit("/pflegeplaetze/anfragen", "/pflegeplaetze/anfragen/kein-uuid/zurueckziehen", {})).statusCode, 404);

  // The family withdraws from "Meine Anfragen": the provider is told (link only), the family gets an English confirmation.
  const mine = await family.get("/pflegeplaetze/anfragen");
  assert.match(mine.body, new RegExp(`action="/pflegeplaetze/anfragen/${requestId}/zurueckziehen"`));
  const w = await family.submit("/pflegeplaetze/anfragen", `/pflegeplaetze/anfragen/${requestId}/zurueckziehen`, {});
  assert.equal(w.statusCode, 303);
  assert.equal(w.headers.location, "/pflegeplaetze/anfragen?zurueckgezogen=1");
  assert.ok((await db.selectFrom("care_requests").select("withdrawn_at").where("id", "=", requestId).executeTakeFirstOrThrow()).withdrawn_at);
  const told = await db.selectFrom("mail_queue").select(["recipient", "body"]).where("kind", "=", "care.request_withdrawn").execute();
  assert.deepEqual(told.map((m) => m.recipient), ["heim@example.org"]);
  assert.match(told[0]!.body ?? "", new RegExp(`/pflegeplaetze/anbieter/${home}/anfragen`));
  assert.doesNotMatch(told[0]!.body ?? "", /Kurzzeit|Neuenbürg|family/);
  assert.equal((await db.selectFrom("mail_queue").select("subject").where("kind", "=", "care.request_withdrawn_requester").executeTakeFirstOrThrow()).subject, "Your request in the care-place exchange was withdrawn");
  // Twice: nothing more happens.
  assert.equal((await family.post(`/pflegeplaetze/anfragen/${requestId}/zurueckziehen`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await family.get("/pflegeplaetze/anfragen")).body)![1]! })).statusCode, 303);
  assert.equal((await db.selectFrom("mail_queue").select("id").where("kind", "=", "care.request_withdrawn").execute()).length, 1);
  assert.match((await family.get(secretUrl)).body, /Withdrawn on|Zurückgezogen am/);

  // The provider's inbox shows it withdrawn; an answer is refused.
  const inboxPage = await homeAccount.get(inbox);
  assert.match(inboxPage.body, /Zurückgezogen am/);
  assert.doesNotMatch(inboxPage.body, new RegExp(`action="${inbox}/${requestId}"`));
  assert.equal((await homeAccount.submit(inbox, `${inbox}/${requestId}`, { [`antwort-${requestId}`]: "available" })).statusCode, 409);

  // Anonymous requester: withdraws through the secret link; a wrong secret is 404.
  const anon = new Client(app);
  const anonUrl = await send(anon);
  assert.equal((await anon.submit(anonUrl, `${anonUrl}/zurueckziehen`, {})).statusCode, 303);
  assert.match((await anon.get(anonUrl)).body, /Zurückgezogen am/);
  assert.equal((await anon.submit(form, `/pflegeplaetze/anfrage/${"a".repeat(32)}/zurueckziehen`, {})).statusCode, 404);
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "care.request_withdrawn").execute();
  assert.deepEqual(audit.map((a) => (a.details as { by: string }).by), ["account", "link"]);

  // Retention: only requests closed more than CARE_REQUEST_RETENTION_MONTHS (6) ago go, with their answers.
  const today = berlinDate(new Date());
  const open = await send(other); // needed tomorrow, open
  void open;
  const make = async (neededFrom: string, withdrawnDaysAgo: number | null) => {
    const r = await db
      .insertInto("care_requests")
      .values({ kind: "kurzzeit", needed_from: neededFrom, ags: NEUENBUERG, consent: false, requester_id: null, secret_hash: createHash("sha256").update(`${neededFrom}-${withdrawnDaysAgo}-${Math.random()}`).digest("hex"), client_hash: "x", withdrawn_at: withdrawnDaysAgo === null ? null : sql<Date>`now() - make_interval(days => ${withdrawnDaysAgo})` as never })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("care_request_recipients").values({ request_id: r.id, provider_id: home, answer: null, answered_at: null, answered_by: null }).execute();
    return r.id;
  };
  const oldPast = await make(addDays(today, -200), null); // date needed 200 days ago: closed long ago → deleted
  const recentPast = await make(addDays(today, -100), null); // closed 100 days ago → kept
  const oldWithdrawn = await make(addDays(today, -250), 200); // withdrawn 200 days ago → deleted
  const recentWithdrawn = await make(addDays(today, -250), 10); // withdrawn 10 days ago → kept (closed when withdrawn)
  const futureOpen = await make(addDays(today, 30), null); // open → kept
  const before = (await db.selectFrom("care_requests").select("id").execute()).length;
  assert.equal(await deleteClosedRequests(db, config.care.requestRetentionMonths), 2);
  const left = new Set((await db.selectFrom("care_requests").select("id").execute()).map((r) => r.id));
  assert.equal(left.size, before - 2);
  for (const id of [recentPast, recentWithdrawn, futureOpen, requestId]) assert.ok(left.has(id), id);
  for (const id of [oldPast, oldWithdrawn]) assert.ok(!left.has(id), id);
  assert.equal((await db.selectFrom("care_request_recipients").select("request_id").where("request_id", "in", [oldPast, oldWithdrawn]).execute()).length, 0);
  assert.equal(await deleteClosedRequests(db, config.care.requestRetentionMonths), 0, "second run: nothing left to delete");
  assert.ok(app.registry.jobs.some((j) => j.name === "care-request-retention"), "registered as a module job");
});
