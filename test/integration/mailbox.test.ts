import { test } from "node:test";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildTestApp, Client, deliverAllEvents, linkIn, type TestApp } from "../helpers.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import { systemContext } from "../../src/platform/commands.js";
import type { Db } from "../../src/platform/db/index.js";
import { startJobs } from "../../src/platform/jobs/index.js";
import { storeUpload } from "../../src/platform/files/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { caseTransitioner } from "../../src/modules/cases/commands/caseTransitioner.js";
import { deliverNotice } from "../../src/modules/mailbox/index.js";

const PASSWORD = "Ein langes Testpasswort 2026";
const FORM = "hundesteuer-anmeldung";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function account(app: FastifyInstance, db: Db, email: string, kind: "citizen" | "staff" = "citizen") {
  const user = await db
    .insertInto("users")
    .values({ kind, email, display_name: kind === "staff" ? "Sachbearbeitung Test" : "Erika Mustermann", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password: PASSWORD });
  assert.equal(res.statusCode, 303);
  return { c, id: user.id, email };
}

/** A dog registration submitted by `userId` (or anonymously) through the same service the web flow uses. */
async function buildSubmission(ta: TestApp, userId: string | null, email = "erika@example.org") {
  const form = (await findForm(ta.db, FORM))!;
  const out = await submitApplication(
    { ...systemContext(ta.db), actor: userId ? { type: "user", id: userId } : { type: "anonymous", id: null } },
    ta.config,
    form,
    {
      name: "Erika Mustermann",
      geburtsdatum: "1980-03-14",
      email,
      gemeinde: "08236040",
      anschrift: { strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" },
      hunde: [{ name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false }],
    },
    { source: "json", userId, channel: "web" },
  );
  assert.equal(out.kind, "created");
  if (out.kind !== "created") throw new Error("not created");
  const sub = await ta.db.selectFrom("application_submissions").select(["id"]).where("reference", "=", out.reference).executeTakeFirstOrThrow();
  return { ...out, id: sub.id, statusPath: new URL(out.statusUrl).pathname + new URL(out.statusUrl).search };
}

/** A staff member who may work on the case of the submission (member of the owning department). */
async function caseWorker(ta: TestApp, submissionId: string, email = "sachbearbeitung@example.org") {
  const staff = await account(ta.app, ta.db, email, "staff");
  const owner = await ta.db.selectFrom("cases").select("owner_unit_id").where("submission_id", "=", submissionId).executeTakeFirstOrThrow();
  await ta.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: owner.owner_unit_id }).execute();
  // Sessions load roles at login: log in again.
  const c = new Client(ta.app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: PASSWORD })).statusCode, 303);
  return { ...staff, c };
}

/** Posts a multipart form like a browser: text fields (with the page's CSRF token) and files. */
async function postMultipart(c: Client, app: FastifyInstance, pageUrl: string, action: string, fields: Record<string, string>, files: Array<{ field: string; filename: string; type: string; content: Buffer }> = []) {
  const page = await c.get(pageUrl);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(token, `no CSRF token on ${pageUrl} (${page.statusCode})`);
  const boundary = `----kp${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: token, ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.content, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return app.inject({ method: "POST", url: action, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
}

test("status URL: timeline as page and as JSON with the right code; wrong or missing code → 404", async (t) => {
  const ta = await buildTestApp(t);
  const sub = await buildSubmission(ta, null);
  const json = await ta.app.inject({ url: sub.statusPath, headers: { accept: "application/json" } });
  assert.equal(json.statusCode, 200, json.body);
  assert.match(json.headers["content-type"] as string, /application\/json/);
  const body = json.json() as { reference: string; status: string; timeline: Array<{ at: string; status: string; text: string }> };
  assert.equal(body.reference, sub.reference);
  assert.equal(body.status, "received");
  assert.ok(body.timeline.length >= 1);
  assert.equal(body.timeline[0]!.status, "received");
  assert.ok(!Number.isNaN(Date.parse(body.timeline[0]!.at)));
  assert.ok(body.timeline[0]!.text.length > 5);
  assert.deepEqual(Object.keys(body).sort(), ["reference", "status", "timeline"]);

  const page = await ta.app.inject({ url: sub.statusPath });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Eingegangen/);
  assert.match(page.body, new RegExp(sub.reference));

  for (const url of [`/antraege/status/${sub.reference}?code=falsch`, `/antraege/status/${sub.reference}`, `/antraege/status/EK-2026-999999?code=x`]) {
    const res = await ta.app.inject({ url, headers: { accept: "application/json" } });
    assert.equal(res.statusCode, 404, url);
    assert.doesNotMatch(res.body, /timeline/);
  }
});

test("status JSON by receipt code (one-query path, issue 13) equals the applicant's own view; another receipt's code does not open it", async (t) => {
  const ta = await buildTestApp(t);
  const a = await account(ta.app, ta.db, "status-own@example.org");
  const sub = await buildSubmission(ta, a.id, "status-own@example.org");
  const other = await buildSubmission(ta, null);
  const byCode = await ta.app.inject({ url: sub.statusPath, headers: { accept: "application/json" } });
  assert.equal(byCode.statusCode, 200, byCode.body);
  assert.equal(byCode.headers["cache-control"], "no-store");
  const cookie = [...a.c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const own = await ta.app.inject({ url: `/antraege/status/${sub.reference}`, headers: { accept: "application/json", cookie } });
  assert.equal(own.statusCode, 200, own.body);
  assert.deepEqual(byCode.json(), own.json(), "same document on the code path and on the signed-in path");
  const otherCode = new URL(other.statusPath, "http://x").searchParams.get("code")!;
  const crossed = await ta.app.inject({ url: `/antraege/status/${sub.reference}?code=${encodeURIComponent(otherCode)}`, headers: { accept: "application/json" } });
  assert.equal(crossed.statusCode, 404, "a code is bound to its own submission");
});

test("status URL is rate-limited per client", async (t) => {
  const ta = await buildTestApp(t);
  let last = 0;
  for (let i = 0; i < 35; i++) last = (await ta.app.inject({ url: `/antraege/status/EK-2026-000001?code=raten${i}`, remoteAddress: "203.0.113.9" })).statusCode;
  assert.equal(last, 429);
});

test("status JSON by receipt code counts against the same per-address limit as the page (one statement, ADR 0061)", async (t) => {
  const ta = await buildTestApp(t);
  const sub = await buildSubmission(ta, null);
  const json = (remoteAddress: string) => ta.app.inject({ url: sub.statusPath, headers: { accept: "application/json" }, remoteAddress });
  const first = await json("203.0.113.20");
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.headers["x-ratelimit-limit"], "30");
  assert.equal(first.headers["x-ratelimit-remaining"], "29");
  for (let i = 0; i < 14; i++) assert.equal((await json("203.0.113.20")).statusCode, 200);
  // The page and a wrong code take the full path and count in the same window.
  for (let i = 0; i < 15; i++) assert.notEqual((await ta.app.inject({ url: `/antraege/status/${sub.reference}?code=falsch${i}`, remoteAddress: "203.0.113.20" })).statusCode, 429);
  const limited = await json("203.0.113.20");
  assert.equal(limited.statusCode, 429);
  assert.ok(Number(limited.headers["retry-after"]) > 0);
  assert.equal(limited.headers["x-ratelimit-remaining"], "0");
  assert.equal(limited.json().status, 429);
  assert.equal(limited.json().reference, undefined, "a limited request reveals nothing of the case");
  assert.equal((await ta.app.inject({ url: sub.statusPath, remoteAddress: "203.0.113.20" })).statusCode, 429, "the page shares the limit");
  assert.equal((await json("203.0.113.21")).statusCode, 200, "another address has its own limit");
});

test("citizen A cannot read citizen B's mailbox, file or documents; anonymous is sent to login", async (t) => {
  const ta = await buildTestApp(t);
  const a = await account(ta.app, ta.db, "a@example.org");
  const b = await account(ta.app, ta.db, "b@example.org");
  const subB = await buildSubmission(ta, b.id, "b@example.org");
  assert.equal((await b.c.get(`/postfach/${subB.reference}`)).statusCode, 200);
  for (const url of [`/postfach/${subB.reference}`, `/akte/${subB.reference}`, `/akte/${subB.reference}/antrag.pdf`, `/akte/${subB.reference}/antrag.json`]) {
    const res = await a.c.get(url);
    assert.ok([403, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
    assert.doesNotMatch(res.body, /Bello/);
  }
  const post = await postMultipart(a.c, ta.app, "/antraege", `/postfach/${subB.reference}`, { nachricht: "Hallo" });
  assert.ok([403, 404].includes(post.statusCode), String(post.statusCode));
  assert.equal((await ta.db.selectFrom("mailbox_messages").select("id").execute()).length, 0);
  // The status page without code is not a back door either.
  assert.equal((await a.c.get(`/antraege/status/${subB.reference}`)).statusCode, 404);
  // Staff without access to the case.
  const other = await account(ta.app, ta.db, "fremd@example.org", "staff");
  assert.equal((await other.c.get(`/verwaltung/postfach/${subB.reference}`)).statusCode, 403);
  // Not logged in.
  const anon = new Client(ta.app);
  const res = await anon.get(`/postfach/${subB.reference}`);
  assert.equal(res.statusCode, 303);
  assert.match(res.headers.location as string, /^\/anmelden/);
});

test("request for documents round trip: staff request → action_required → citizen uploads into the mailbox → in progress; mails carry only a link", async (t) => {
  const ta = await buildTestApp(t);
  const jobs = await startJobs(ta.databaseUrl, ta.app, pino({ level: "silent" }));
  t.after(() => jobs.stop());
  const citizen = await account(ta.app, ta.db, "erika@example.org");
  const sub = await buildSubmission(ta, citizen.id);
  const staff = await caseWorker(ta, sub.id);
  const statusOf = async () => ((await ta.app.inject({ url: sub.statusPath, headers: { accept: "application/json" } })).json() as { status: string; timeline: Array<{ status: string }> });

  // Staff: invalid form keeps values and shows errors.
  const invalid = await postMultipart(staff.c, ta.app, `/verwaltung/postfach/${sub.reference}`, `/verwaltung/postfach/${sub.reference}`, { art: "document_request", betreff: "", nachricht: "Bitte Nachweis der Haftpflichtversicherung nachreichen." });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /Geben Sie einen Betreff ein/);
  assert.match(invalid.body, /Haftpflichtversicherung nachreichen/);

  const geheim = "Haftpflicht-Nachweis fehlt (vertraulich)";
  const sent = await postMultipart(staff.c, ta.app, `/verwaltung/postfach/${sub.reference}`, `/verwaltung/postfach/${sub.reference}`, { art: "document_request", betreff: geheim, nachricht: "Bitte laden Sie den Versicherungsnachweis hoch." }, [
    { field: "dateien", filename: "Merkblatt.pdf", type: "application/pdf", content: PDF },
  ]);
  assert.equal(sent.statusCode, 303, sent.body);
  assert.equal((await statusOf()).status, "action_required");

  // The mail arrives over real SMTP and carries only the reference and a link, no content.
  const mail = await ta.mail.waitFor("erika@example.org", (m) => /Neuigkeiten/.test(m.subject));
  assert.match(mail.text, new RegExp(`Es gibt Neuigkeiten zu Ihrem Antrag ${sub.reference}: http://localhost:3000/postfach/${sub.reference}`));
  assert.doesNotMatch(mail.raw, /Haftpflicht|Versicherungsnachweis|Merkblatt|Bello|Mustermann/);
  assert.doesNotMatch(mail.raw, /Content-Disposition: attachment/i);
  const link = linkIn(mail.text);

  // Citizen: list shows the status and the unread marker; the mailbox shows the request with its attachment.
  const list = await citizen.c.get("/antraege");
  assert.match(list.body, /Rückfrage an Sie/);
  assert.match(list.body, /1 ungelesen/);
  const box = await citizen.c.get(link);
  assert.equal(box.statusCode, 200);
  assert.match(box.body, /Nachforderung von Unterlagen/);
  assert.match(box.body, /Versicherungsnachweis/);
  assert.match(box.body, />Neu</);
  // Issue 24 item 15: the optional document name says "optional" once.
  assert.match(box.body, /Bezeichnung des Dokuments<span class="kern-label__optional"> – optional<\/span>/);
  assert.doesNotMatch(box.body, /optional[^<]*<span class="kern-label__optional">/);
  const attachment = /href="(\/akte\/[^"]+\/dokumente\/[^"]+\/1)"/.exec(box.body)?.[1];
  assert.ok(attachment);
  const dl = await citizen.c.get(attachment);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers["content-type"], "application/pdf");
  assert.match(dl.headers["content-disposition"] as string, /^attachment/);
  assert.doesNotMatch((await citizen.c.get("/antraege")).body, /ungelesen/);

  // A disguised upload (HTML named .pdf) is refused at the field, the text is kept.
  const bad = await postMultipart(citizen.c, ta.app, link, `/postfach/${sub.reference}`, { nachricht: "Anbei der Nachweis.", bezeichnung: "Versicherungsnachweis" }, [
    { field: "dateien", filename: "nachweis.pdf", type: "application/pdf", content: Buffer.from("<html><script>alert(1)</script></html>") },
  ]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Anbei der Nachweis/);
  assert.match(bad.body, /kern-error/);
  assert.equal((await statusOf()).status, "action_required");

  // The answer with the document: the case goes back to in progress.
  const answer = await postMultipart(citizen.c, ta.app, link, `/postfach/${sub.reference}`, { nachricht: "Anbei der Nachweis.", bezeichnung: "Versicherungsnachweis" }, [{ field: "dateien", filename: "nachweis.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(answer.statusCode, 303, answer.body);
  const after = await statusOf();
  assert.equal(after.status, "in_progress");
  const seq = after.timeline.map((e) => e.status);
  assert.equal(seq[0], "received");
  assert.equal(seq[seq.length - 1], "in_progress");
  assert.ok(seq.lastIndexOf("action_required") > 0 && seq.lastIndexOf("action_required") < seq.length - 1, seq.join(","));

  // A second upload under the same name is version 2; the file lists both, with who did it.
  const again = await postMultipart(citizen.c, ta.app, link, `/postfach/${sub.reference}`, { nachricht: "", bezeichnung: "Versicherungsnachweis" }, [{ field: "dateien", filename: "nachweis-neu.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(again.statusCode, 303, again.body);
  const file = await citizen.c.get(`/akte/${sub.reference}`);
  assert.equal(file.statusCode, 200);
  assert.match(file.body, /Versicherungsnachweis/);
  assert.match(file.body, /Antrag \(PDF\)/);
  assert.match(file.body, new RegExp(`/akte/${sub.reference}/dokumente/[0-9a-f-]+/2`));
  const versions = await ta.db.selectFrom("case_file_versions as v").innerJoin("case_file_documents as d", "d.id", "v.document_id").select(["d.name", "v.version", "v.added_by_type"]).where("d.name", "=", "Versicherungsnachweis").orderBy("v.version").execute();
  assert.deepEqual(
    versions.map((v) => [v.version, v.added_by_type]),
    [
      [1, "user"],
      [2, "user"],
    ],
  );
  const pdf = await citizen.c.get(`/akte/${sub.reference}/antrag.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.match(pdf.body.slice(0, 8), /%PDF/);

  // Staff see the answer with its upload, unread until opened.
  const staffBox = await staff.c.get(`/verwaltung/postfach/${sub.reference}`);
  assert.equal(staffBox.statusCode, 200);
  assert.match(staffBox.body, /Anbei der Nachweis/);
  assert.match(staffBox.body, /nachweis\.pdf/);
  assert.match(staffBox.body, />Neu</);

  // The decision: the case engine issues the notice; it arrives in the mailbox with its PDF and in the case file.
  const kase = await ta.db.selectFrom("cases").select(["id", "version", "owner_unit_id"]).where("submission_id", "=", sub.id).executeTakeFirstOrThrow();
  const decided = await caseTransitioner(
    { actor: { type: "staff", id: staff.id }, db: ta.db },
    { caseId: kase.id, event: "approve", version: kase.version, user: { id: staff.id, kind: "staff", isAdmin: false, orgUnitIds: [kase.owner_unit_id] } },
  );
  assert.equal(decided.kind, "ok", JSON.stringify(decided));
  // Called directly (not through a request or job): deliver the "case.changed" events now, as a request would.
  await deliverAllEvents(ta.app, ta.db);
  assert.equal((await statusOf()).status, "decided");
  const withNotice = await citizen.c.get(`/postfach/${sub.reference}`);
  assert.match(withNotice.body, /Bescheid: Hundesteuerbescheid/);
  const noticeLink = /href="(\/akte\/[^"]+\/dokumente\/[^"]+\/1)"[^>]*>\s*Hundesteuerbescheid/.exec(withNotice.body)?.[1];
  assert.ok(noticeLink, "notice attachment link");
  const noticePdf = await citizen.c.get(noticeLink);
  assert.equal(noticePdf.statusCode, 200);
  assert.equal(noticePdf.headers["content-type"], "application/pdf");
  assert.match(noticePdf.body.slice(0, 8), /%PDF/);
  assert.match((await citizen.c.get(`/akte/${sub.reference}`)).body, /Hundesteuerbescheid/);
  // Another citizen cannot fetch it.
  const stranger = await account(ta.app, ta.db, "fremd@example.org");
  assert.ok([403, 404].includes((await stranger.c.get(noticeLink)).statusCode));
  // Each change got its link-only mail (request, back in progress, decision); none carries content.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await ta.db.selectFrom("mailbox_notifications").select("id").where("sent_at", "is", null).execute()).length > 0) await new Promise((r) => setTimeout(r, 250));
  const news = ta.mail.mails.filter((m) => m.to.includes("erika@example.org") && /Neuigkeiten/.test(m.subject));
  assert.ok(news.length >= 2, `mails: ${news.length}`);
  for (const m of news) assert.doesNotMatch(m.raw, /Haftpflicht|Versicherungsnachweis|Bello|Mustermann|Hundesteuerbescheid|%PDF/);

  // After the decision no request for documents is possible: 409 with the reason at the field, nothing stored.
  const messagesBefore = (await ta.db.selectFrom("mailbox_messages").select("id").execute()).length;
  const late = await postMultipart(staff.c, ta.app, `/verwaltung/postfach/${sub.reference}`, `/verwaltung/postfach/${sub.reference}`, { art: "document_request", betreff: "Noch etwas", nachricht: "Bitte noch den Impfpass." });
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /können keine Unterlagen nachgefordert werden/);
  assert.match(late.body, /Bitte noch den Impfpass/);
  assert.equal((await ta.db.selectFrom("mailbox_messages").select("id").execute()).length, messagesBefore);
  // A closed case takes no more answers.
  const k2 = await ta.db.selectFrom("cases").select(["version"]).where("id", "=", kase.id).executeTakeFirstOrThrow();
  const closed = await caseTransitioner({ actor: { type: "staff", id: staff.id }, db: ta.db }, { caseId: kase.id, event: "close", version: k2.version, user: { id: staff.id, kind: "staff", isAdmin: false, orgUnitIds: [kase.owner_unit_id] } });
  assert.equal(closed.kind, "ok");
  const tooLate = await postMultipart(citizen.c, ta.app, `/postfach/${sub.reference}`, `/postfach/${sub.reference}`, { nachricht: "Noch eine Frage" });
  assert.equal(tooLate.statusCode, 422);
  assert.match(tooLate.body, /abgeschlossen/);

  // Every step is in the audit chain, and the chain is intact.
  const actions = (await ta.db.selectFrom("audit_log").select("action").where("action", "like", "mailbox.%").execute()).map((r) => r.action);
  assert.ok(actions.includes("mailbox.message_sent") && actions.includes("mailbox.answer_sent"));
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});

test("uploads into the mailbox: too large is refused at the field with the limit, text kept, nothing stored", async (t) => {
  const ta = await buildTestApp(t, { UPLOAD_MAX_BYTES: "2000" });
  const citizen = await account(ta.app, ta.db, "erika@example.org");
  const sub = await buildSubmission(ta, citizen.id);
  const big = Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]);
  const res = await postMultipart(citizen.c, ta.app, `/postfach/${sub.reference}`, `/postfach/${sub.reference}`, { nachricht: "Großer Plan anbei", bezeichnung: "Lageplan" }, [{ field: "dateien", filename: "plan.pdf", type: "application/pdf", content: big }]);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Großer Plan anbei/);
  assert.match(res.body, /plan\.pdf: [^<]*(groß|KB|Byte)/);
  assert.equal((await ta.db.selectFrom("mailbox_messages").select("id").execute()).length, 0);
  assert.equal((await ta.db.selectFrom("case_file_versions").select("version").execute()).length, 0);
  // An empty message without a file is refused too.
  const empty = await postMultipart(citizen.c, ta.app, `/postfach/${sub.reference}`, `/postfach/${sub.reference}`, { nachricht: "", bezeichnung: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Geben Sie eine Nachricht ein oder laden Sie ein Dokument hoch/);
});

test("deliverNotice(tx, { caseId, fileId }) puts a stored PDF into the mailbox and the case file, version 2 on a second notice, mail queued", async (t) => {
  const ta = await buildTestApp(t);
  const citizen = await account(ta.app, ta.db, "erika@example.org");
  const sub = await buildSubmission(ta, citizen.id);
  const kase = await ta.db.selectFrom("cases").select("id").where("submission_id", "=", sub.id).executeTakeFirstOrThrow();
  const file = await ta.db
    .insertInto("files")
    .values({ storage_provider: "local", storage_key: `ab/${"c".repeat(40)}`, sha256: "0".repeat(64), media_type: "application/pdf", size_bytes: 1234, original_name: "Bescheid.pdf", uploader_id: null, owner_token_hash: null, purpose: "notice", scan_status: "not_scanned", retain_until: new Date(Date.now() + 3600_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const expected of [1, 2]) {
    const res = await ta.db.transaction().execute((tx) => deliverNotice(tx, { caseId: kase.id, fileId: file.id, title: "Bescheid über die Hundesteuer" }));
    assert.equal(res.version, expected);
  }
  const box = await citizen.c.get(`/postfach/${sub.reference}`);
  assert.match(box.body, /Bescheid: Bescheid über die Hundesteuer/);
  const held = await ta.db.selectFrom("files").select("retain_until").where("id", "=", file.id).executeTakeFirstOrThrow();
  assert.equal(held.retain_until, null, "the case file holds the file");
  assert.equal((await ta.db.selectFrom("mailbox_notifications").select("id").where("submission_id", "=", sub.id).where("reason", "=", "notice").execute()).length, 2);
  await assert.rejects(ta.db.transaction().execute((tx) => deliverNotice(tx, { caseId: kase.id, fileId: "00000000-0000-4000-8000-000000000000", title: "x" })));
});

test("case file: files uploaded with the application are listed and downloadable by the applicant only", async (t) => {
  const ta = await buildTestApp(t);
  const citizen = await account(ta.app, ta.db, "erika@example.org");
  const other = await account(ta.app, ta.db, "b@example.org");
  const sub = await buildSubmission(ta, citizen.id);
  // An upload as the form flow stores it, linked to the submission.
  const dir = mkdtempSync(path.join(os.tmpdir(), "kp-mb-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tempPath = path.join(dir, "plan");
  writeFileSync(tempPath, PDF);
  const received = { field: "plan", fileName: "Lageplan.pdf", tempPath, size: PDF.length, sha256: createHash("sha256").update(PDF).digest("hex"), head: PDF.subarray(0, 16), truncated: false };
  const stored = await storeUpload(systemContext(ta.db), ta.config, received, { uploaderId: citizen.id, purpose: "application", retainUntil: null });
  assert.ok(stored.ok);
  if (!stored.ok) return;
  await ta.db.insertInto("application_submission_files").values({ submission_id: sub.id, file_id: stored.file.id, field_path: "/lageplan" }).execute();
  const file = await citizen.c.get(`/akte/${sub.reference}`);
  assert.match(file.body, /Anlage zum Antrag: \/lageplan/);
  const href = `/akte/${sub.reference}/antrag-datei/${stored.file.id}`;
  assert.ok(file.body.includes(href));
  const dl = await citizen.c.get(href);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers["content-type"], "application/pdf");
  assert.ok([403, 404].includes((await other.c.get(href)).statusCode));
  // A file id that is not linked to this submission is not served through it.
  const foreign = await buildSubmission(ta, other.id, "b@example.org");
  assert.equal((await other.c.get(`/akte/${foreign.reference}/antrag-datei/${stored.file.id}`)).statusCode, 404);
});

test("a question asked on the staff case page (transition) appears in the mailbox; the applicant's answer moves the case back", async (t) => {
  const ta = await buildTestApp(t);
  const citizen = await account(ta.app, ta.db, "erika@example.org");
  const sub = await buildSubmission(ta, citizen.id);
  const kase = await ta.db.selectFrom("cases").select(["id", "owner_unit_id"]).where("submission_id", "=", sub.id).executeTakeFirstOrThrow();
  const staff = await account(ta.app, ta.db, "sb@example.org", "staff");
  const user = { id: staff.id, kind: "staff" as const, isAdmin: false, orgUnitIds: [kase.owner_unit_id] };
  const ctx = { actor: { type: "staff" as const, id: staff.id }, db: ta.db };
  const step = async (event: string, text?: string) => {
    const { version } = await ta.db.selectFrom("cases").select("version").where("id", "=", kase.id).executeTakeFirstOrThrow();
    const r = await caseTransitioner(ctx, { caseId: kase.id, event, version, user, text });
    assert.equal(r.kind, "ok", `${event}: ${JSON.stringify(r)}`);
  };
  await step("start");
  await step("ask_applicant", "Bitte senden Sie uns den Impfpass von Bello.");
  // Called directly (not through a request or job), the "case.changed" events wait in the outbox: deliver them now.
  await deliverAllEvents(ta.app, ta.db);
  const msgs = await ta.db.selectFrom("mailbox_messages").select(["kind", "direction", "author_id"]).where("submission_id", "=", sub.id).execute();
  assert.deepEqual(msgs.map((m) => [m.kind, m.direction, m.author_id]), [["document_request", "to_applicant", staff.id]]);
  const box = await citizen.c.get(`/postfach/${sub.reference}`);
  assert.match(box.body, /Rückfrage zu Ihrem Antrag/);
  assert.match(box.body, /Rückfrage an Sie/);
  assert.match(box.body, /Impfpass von Bello/);
  const answer = await postMultipart(citizen.c, ta.app, `/postfach/${sub.reference}`, `/postfach/${sub.reference}`, { nachricht: "Der Impfpass folgt per Post." });
  assert.equal(answer.statusCode, 303);
  const status = (await ta.app.inject({ url: sub.statusPath, headers: { accept: "application/json" } })).json() as { status: string };
  assert.equal(status.status, "in_progress");
  // Every citizen-visible change queued its link-only mail (start, question, back in progress).
  assert.ok((await ta.db.selectFrom("mailbox_notifications").select("id").where("submission_id", "=", sub.id).execute()).length >= 3);
});
