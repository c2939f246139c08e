import type { FastifyInstance } from "fastify";
import { UUID } from "../../platform/keys.js";
import { defineModule } from "../../platform/modules.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { formatDateTime } from "../../platform/i18n/format.js";
import { requireAdmin } from "../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../platform/forms.js";
import { emptyForm } from "../../platform/views/components.js";
import { sealAuditLog, verifyAuditChain } from "../../platform/audit/index.js";
import { accountStatusSetter, commandContext, listStaff, isRole, roleGranter, roleRevoker, rolesOfUser, staffCreator, type Role } from "../accounts/index.js";
import { listOrgUnits, orgUnitsByIds } from "../responsibility/index.js";
import { adminMessages } from "./messages.js";
import { listFailedMails } from "../../platform/mail/queue.js";
import { AdminHome, AuditPage, FailedMailsPage, NewUserPage, OutboxMailPage, OutboxPage, UserPage, UsersPage, type UserDetail } from "./pages/views.js";
import type { FormState } from "../../platform/views/components.js";
import type { FastifyReply, FastifyRequest } from "fastify";

/** Loads the demo data set (idempotent). */

/** The readable text of a captured mail: mailparser decodes MIME parts, base64, quoted-printable and charsets. */
async function mailText(raw: string): Promise<string> {
  const { simpleParser } = await import("mailparser");
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  return (mail.text ?? "").replace(/\n$/, "");
}

/** Administration: staff accounts and roles, audit log, demo outbox. Admins only. */
async function adminPlugin(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.register(async (admin) => {
    admin.addHook("preHandler", requireAdmin);

    admin.get("/verwaltung", (req, reply) => reply.page(req.t("admin.title"), (ctx) => <AdminHome ctx={ctx} />, { noindex: true }));

    admin.get<{ Querystring: { angelegt?: string } }>("/verwaltung/benutzer", async (req, reply) => {
      const t = req.t;
      const staff = await listStaff(db);
      const rows = staff.map((s) => ({
        id: s.id,
        name: s.display_name,
        email: s.email,
        disabled: !!s.disabled_at,
        roles: s.roles.map((r) => (r.role === "member" ? t("accounts.role.member", { unit: r.unitName ?? "?" }) : t(`accounts.role.${r.role}`))),
      }));
      return reply.page(t("admin.users.title"), (ctx) => <UsersPage ctx={ctx} staff={rows} created={req.query.angelegt === "1"} />, { noindex: true });
    });

    admin.get("/verwaltung/benutzer/neu", async (req, reply) => {
      const units = await listOrgUnits(db);
      return reply.page(req.t("admin.newUser.title"), (ctx) => <NewUserPage ctx={ctx} form={emptyForm()} orgUnits={units} />, { noindex: true });
    });

    admin.post("/verwaltung/benutzer/neu", async (req, reply) => {
      const t = req.t;
      const units = await listOrgUnits(db);
      const values = readForm(req.body, ["displayName", "email", "role", "orgUnitId"] as const);
      const form = validate(values, { displayName: [rules.required(), rules.maxLength(120)], email: [rules.required(), rules.email()] }, t);
      const role = values.role;
      if (!isRole(role)) form.errors.role = t("admin.newUser.error.role");
      const unit = units.find((u) => u.id === values.orgUnitId);
      if (values.orgUnitId && !unit) form.errors.orgUnitId = t("admin.newUser.error.orgUnit");
      if (role === "member" && !unit) form.errors.orgUnitId = t("admin.newUser.error.orgUnit");
      const render = (status: number) => reply.page(t("admin.newUser.title"), (ctx) => <NewUserPage ctx={ctx} form={form} orgUnits={units} />, { status, noindex: true });
      if (hasErrors(form)) return render(422);

      const roles: Array<{ role: Role; orgUnitId: string | null }> = [{ role: role as Role, orgUnitId: role === "member" ? unit!.id : null }];
      // Editors and administrators may also belong to a unit.
      if (role !== "member" && unit) roles.push({ role: "member", orgUnitId: unit.id });
      const result = await staffCreator(commandContext(app, req), { email: values.email, displayName: values.displayName, roles });
      if (!result.ok) {
        form.errors.email = t("admin.newUser.error.emailTaken");
        return render(409);
      }
      await app.deps.mailer.send({
        to: values.email,
        subject: t("accounts.mail.invite.subject"),
        text: t("accounts.mail.invite.body", { name: values.displayName, county: app.deps.county.name, link: `${config.publicUrl}/passwort-zuruecksetzen?token=${result.inviteToken}` }),
      });
      return reply.redirect("/verwaltung/benutzer?angelegt=1", 303);
    });

    async function loadUser(req: FastifyRequest, id: string): Promise<UserDetail | undefined> {
      if (!UUID.test(id)) return undefined;
      const u = (await listStaff(db)).find((s) => s.id === id);
      if (!u) return undefined;
      const roles = await rolesOfUser(db, id);
      const names = new Map((await orgUnitsByIds(db, roles.flatMap((r) => (r.orgUnitId ? [r.orgUnitId] : [])))).map((o) => [o.id, o.name]));
      return {
        id: u.id,
        name: u.display_name,
        email: u.email,
        disabled: !!u.disabled_at,
        roles: roles.map((r) => ({ role: r.role, orgUnitId: r.orgUnitId, label: r.role === "member" ? req.t("accounts.role.member", { unit: (r.orgUnitId && names.get(r.orgUnitId)) ?? "?" }) : req.t(`accounts.role.${r.role}`) })),
      };
    }

    async function renderUser(req: FastifyRequest, reply: FastifyReply, user: UserDetail, form: FormState, status = 200, notice?: { kind: "success" | "danger"; text: string }) {
      const units = await listOrgUnits(db);
      return reply.page(user.name, (ctx) => <UserPage ctx={ctx} user={user} form={form} orgUnits={units} notice={notice} />, { status, noindex: true });
    }

    admin.get<{ Params: { id: string }; Querystring: { geaendert?: string } }>("/verwaltung/benutzer/:id", async (req, reply) => {
      const user = await loadUser(req, req.params.id);
      if (!user) return reply.callNotFound();
      return renderUser(req, reply, user, emptyForm(), 200, req.query.geaendert === "1" ? { kind: "success", text: req.t("admin.user.changed") } : undefined);
    });

    admin.post<{ Params: { id: string } }>("/verwaltung/benutzer/:id/rollen", async (req, reply) => {
      const user = await loadUser(req, req.params.id);
      if (!user) return reply.callNotFound();
      const t = req.t;
      const values = readForm(req.body, ["role", "orgUnitId"] as const);
      const form: FormState = { values, errors: {} };
      const units = await listOrgUnits(db);
      const unit = units.find((u) => u.id === values.orgUnitId);
      if (!isRole(values.role)) form.errors.role = t("admin.newUser.error.role");
      if ((values.orgUnitId && !unit) || (values.role === "member" && !unit)) form.errors.orgUnitId = t("admin.newUser.error.orgUnit");
      if (hasErrors(form)) return renderUser(req, reply, user, form, 422);
      const role = values.role as Role;
      const result = await roleGranter(commandContext(app, req), { userId: user.id, role, orgUnitId: role === "member" ? unit!.id : null });
      if (!result.ok) return renderUser(req, reply, user, form, 409, { kind: "danger", text: t(`admin.user.error.${result.reason}`) });
      return reply.redirect(`/verwaltung/benutzer/${user.id}?geaendert=1`, 303);
    });

    admin.post<{ Params: { id: string } }>("/verwaltung/benutzer/:id/rollen/entfernen", async (req, reply) => {
      const user = await loadUser(req, req.params.id);
      if (!user) return reply.callNotFound();
      const values = readForm(req.body, ["role", "orgUnitId"] as const);
      if (!isRole(values.role) || (values.orgUnitId && !UUID.test(values.orgUnitId))) return renderUser(req, reply, user, emptyForm(), 422, { kind: "danger", text: req.t("admin.user.error.missing") });
      const result = await roleRevoker(commandContext(app, req), { userId: user.id, role: values.role, orgUnitId: values.orgUnitId || null });
      if (!result.ok) return renderUser(req, reply, user, emptyForm(), 409, { kind: "danger", text: req.t(`admin.user.error.${result.reason}`) });
      return reply.redirect(`/verwaltung/benutzer/${user.id}?geaendert=1`, 303);
    });

    admin.post<{ Params: { id: string } }>("/verwaltung/benutzer/:id/status", async (req, reply) => {
      const user = await loadUser(req, req.params.id);
      if (!user) return reply.callNotFound();
      const { disabled } = readForm(req.body, ["disabled"] as const);
      const result = await accountStatusSetter(commandContext(app, req), { userId: user.id, disabled: disabled === "true" });
      if (!result.ok) return renderUser(req, reply, user, emptyForm(), 409, { kind: "danger", text: req.t(`admin.user.error.${result.reason}`) });
      return reply.redirect(`/verwaltung/benutzer/${user.id}?geaendert=1`, 303);
    });

    admin.get("/verwaltung/postausgang", async (req, reply) => {
      const mails = await db.selectFrom("mail_outbox").select(["id", "received_at", "envelope_to", "subject"]).orderBy("id", "desc").limit(200).execute();
      const rows = mails.map((m) => ({ id: m.id, at: formatDateTime(m.received_at, req.locale), to: m.envelope_to.join(", "), subject: m.subject }));
      return reply.page(req.t("admin.outbox.title"), (ctx) => <OutboxPage ctx={ctx} mails={rows} configured={!!config.smtpUrl} />, { noindex: true });
    });

    admin.get<{ Params: { id: string } }>("/verwaltung/postausgang/:id", async (req, reply) => {
      if (!/^\d{1,18}$/.test(req.params.id)) return reply.callNotFound();
      const m = await db.selectFrom("mail_outbox").selectAll().where("id", "=", req.params.id).executeTakeFirst();
      if (!m) return reply.callNotFound();
      const mail = { id: m.id, at: formatDateTime(m.received_at, req.locale), to: m.envelope_to.join(", "), subject: m.subject, body: await mailText(m.raw) };
      return reply.page(m.subject, (ctx) => <OutboxMailPage ctx={ctx} mail={mail} />, { noindex: true });
    });

    admin.get("/verwaltung/fehlgeschlagene-mails", async (req, reply) => {
      const rows = (await listFailedMails(db)).map((m) => ({ at: formatDateTime(m.failedAt, req.locale), to: m.recipient ?? "", about: [m.kind, m.ref].filter(Boolean).join(" · "), reason: m.reason, attempts: m.attempts }));
      return reply.page(req.t("admin.failedMails.title"), (ctx) => <FailedMailsPage ctx={ctx} mails={rows} />, { noindex: true });
    });

    admin.get("/verwaltung/protokoll", async (req, reply) => {
      await sealAuditLog(db);
      const verify = await verifyAuditChain(db);
      const entries = await db.selectFrom("audit_log").select(["seq", "at", "actor_type", "actor_id", "action", "object_type", "object_id"]).orderBy("id", "desc").limit(100).execute();
      const rows = entries.map((e) => ({
        seq: e.seq ?? "–",
        at: formatDateTime(e.at, req.locale),
        actor: `${e.actor_type}${e.actor_id ? ` ${e.actor_id.slice(0, 8)}` : ""}`,
        action: e.action,
        object: e.object_type ? `${e.object_type} ${e.object_id?.slice(0, 8) ?? ""}` : "",
      }));
      return reply.page(req.t("admin.audit.title"), (ctx) => <AuditPage ctx={ctx} rows={rows} verify={verify} />, { noindex: true });
    });
  });
}

/** The admin module (src/platform/modules.ts). */
export const adminModule = defineModule({
  name: "admin",
  messages: [adminMessages],
  nav: [
    { label: "nav.admin", href: "/verwaltung", audience: "admin", order: 100 },
  ],
  plugin: adminPlugin,
});
