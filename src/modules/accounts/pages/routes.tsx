/** Registration with e-mail confirmation and password reset (public pages, rate-limited forms). */
import type { FastifyInstance } from "fastify";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { passwordProblem } from "../../../platform/auth/password.js";
import { safeNext } from "../../../platform/auth/guards.js";
import { SESSION_COOKIE, sessionCookieOptions } from "../../../platform/http/cookies.js";
import { emptyForm } from "../../../platform/views/components.js";
import { findUserByEmail } from "../queries.js";
import { citizenRegistrar } from "../commands/citizenRegistrar.js";
import { emailConfirmer } from "../commands/emailConfirmer.js";
import { passwordResetRequester, passwordResetter } from "../commands/passwordResetter.js";
import { peekToken } from "../tokens.js";
import { commandContext } from "../browserSession.js";
import { scrub } from "./login.js";
import { ConfirmPage, ForgotPage, MessagePage, RegisterPage, ResetPage } from "./views.js";

export const formLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };

/** Links in mails point to the public URL; the county's name signs them. */
function mailParts(app: FastifyInstance) {
  const { config } = app.deps;
  return { link: (path: string) => `${config.publicUrl}${path}`, countyName: () => app.deps.county.name };
}

/** /registrieren and /registrieren/bestaetigen. */
export function registrationPages(app: FastifyInstance) {
  const { db, mailer } = app.deps;
  const { link, countyName } = mailParts(app);

  // `next`: where the person came from (same-site path only); the confirmation mail and the login return there.
  const nextOf = (v: unknown) => safeNext(v, "");
  const withNext = (path: string, next: string) => (next ? `${path}${path.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}` : path);
  app.get<{ Querystring: { next?: string } }>("/registrieren", (req, reply) => reply.page(req.t("accounts.register.title"), (ctx) => <RegisterPage ctx={ctx} form={emptyForm()} next={nextOf(req.query.next)} />));

  app.post("/registrieren", { config: formLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["displayName", "email", "password", "passwordConfirm", "next"] as const);
    const next = nextOf(values.next);
    const form = validate(
      values,
      {
        displayName: [rules.required(), rules.maxLength(120)],
        email: [rules.required(), rules.email()],
        password: [rules.required()],
        passwordConfirm: [rules.required()],
      },
      t,
    );
    const pwProblem = values.password && passwordProblem(values.password, values.email);
    if (pwProblem && !form.errors.password) form.errors.password = t(pwProblem);
    if (!form.errors.password && !form.errors.passwordConfirm && values.password !== values.passwordConfirm) form.errors.passwordConfirm = t("accounts.password.mismatch");
    if (hasErrors(form)) return reply.page(t("accounts.register.title"), (ctx) => <RegisterPage ctx={ctx} form={scrub(form)} next={next} />, { status: 422 });

    const result = await citizenRegistrar(commandContext(app, req), { email: values.email, displayName: values.displayName, password: values.password, locale: req.locale });
    if (result.created) {
      await mailer.send({
        to: values.email,
        subject: t("accounts.mail.confirm.subject"),
        text: t("accounts.mail.confirm.body", { name: values.displayName, county: countyName(), link: link(withNext(`/registrieren/bestaetigen?token=${result.token}`, next)) }),
      });
    } else {
      // The same answer as for a new address; the owner learns about the attempt by mail.
      await mailer.send({ to: values.email, subject: t("accounts.mail.exists.subject"), text: t("accounts.mail.exists.body", { county: countyName(), link: link("/passwort-vergessen") }) });
    }
    return reply.page(t("accounts.register.sent.title"), (ctx) => (
      <MessagePage ctx={ctx} title={t("accounts.register.sent.title")} body={t("accounts.register.sent.body", { email: values.email })}>
        <p class="kern-body">{t("accounts.register.sent.noMail")}</p>
        {next && <p class="kern-body">{t("accounts.register.sent.next")}</p>}
      </MessagePage>
    ));
  });

  // A GET only shows the button: mail scanners that open links must not confirm accounts.
  app.get<{ Querystring: { token?: string; next?: string } }>("/registrieren/bestaetigen", async (req, reply) => {
    const token = String(req.query.token ?? "");
    const t = req.t;
    if (!token || !(await peekToken(db, token, "confirm_email"))) {
      return reply.page(t("accounts.confirm.invalid.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.confirm.invalid.title")} body={t("accounts.confirm.invalid.body")} />, { status: 410 });
    }
    return reply.page(t("accounts.confirm.title"), (ctx) => <ConfirmPage ctx={ctx} token={token} next={nextOf(req.query.next)} />);
  });

  app.post("/registrieren/bestaetigen", { config: formLimit }, async (req, reply) => {
    const { token, next } = readForm(req.body, ["token", "next"] as const);
    const t = req.t;
    const userId = token ? await emailConfirmer(commandContext(app, req), { token }) : undefined;
    if (!userId) return reply.page(t("accounts.confirm.invalid.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.confirm.invalid.title")} body={t("accounts.confirm.invalid.body")} />, { status: 410 });
    return reply.redirect(withNext("/anmelden?hinweis=bestaetigt", nextOf(next)), 303);
  });
}

/** /passwort-vergessen and /passwort-zuruecksetzen. */
export function passwordResetPages(app: FastifyInstance) {
  const { config, db, mailer } = app.deps;
  const { link, countyName } = mailParts(app);

  app.get("/passwort-vergessen", (req, reply) => reply.page(req.t("accounts.forgot.title"), (ctx) => <ForgotPage ctx={ctx} form={emptyForm()} sent={false} />));

  app.post("/passwort-vergessen", { config: formLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["email"] as const);
    const form = validate(values, { email: [rules.required(), rules.email()] }, t);
    if (hasErrors(form)) return reply.page(t("accounts.forgot.title"), (ctx) => <ForgotPage ctx={ctx} form={form} sent={false} />, { status: 422 });
    const user = await findUserByEmail(db, values.email);
    if (user && !user.disabled_at) {
      const token = await passwordResetRequester(commandContext(app, req), { userId: user.id });
      await mailer.send({ to: user.email, subject: t("accounts.mail.reset.subject"), text: t("accounts.mail.reset.body", { name: user.display_name, county: countyName(), link: link(`/passwort-zuruecksetzen?token=${token}`) }) });
    }
    return reply.page(t("accounts.forgot.title"), (ctx) => <ForgotPage ctx={ctx} form={emptyForm()} sent />);
  });

  app.get<{ Querystring: { token?: string } }>("/passwort-zuruecksetzen", async (req, reply) => {
    const token = String(req.query.token ?? "");
    const t = req.t;
    if (!token || !(await peekToken(db, token, "reset_password"))) {
      return reply.page(t("accounts.reset.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.reset.title")} body={t("accounts.reset.invalid")} />, { status: 410 });
    }
    return reply.page(t("accounts.reset.title"), (ctx) => <ResetPage ctx={ctx} form={emptyForm()} token={token} />, { noindex: true });
  });

  app.post("/passwort-zuruecksetzen", { config: formLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["token", "password", "passwordConfirm"] as const);
    const form = validate(values, { password: [rules.required()], passwordConfirm: [rules.required()] }, t);
    const pwProblem = values.password && passwordProblem(values.password, "");
    if (pwProblem && !form.errors.password) form.errors.password = t(pwProblem);
    if (!form.errors.password && !form.errors.passwordConfirm && values.password !== values.passwordConfirm) form.errors.passwordConfirm = t("accounts.password.mismatch");
    if (hasErrors(form)) return reply.page(t("accounts.reset.title"), (ctx) => <ResetPage ctx={ctx} form={scrub(form)} token={values.token} />, { status: 422 });
    const userId = await passwordResetter(commandContext(app, req), { token: values.token, password: values.password });
    if (!userId) return reply.page(t("accounts.reset.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.reset.title")} body={t("accounts.reset.invalid")} />, { status: 410 });
    reply.clearCookie(SESSION_COOKIE(config), sessionCookieOptions(config));
    return reply.redirect("/anmelden?hinweis=passwort", 303);
  });
}
