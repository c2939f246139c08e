/**
 * Records (issue 14): administration of system accounts for specialist software. An administrator creates
 * an account in a unit with records scopes; the key is shown once and works on the API; a further key;
 * revoke → 401; staff without the admin role get 403; every change is in the audit chain. The filing plan
 * uploaded in the browser: line errors next to the upload with the content kept, preview of the changes, import.
 * The confidentiality level of a file: set with a reason by the owning department, audited, in the 0503 export.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { unzipSync } from "fflate";
import { submitBuildingPermit } from "../support/scans.js";
import { deliverAllEvents } from "../helpers.js";
import { newApiToken } from "../../src/platform/auth/apiTokens.js";
import { validateXdomea } from "../../src/modules/records/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

async function login(app: FastifyInstance, email: string, password: string) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password })).statusCode, 303, `login ${email}`);
  return c;
}
const BASE = "/verwaltung/akten/systemkonten";
const secretIn = (html: string) => /<code class="kp-secret" id="neues-token">(kp_[^<]+)<\/code>/.exec(html)?.[1];

test("issue 14: an administrator creates a system account with a records key, issues another and revokes one", async (t) => {
  const { app, db } = await buildTestApp(t);
  const unit = await db.selectFrom("org_units").select(["id", "name"]).where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();

  // Staff without the admin role: 403 on the page and on the form; anonymous: login.
  const bau = await login(app, "bauamt@kreisportal.example", DEMO_STAFF_PASSWORD);
  assert.equal((await bau.get(BASE)).statusCode, 403);
  assert.doesNotMatch((await bau.get("/verwaltung/akten")).body, /systemkonten/);
  assert.equal((await bau.submit("/verwaltung/akten", BASE, { name: "X", einheit: unit.id, scopes: "records:read", tage: "30" })).statusCode, 403);
  assert.equal((await new Client(app).get(BASE)).statusCode, 303);

  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  assert.match((await admin.get("/verwaltung/akten")).body, /href="\/verwaltung\/akten\/systemkonten"/);
  const page = await admin.get(BASE);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Es gibt noch kein Systemkonto/);

  // Errors in German next to the fields; nothing created.
  const bad = await admin.submit(BASE, BASE, { name: "", einheit: "", tage: "9999" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /mindestens eine Berechtigung/);
  assert.match(bad.body, /ganze Zahl von 1 bis 730/);

  const form = await admin.get(BASE);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const created = await admin.post(BASE, [["_csrf", csrf], ["name", "Fachverfahren Bau"], ["einheit", unit.id], ["scopes", "records:read"], ["scopes", "records:write"], ["tage", "365"]]);
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.headers["cache-control"], "no-store");
  const secret = secretIn(created.body);
  assert.ok(secret, "the key is shown once");
  assert.match(created.body, /system-fachverfahren-bau@fachverfahren\.invalid/);
  assert.ok(created.body.includes(unit.name));
  // Shown once: the list afterwards has the token but not its secret.
  const list = await admin.get(BASE);
  assert.ok(!list.body.includes(secret!));
  assert.match(list.body, /E-Akte: lesen|records:read|Akten lesen/i);

  // The key works on the records API with the account's unit.
  const search = await app.inject({ url: "/api/v1/records/search?q=Bauantrag", headers: { authorization: `Bearer ${secret}` } });
  assert.equal(search.statusCode, 200, search.body);
  // The same name again: refused, no second account.
  const dup = await admin.post(BASE, [["_csrf", csrf], ["name", "Fachverfahren Bau"], ["einheit", unit.id], ["scopes", "records:read"], ["tage", "30"]]);
  assert.equal(dup.statusCode, 409);

  const account = await db.selectFrom("users").select("id").where("email", "=", "system-fachverfahren-bau@fachverfahren.invalid").executeTakeFirstOrThrow();
  // A second, read-only key (rotation), from the account's own form page.
  assert.equal((await admin.get(`${BASE}/${account.id}/tokens`)).statusCode, 200);
  const noScope = await admin.post(`${BASE}/${account.id}/tokens`, [["_csrf", csrf], ["name", "Fachverfahren Bau 2"], ["tage", "30"]]);
  assert.equal(noScope.statusCode, 422);
  const second = await admin.post(`${BASE}/${account.id}/tokens`, [["_csrf", csrf], ["name", "Fachverfahren Bau 2"], ["scopes", "records:read"], ["tage", "30"]]);
  assert.equal(second.statusCode, 201, second.body);
  const readOnly = secretIn(second.body)!;
  const upload = await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { authorization: `Bearer ${readOnly}`, "content-type": "multipart/form-data; boundary=x" }, payload: "--x--\r\n" });
  assert.equal(upload.statusCode, 403);

  // Revoke the first key: the API refuses it at once.
  const tokens = await db.selectFrom("api_tokens").select(["id", "name"]).where("user_id", "=", account.id).orderBy("created_at").execute();
  assert.equal(tokens.length, 2);
  const revoked = await admin.post(`${BASE}/${account.id}/tokens/${tokens[0]!.id}/widerrufen`, { _csrf: csrf });
  assert.equal(revoked.statusCode, 303);
  assert.equal((await app.inject({ url: "/api/v1/records/search?q=Bauantrag", headers: { authorization: `Bearer ${secret}` } })).statusCode, 401);
  assert.equal((await app.inject({ url: "/api/v1/records/search?q=Bauantrag", headers: { authorization: `Bearer ${readOnly}` } })).statusCode, 200);
  // Only tokens of system accounts can be revoked here: the admin's own account is not one.
  const adminId = (await db.selectFrom("users").select("id").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirstOrThrow()).id;
  assert.equal((await admin.post(`${BASE}/${adminId}/tokens/${tokens[1]!.id}/widerrufen`, { _csrf: csrf })).statusCode, 404);
  // Without CSRF: refused.
  assert.equal((await admin.post(`${BASE}/${account.id}/tokens/${tokens[1]!.id}/widerrufen`, {})).statusCode, 403);

  const actions = (await db.selectFrom("audit_log").select("action").where("object_id", "in", [account.id, ...tokens.map((x) => x.id)]).execute()).map((r) => r.action);
  for (const a of ["staff.created", "user.role_granted", "account.api_token_created", "account.api_token_revoked"]) assert.ok(actions.includes(a), a);
  assert.ok(!JSON.stringify(await db.selectFrom("audit_log").select("details").execute()).includes(secret!.slice(3)));
  assert.equal((await verifyAuditChain(db)).ok, true);
});

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

test("issue 14: the filing plan uploaded in the browser – line errors keep the content, preview of the changes, then import", async (t) => {
  const { app, db } = await buildTestApp(t);
  const IMPORT = "/verwaltung/akten/aktenplan/import";
  const bau = await login(app, "bauamt@kreisportal.example", DEMO_STAFF_PASSWORD);
  assert.equal((await bau.get(IMPORT)).statusCode, 403);
  assert.doesNotMatch((await bau.get("/verwaltung/akten/aktenplan")).body, /aktenplan\/import/);
  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  assert.match((await admin.get("/verwaltung/akten/aktenplan")).body, /href="\/verwaltung\/akten\/aktenplan\/import"/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await admin.get(IMPORT)).body)![1]!;
  const before = await db.selectFrom("records_plan_units").selectAll().orderBy("code").execute();
  const upload = (content: string | Buffer, fields: Record<string, string> = {}) => {
    const { payload, contentType } = multipartBody({ _csrf: csrf, ...fields }, [{ field: "datei", name: "aktenplan.csv", type: "text/csv", content: Buffer.isBuffer(content) ? content : Buffer.from(content) }]);
    return app.inject({ method: "POST", url: IMPORT, headers: { cookie: cookieOf(admin), "content-type": contentType }, payload });
  };

  // The exported plan with errors in two lines (Excel-style semicolons): German errors per line, content kept, nothing imported.
  const exported = (await admin.get("/verwaltung/akten/aktenplan.csv")).body.replace(/^\uFEFF/, "");
  const broken = `code;parent;title;retention_years;disposal;process_ids\n632;;Baugenehmigungsverfahren;dreißig;A;\n999;77;Unbekannt;5;X;\n`;
  const bad = await upload(Buffer.from(broken, "latin1"));
  assert.equal(bad.statusCode, 422);
  const badText = decode(bad.body);
  assert.match(badText, /Zeile 2: Aufbewahrungsfrist muss eine ganze Zahl/);
  assert.match(badText, /Zeile 3: Aussonderungsart muss A, B oder V sein/);
  assert.match(badText, /Zeile 3: übergeordnete Position „77“ muss vorher stehen/);
  assert.match(badText, /<textarea[^>]*name="csv"[^>]*>code;parent;title;retention_years;disposal;process_ids\n632;;Baugenehmigungsverfahren;dreißig/, "the content stays for correcting (Windows-1252 decoded)");
  assert.match(bad.body, /href="#csv"/);
  assert.deepEqual(await db.selectFrom("records_plan_units").selectAll().orderBy("code").execute(), before);

  // Nothing chosen; a file that is not CSV.
  assert.equal((await upload(Buffer.alloc(0))).statusCode, 422);
  assert.match(decode((await upload("\u0000\u0001PK binary")).body), /Zeile 1: Spalte\(n\) .* fehlen|keine gültige CSV-Datei|keine Positionen/);

  // The corrected content through the text field (no file): a preview with new, changed and kept positions.
  const changed = exported.replace(/^632,([^,]*),Baugenehmigungsverfahren,30,/m, "632,$1,Baugenehmigungsverfahren,50,") + "6329,632,Abbruchgenehmigungen,10,V,\n";
  assert.notEqual(changed, exported + "6329,632,Abbruchgenehmigungen,10,V,\n", "632 is in the exported plan with 30 years");
  const pasted = await (async () => {
    const { payload, contentType } = multipartBody({ _csrf: csrf, csv: changed.split("\n").filter((l) => !l.startsWith("94,")).join("\r\n") }, []);
    return app.inject({ method: "POST", url: IMPORT, headers: { cookie: cookieOf(admin), "content-type": contentType }, payload });
  })();
  assert.equal(pasted.statusCode, 200, pasted.body);
  const preview = decode(pasted.body);
  assert.match(preview, /Vorschau: 1 neue Positionen, 1 geänderte/);
  assert.match(preview, /6329<\/td>/);
  assert.match(preview, /Aufbewahrung \(Jahre\)<\/td><td[^>]*>30<\/td><td[^>]*>50<\/td>/);
  assert.match(preview, /<li>94 Gemeindesteuern, Hundesteuer<\/li>/, "positions not in the file are listed as kept");
  assert.deepEqual(await db.selectFrom("records_plan_units").selectAll().orderBy("code").execute(), before, "the preview imports nothing");

  // Confirm: exactly the previewed content (a changed field is refused), then imported and audited.
  const hidden = decode(/<input type="hidden" name="csv" value="([^"]*)"/.exec(pasted.body)![1]!);
  const sum = /name="pruefsumme" value="([0-9a-f]{64})"/.exec(pasted.body)![1]!;
  assert.equal((await admin.post(`${IMPORT}/uebernehmen`, { _csrf: csrf, csv: hidden + "\n7,,X,1,V,", pruefsumme: sum })).statusCode, 422);
  const done = await admin.post(`${IMPORT}/uebernehmen`, { _csrf: csrf, csv: hidden.replace(/\n/g, "\r\n"), pruefsumme: sum });
  assert.equal(done.statusCode, 303);
  assert.match(decode((await admin.get(done.headers.location as string)).body), /Aktenplan übernommen: 1 neue, 1 geänderte Positionen/);
  const after = await db.selectFrom("records_plan_units").select(["code", "retention_years", "parent_code"]).where("code", "in", ["632", "6329", "94"]).orderBy("code").execute();
  assert.deepEqual(after.map((r) => [r.code, r.retention_years]), [["632", 50], ["6329", 10], ["94", 10]]);
  assert.ok(await db.selectFrom("audit_log").select("id").where("action", "=", "records.plan_imported").executeTakeFirst());
});

test("issue 14: the owning department sets a file's confidentiality level with a reason; audited; in the xdomea export; refused for others, closed files and VS-Vertraulich", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.confidentiality"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  assert.equal(file.confidentiality, "003");
  const url = `/verwaltung/akten/${file.id}`;
  const bau = await login(app, "bauamt@kreisportal.example", DEMO_STAFF_PASSWORD);
  const page = await bau.get(url);
  assert.match(page.body, /Offen \(nicht eingestuft\)/);
  assert.match(page.body, /action="\/verwaltung\/akten\/[^"]+\/vertraulichkeit"/);

  // Errors in German next to the fields; a level above NfD is not offered and refused.
  const noReason = await bau.submit(url, `${url}/vertraulichkeit`, { stufe: "002", stufengrund: "" });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /Bitte begründen Sie die Einstufung/);
  const secret = await bau.submit(url, `${url}/vertraulichkeit`, { stufe: "001", stufengrund: "Geheim" });
  assert.equal(secret.statusCode, 422);
  assert.match(secret.body, /Bitte wählen Sie eine Vertraulichkeitsstufe/);
  // Another department may not (not even read the file).
  const other = await login(app, "fuehrerschein@kreisportal.example", DEMO_STAFF_PASSWORD);
  assert.equal((await other.submit("/verwaltung/akten", `${url}/vertraulichkeit`, { stufe: "002", stufengrund: "x" })).statusCode, 403);

  const ok = await bau.submit(url, `${url}/vertraulichkeit`, { stufe: "002", stufengrund: "Enthält Angaben zur Statik eines Sicherheitsbereichs" });
  assert.equal(ok.statusCode, 303);
  const shown = await bau.get(ok.headers.location as string);
  assert.match(shown.body, /Die Vertraulichkeitsstufe wurde gespeichert/);
  assert.match(shown.body, /Nur für den Dienstgebrauch \(NfD\) – Enthält Angaben zur Statik/);
  const audit = await db.selectFrom("audit_log").select(["details", "actor_type"]).where("action", "=", "records.confidentiality_changed").where("object_id", "=", file.id).executeTakeFirstOrThrow();
  assert.deepEqual(audit.details, { before: "003", after: "002", reason: "Enthält Angaben zur Statik eines Sicherheitsbereichs" });
  // The database keeps VS-Vertraulich and above out, whoever writes.
  await assert.rejects(db.updateTable("records_files").set({ confidentiality: "005" }).where("id", "=", file.id).execute(), /records_files_confidentiality_check/);

  // The 0503 export names the level and still validates against the XSDs.
  const user = await db.selectFrom("users").select("id").where("email", "=", "bauamt@kreisportal.example").executeTakeFirstOrThrow();
  const { secret: key, hash } = newApiToken();
  await db.insertInto("api_tokens").values({ user_id: user.id, name: "Test", token_hash: hash, scopes: ["records:read"], expires_at: new Date(Date.now() + 86_400_000), last_used_at: null, revoked_at: null }).execute();
  const zip = await app.inject({ url: `/api/v1/records/files/${file.id}/xdomea`, headers: { authorization: `Bearer ${key}` } });
  assert.equal(zip.statusCode, 200, zip.body);
  const entries = unzipSync(new Uint8Array(zip.rawPayload));
  const xml = new TextDecoder().decode(entries[Object.keys(entries).find((n) => n.endsWith(".0503.xml"))!]);
  assert.match(xml, /<xdomea:Vertraulichkeitsstufe listURI="urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe" listVersionID="1.0"><code>002<\/code>/);
  assert.deepEqual(await validateXdomea(xml), { valid: true, errors: [] });

  // Closed (zdA): no form, and the change is refused.
  assert.equal((await bau.submit(url, `${url}/abschliessen`, {})).statusCode, 303);
  const closed = await bau.get(url);
  assert.doesNotMatch(closed.body, /\/vertraulichkeit"/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(closed.body)![1]!;
  assert.equal((await bau.post(`${url}/vertraulichkeit`, { _csrf: csrf, stufe: "003", stufengrund: "Herabstufung" })).statusCode, 409);
  assert.equal((await db.selectFrom("records_files").select("confidentiality").where("id", "=", file.id).executeTakeFirstOrThrow()).confidentiality, "002");
});

test("issue 14: npm run system:create prints the key once; the account is listed for administrators and the key works", { timeout: 120_000 }, async (t) => {
  const { app, databaseUrl } = await buildTestApp(t);
  const { execFile } = await import("node:child_process");
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile("node_modules/.bin/tsx", ["scripts/systemCreate.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  const bad = await run(["--name", "Fachverfahren Wasser", "--unit", "lra-08236-baurecht", "--scopes", "records:delete"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Aufruf: npm run system:create/);
  const ok = await run(["--name", "Fachverfahren Wasser", "--unit", "lra-08236-baurecht", "--scopes", "records:read", "--days", "30"]);
  assert.equal(ok.code, 0, ok.stderr);
  const key = /API-Schlüssel \(nur jetzt sichtbar\): (kp_\S+)/.exec(ok.stdout)?.[1];
  assert.ok(key, ok.stdout);
  assert.equal((await app.inject({ url: "/api/v1/records/search?q=Bauantrag", headers: { authorization: `Bearer ${key}` } })).statusCode, 200);
  const again = await run(["--name", "Fachverfahren Wasser", "--unit", "lra-08236-baurecht", "--scopes", "records:read"]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /bereits ein Konto/);
  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  const list = await admin.get(BASE);
  assert.match(list.body, /system-fachverfahren-wasser@fachverfahren\.invalid/);
  assert.ok(!list.body.includes(key!));
});
