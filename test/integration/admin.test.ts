import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, linkIn } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/admin/demoData.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

async function adminClient(app: FastifyInstance) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(res.statusCode, 303);
  return c;
}

async function unitId(c: Client, name: string): Promise<string> {
  const page = await c.get("/verwaltung/benutzer/neu");
  const id = new RegExp(`<option value="([0-9a-f-]{36})"[^>]*>${name}</option>`).exec(page.body)?.[1];
  assert.ok(id, `unit ${name} offered`);
  return id!;
}

test("administration pages: anonymous → login, citizen and staff member → 403, admin → 200", async (t) => {
  const { app, mail } = await buildTestApp(t);
  const anon = new Client(app);
  for (const path of ["/verwaltung", "/verwaltung/benutzer", "/verwaltung/benutzer/neu", "/verwaltung/postausgang", "/verwaltung/protokoll"]) {
    const res = await anon.get(path);
    assert.equal(res.statusCode, 303, path);
    assert.match(String(res.headers.location), /^\/anmelden\?next=/);
  }

  const admin = await adminClient(app);
  for (const path of ["/verwaltung", "/verwaltung/benutzer", "/verwaltung/benutzer/neu", "/verwaltung/postausgang", "/verwaltung/protokoll"]) {
    assert.equal((await admin.get(path)).statusCode, 200, path);
  }

  // A staff member without the admin role.
  const fs = await unitId(admin, "Führerscheinstelle");
  const created = await admin.submit("/verwaltung/benutzer/neu", "/verwaltung/benutzer/neu", { displayName: "Max Sachbearbeiter", email: "max@lra.example", role: "member", orgUnitId: fs });
  assert.equal(created.statusCode, 303);
  const invite = await mail.waitFor("max@lra.example");
  const path = linkIn(invite.text);
  const token = new URL(path, "http://x").searchParams.get("token")!;
  const member = new Client(app);
  const pw = "Sachbearbeitung im Landratsamt";
  assert.equal((await member.submit(path, "/passwort-zuruecksetzen", { token, password: pw, passwordConfirm: pw })).statusCode, 303);
  assert.equal((await member.submit("/anmelden", "/anmelden", { email: "max@lra.example", password: pw })).statusCode, 303);
  const konto = await member.get("/konto");
  assert.match(konto.body, /Mitglied: Führerscheinstelle/);
  assert.equal((await member.get("/verwaltung")).statusCode, 403);
  assert.equal((await member.submit("/konto", "/verwaltung/benutzer/neu", { displayName: "X", email: "x@lra.example", role: "admin", orgUnitId: "" })).statusCode, 403);
  // The admin link is not offered to members.
  assert.doesNotMatch(konto.body, /href="\/verwaltung"/);
});

test("creating staff: validation, duplicate e-mail, audit entries for creation and role grant", async (t) => {
  const { app, db } = await buildTestApp(t);
  const admin = await adminClient(app);
  const bad = await admin.submit("/verwaltung/benutzer/neu", "/verwaltung/benutzer/neu", { displayName: "", email: "kaputt", role: "member", orgUnitId: "" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte füllen Sie dieses Feld aus/);
  assert.match(bad.body, /Organisationseinheit, in der die Person arbeitet/);
  assert.match(bad.body, /value="kaputt"/);
  const forged = await admin.submit("/verwaltung/benutzer/neu", "/verwaltung/benutzer/neu", { displayName: "A", email: "a@lra.example", role: "superuser", orgUnitId: "00000000-0000-0000-0000-000000000000" });
  assert.equal(forged.statusCode, 422);

  const dup = await admin.submit("/verwaltung/benutzer/neu", "/verwaltung/benutzer/neu", { displayName: "Doppelt", email: DEMO_ADMIN_EMAIL.toUpperCase(), role: "admin", orgUnitId: "" });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.body, /bereits ein Konto/);

  const ok = await admin.submit("/verwaltung/benutzer/neu", "/verwaltung/benutzer/neu", { displayName: "Rita Redaktion", email: "rita@lra.example", role: "editor", orgUnitId: "" });
  assert.equal(ok.statusCode, 303);
  const list = await admin.get("/verwaltung/benutzer?angelegt=1");
  assert.match(list.body, /Rita Redaktion/);
  assert.match(list.body, /Das Dienstkonto wurde angelegt/);

  const actions = (await db.selectFrom("audit_log").select(["action", "actor_type"]).orderBy("seq").execute()).filter((a) => a.actor_type === "staff").map((a) => a.action);
  assert.ok(actions.includes("staff.created"));
  assert.ok(actions.includes("user.role_granted"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("demo outbox lists captured mail when no SMTP_URL is configured", async (t) => {
  const { app, db } = await buildTestApp(t);
  await db.insertInto("mail_outbox").values({ envelope_from: "noreply@x", envelope_to: ["erika@example.org"], subject: "Bitte bestätigen Sie Ihre E-Mail-Adresse", raw: "Subject: x\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGuten Tag Erika,=0A=C3=A4" }).execute();
  const admin = await adminClient(app);
  const list = await admin.get("/verwaltung/postausgang");
  assert.match(list.body, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);
  const id = /href="\/verwaltung\/postausgang\/(\d+)"/.exec(list.body)?.[1];
  const one = await admin.get(`/verwaltung/postausgang/${id}`);
  assert.match(one.body, /Guten Tag Erika,\nä/);
  assert.equal((await admin.get("/verwaltung/postausgang/abc")).statusCode, 404);
});
