import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { buildTestApp, Client, linkIn } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
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
  // Issue 24 item 15: units in German order (the database's collation may be C: "Kämpfelbach" after "Knittlingen").
  const form = (await admin.get("/verwaltung/benutzer/neu")).body;
  const at = (name: string) => form.search(new RegExp(`<option[^>]*>[^<]*${name}`));
  assert.ok(at("Kämpfelbach") > 0 && at("Kämpfelbach") < at("Keltern") && at("Keltern") < at("Knittlingen"), "Kämpfelbach, Keltern, Knittlingen");
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

  const actions = (await db.selectFrom("audit_log").select(["action", "actor_type"]).orderBy("id").execute()).filter((a) => a.actor_type === "staff").map((a) => a.action);
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

test("demo outbox shows a multipart appointment mail (base64 text part, calendar attachment) as decoded German text", async (t) => {
  const { app, db } = await buildTestApp(t);
  const text = "Guten Tag Erika Mustermann,\n\nIhr Termin „Führerschein – Umtausch“ am Montag, 30. März 2026, 09:00 Uhr ist gebucht. Bitte bringen Sie Ihren Ausweis mit.";
  const raw = await new MailComposer({ from: "noreply@x", to: "erika@example.org", subject: "Terminbestätigung", text, textEncoding: "base64", attachments: [{ filename: "termin.ics", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", contentType: "text/calendar" }] }).compile().build();
  assert.match(raw.toString(), /Content-Transfer-Encoding: base64/);
  await db.insertInto("mail_outbox").values({ envelope_from: "noreply@x", envelope_to: ["erika@example.org"], subject: "Terminbestätigung", raw: raw.toString() }).execute();
  const admin = await adminClient(app);
  const id = /href="\/verwaltung\/postausgang\/(\d+)"/.exec((await admin.get("/verwaltung/postausgang")).body)?.[1];
  const one = await admin.get(`/verwaltung/postausgang/${id}`);
  assert.ok(one.body.includes("Ihr Termin „Führerschein – Umtausch“ am Montag, 30. März 2026, 09:00 Uhr ist gebucht."), one.body);
  assert.doesNotMatch(one.body, /Content-Type: multipart|BEGIN:VCALENDAR/);
});

test("role changes: grant and revoke end the person's sessions; last admin and self-lockout are refused; disabled accounts cannot log in", async (t) => {
  const { app, mail, db } = await buildTestApp(t);
  const admin = await adminClient(app);
  const fs = await unitId(admin, "Führerscheinstelle");
  await admin.submit("/verwaltung/benutzer/neu", "/verwaltung/benutzer/neu", { displayName: "Eva Zulassung", email: "eva@lra.example", role: "member", orgUnitId: fs });
  const invite = await mail.waitFor("eva@lra.example");
  const path = linkIn(invite.text);
  const pw = "Evas neues langes Passwort";
  const eva = new Client(app);
  await eva.submit(path, "/passwort-zuruecksetzen", { token: new URL(path, "http://x").searchParams.get("token")!, password: pw, passwordConfirm: pw });
  await eva.submit("/anmelden", "/anmelden", { email: "eva@lra.example", password: pw });
  assert.equal((await eva.get("/konto")).statusCode, 200);

  const list = await admin.get("/verwaltung/benutzer");
  const evaId = /href="\/verwaltung\/benutzer\/([0-9a-f-]{36})">\s*Eva Zulassung/.exec(list.body)?.[1];
  assert.ok(evaId);
  const adminId = /href="\/verwaltung\/benutzer\/([0-9a-f-]{36})">\s*Demo-Administration/.exec(list.body)?.[1];
  assert.ok(adminId);

  // Grant editor: Eva's session ends, so the new rights apply on her next login.
  const grant = await admin.submit(`/verwaltung/benutzer/${evaId}`, `/verwaltung/benutzer/${evaId}/rollen`, { role: "editor", orgUnitId: "" });
  assert.equal(grant.statusCode, 303);
  assert.equal((await eva.get("/konto")).statusCode, 303);
  const dup = await admin.submit(`/verwaltung/benutzer/${evaId}`, `/verwaltung/benutzer/${evaId}/rollen`, { role: "editor", orgUnitId: "" });
  assert.equal(dup.statusCode, 409);

  const revoke = await admin.submit(`/verwaltung/benutzer/${evaId}`, `/verwaltung/benutzer/${evaId}/rollen/entfernen`, { role: "member", orgUnitId: fs });
  assert.equal(revoke.statusCode, 303);
  const detail = await admin.get(`/verwaltung/benutzer/${evaId}`);
  assert.doesNotMatch(detail.body, /Mitglied: Führerscheinstelle/);
  assert.match(detail.body, /Redaktion/);

  // The only administrator cannot remove their own admin role.
  const self = await admin.submit(`/verwaltung/benutzer/${adminId}`, `/verwaltung/benutzer/${adminId}/rollen/entfernen`, { role: "admin", orgUnitId: "" });
  assert.equal(self.statusCode, 409);

  const disable = await admin.submit(`/verwaltung/benutzer/${evaId}`, `/verwaltung/benutzer/${evaId}/status`, { disabled: "true" });
  assert.equal(disable.statusCode, 303);
  const login = await eva.submit("/anmelden", "/anmelden", { email: "eva@lra.example", password: pw });
  assert.equal(login.statusCode, 401);

  const actions = (await db.selectFrom("audit_log").select("action").where("object_id", "=", evaId!).execute()).map((a) => a.action);
  for (const a of ["staff.created", "user.role_granted", "user.role_revoked", "user.disabled"]) assert.ok(actions.includes(a), a);
  assert.equal((await admin.get("/verwaltung/benutzer/not-a-uuid")).statusCode, 404);
});
