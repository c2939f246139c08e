import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { verifyPassword } from "../../../platform/auth/password.js";
import { safeNext } from "../../../platform/auth/guards.js";
import { SESSION_COOKIE, sessionCookieOptions } from "../../../platform/http/cookies.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { findUserByEmail } from "../queries.js";
import { confirmationReissuer } from "../commands/emailConfirmer.js";
import { loginFailureRecorder, sessionEnder } from "../commands/loginRecorder.js";
import { DEVICE_TTL_MS, deviceRememberer, findDevice, loginUnlocker, unlockMailRequester } from "../commands/loginDevices.js";
import { accountKey, claimUnlockMail, clearAttempts, deviceKey, ipKey, refundAttempt, takeAttempt } from "../loginThrottle.js";
import { peekToken } from "../tokens.js";
import { commandContext, startBrowserSession } from "../browserSession.js";
import { LoginPage, MessagePage, UnlockPage } from "./views.js";

const loginLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const formLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };

/** Login, logout and the unlock link of a locked account (ADR 0023). */
export async function loginRoutes(app: FastifyInstance) {
  const { config, db, mailer } = app.deps;
  const link = (path: string) => `${config.publicUrl}${path}`;
  const countyName = () => app.deps.county.name;
  const deviceCookie = config.secureCookies ? "__Host-kp_device" : "kp_device";
  const setDeviceCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(deviceCookie, token, { path: "/", httpOnly: true, secure: config.secureCookies, sameSite: "lax", maxAge: DEVICE_TTL_MS / 1000 });

  const notices: Record<string, { kind: "success" | "info"; key: string }> = {
    bestaetigt: { kind: "success", key: "accounts.confirm.done" },
    abgemeldet: { kind: "info", key: "accounts.logout.done" },
    passwort: { kind: "success", key: "accounts.reset.done" },
    entsperrt: { kind: "success", key: "accounts.unlock.done" },
  };
  const loginOpts = (req: FastifyRequest, next: string, hinweis?: string) => {
    const n = hinweis ? notices[hinweis] : undefined;
    return { next, oidcLabel: config.oidc?.label, notice: n ? { kind: n.kind, text: req.t(n.key) } : undefined };
  };

  app.get<{ Querystring: { next?: string; hinweis?: string } }>("/anmelden", (req, reply) => {
    if (req.user) return reply.redirect(safeNext(req.query.next), 303);
    return reply.page(req.t("accounts.login.title"), (ctx) => <LoginPage ctx={ctx} form={emptyForm()} opts={loginOpts(req, safeNext(req.query.next), req.query.hinweis)} />, { noindex: true });
  });

  app.post("/anmelden", { config: loginLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["email", "password", "next"] as const);
    const next = safeNext(values.next);
    const form = validate(values, { email: [rules.required(), rules.email()], password: [rules.required()] }, t);
    const render = (f: FormState, status: number, notice?: { kind: "warning"; text: string }) =>
      reply.page(t("accounts.login.title"), (ctx) => <LoginPage ctx={ctx} form={scrub(f)} opts={{ ...loginOpts(req, next), notice }} />, { status, noindex: true });
    if (hasErrors(form)) return render(form, 422);

    const user = await findUserByEmail(db, values.email);
    // A browser this account logged in with before has its own allowance: a stranger's guesses do not lock it out.
    const device = await findDevice(db, req.cookies[deviceCookie]);
    const known = device && user && device.userId === user.id ? device : undefined;
    const acct = accountKey(values.email);
    const ip = ipKey(req.ip);
    let wait = known ? await takeAttempt(db, deviceKey(known.tokenHash)) : await takeAttempt(db, ip);
    let accountLocked = false;
    if (!known && wait === 0) {
      wait = await takeAttempt(db, acct);
      accountLocked = wait > 0;
    }
    if (wait > 0) {
      await loginFailureRecorder(commandContext(app, req), { userId: undefined, reason: "throttled" });
      if (accountLocked && user && !user.disabled_at && (await claimUnlockMail(db, acct))) await sendUnlockMail(req, user);
      reply.header("Retry-After", String(wait));
      return reply.page(t("error.tooMany.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("error.tooMany.title")} body={t("accounts.login.locked", { seconds: wait })} />, { status: 429, noindex: true });
    }

    const ok = await verifyPassword(user?.password_hash, values.password);
    if (!user || !ok || user.disabled_at) {
      await loginFailureRecorder(commandContext(app, req), { userId: user?.id, reason: !user ? "unknown_account" : user.disabled_at ? "disabled" : "wrong_password" });
      return render({ values, errors: { email: t("accounts.login.failed") } }, 401);
    }
    await clearAttempts(db, known ? deviceKey(known.tokenHash) : acct);
    if (!known) await refundAttempt(db, ip);
    if (!user.email_verified_at) {
      const token = await confirmationReissuer(commandContext(app, req), { userId: user.id });
      await mailer.send({ to: user.email, subject: t("accounts.mail.confirm.subject"), text: t("accounts.mail.confirm.body", { name: user.display_name, county: countyName(), link: link(`/registrieren/bestaetigen?token=${token}`) }) });
      return render(emptyForm({ email: values.email }), 403, { kind: "warning", text: t("accounts.login.unverified") });
    }
    await startBrowserSession(app, req, reply, { id: user.id, kind: user.kind }, "password");
    const deviceToken = await deviceRememberer(commandContext(app, req), { userId: user.id, known: device });
    if (deviceToken) setDeviceCookie(reply, deviceToken);
    return reply.redirect(next, 303);
  });

  async function sendUnlockMail(req: FastifyRequest, user: { id: string; email: string; display_name: string }) {
    const token = await unlockMailRequester(commandContext(app, req), { userId: user.id });
    const t = req.t;
    await mailer
      .send({ to: user.email, subject: t("accounts.mail.unlock.subject"), text: t("accounts.mail.unlock.body", { name: user.display_name, county: countyName(), link: link(`/anmelden/entsperren?token=${token}`) }) })
      .catch((err: unknown) => req.log.warn({ err }, "unlock mail not sent"));
  }

  app.post("/abmelden", async (req, reply) => {
    if (req.user) await sessionEnder(commandContext(app, req), { sessionHash: req.user.sessionHash, userId: req.user.id, kind: req.user.kind });
    reply.clearCookie(SESSION_COOKIE(config), sessionCookieOptions(config));
    // What the app cached while signed in (service worker caches, HTTP cache) goes with the session.
    reply.header("Clear-Site-Data", '"cache"');
    return reply.redirect("/anmelden?hinweis=abgemeldet", 303);
  });

  // ---- unlock link; a GET only shows the button (mail scanners open links)
  const invalidUnlock = (req: FastifyRequest, reply: FastifyReply) =>
    reply.page(req.t("accounts.unlock.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={req.t("accounts.unlock.title")} body={req.t("accounts.unlock.invalid")} />, { status: 410, noindex: true });

  app.get<{ Querystring: { token?: string } }>("/anmelden/entsperren", async (req, reply) => {
    const token = String(req.query.token ?? "");
    if (!token || !(await peekToken(db, token, "unlock_login"))) return invalidUnlock(req, reply);
    return reply.page(req.t("accounts.unlock.title"), (ctx) => <UnlockPage ctx={ctx} token={token} />, { noindex: true });
  });

  app.post("/anmelden/entsperren", { config: formLimit }, async (req, reply) => {
    const { token } = readForm(req.body, ["token"] as const);
    const result = token ? await loginUnlocker(commandContext(app, req), { token, accountKey: (email) => accountKey(email).key }) : undefined;
    if (!result) return invalidUnlock(req, reply);
    setDeviceCookie(reply, result.deviceToken);
    return reply.redirect("/anmelden?hinweis=entsperrt", 303);
  });
}

/** Passwords are never sent back to the browser. */
export function scrub(form: FormState): FormState {
  const { password: _p, passwordConfirm: _c, ...values } = form.values;
  return { values, errors: form.errors };
}
