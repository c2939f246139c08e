/**
 * Requests of families and hospital social services to providers (issue 17 item 3): the form (anonymous
 * need; the person's details only with consent), the requester's answers (secret link or "Meine
 * Anfragen"), and the provider's inbox with its answer.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { currentUser, requireLogin } from "../../../platform/auth/guards.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import { addDays, berlinDate, isDate } from "../../../platform/time/berlin.js";
import { emptyForm } from "../../../platform/views/components.js";
import { UUID, isAgs } from "../../../platform/keys.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { findMailContact } from "../../accounts/index.js";
import { isAnswer, isCareKind, isSpecialisation } from "../kinds.js";
import { authorizeReport } from "../policies.js";
import { findProvider, providerIdsOfMember } from "../queries.js";
import { countRequestsSince, isRecipient, isWithdrawn, memberIdsOf, recipientProviderIds, requestBySecret, requesterOf, requestsForProvider, requestsOfRequester } from "../requestQueries.js";
import { requestWithdrawer, type WithdrawNotice } from "../commands/requestWithdrawer.js";
import { requestSender, secretHashOf, type RequestRecipient } from "../commands/requestSender.js";
import { requestAnswerer } from "../commands/requestAnswerer.js";
import { InboxPage, MyRequestsPage, RequestFormPage, RequestStatusPage, type ChosenProvider } from "./requestViews.js";
import type { Place } from "./views.js";
import { multi, reportableProvider } from "./pageHelpers.js";
import { isCounsellor } from "./counsellorRoutes.js";

/** At most this many providers per request, and requests per client (or account) per day. */
export const MAX_PROVIDERS_PER_REQUEST = 10;
export const REQUESTS_PER_DAY = 10;
/** Care counsellors send for many families: their daily limit. */
export const COUNSELLOR_REQUESTS_PER_DAY = 100;
/** The secret of a requester's link (24 random bytes, base64url). */
const SECRET = /^[A-Za-z0-9_-]{32}$/;

export async function careRequestPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async (): Promise<Place[]> => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));
  const clientHash = (req: FastifyRequest) => createHash("sha256").update(`${config.sessionSecret}:${req.ip}`).digest("hex");

  /** The active providers named in the form or link (unknown ids are dropped; at most 10). */
  async function chosenProviders(ids: string[]): Promise<Array<ChosenProvider & { kinds: string[]; email: string }>> {
    const out = [];
    for (const id of [...new Set(ids)].filter((x) => UUID.test(x)).slice(0, MAX_PROVIDERS_PER_REQUEST)) {
      const p = await findProvider(db, id);
      if (p?.active) out.push({ id: p.id, name: p.name, kinds: p.kinds, email: p.email });
    }
    return out;
  }

  /** Where mails to a provider go: its accounts' addresses (in their language), else its public address (German). */
  async function providerAddresses(providerId: string, publicEmail: string): Promise<{ email: string; locale: string }[]> {
    const addresses = [];
    for (const id of await memberIdsOf(db, providerId)) {
      const c = await findMailContact(db, id);
      if (c) addresses.push({ email: c.email, locale: c.locale });
    }
    return addresses.length ? addresses : publicEmail ? [{ email: publicEmail, locale: "de" }] : [];
  }

  /** The withdrawal notices of a request: every address of every provider it went to. */
  async function withdrawNotices(requestId: string): Promise<WithdrawNotice[]> {
    const out: WithdrawNotice[] = [];
    for (const id of await recipientProviderIds(db, requestId)) {
      const p = await findProvider(db, id);
      for (const a of await providerAddresses(id, p?.email ?? "")) out.push({ providerId: id, to: a.email, locale: a.locale });
    }
    return out;
  }

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>("/pflegeplaetze/anfrage", async (req, reply) => {
    const chosen = await chosenProviders(multi(req.query, "anbieter"));
    if (chosen.length === 0) return reply.callNotFound();
    const q = readForm(req.query, ["art", "ab", "gemeinde"] as const);
    const values = { art: isCareKind(q.art) ? q.art : "", ab: isDate(q.ab) ? q.ab : "", gemeinde: isAgs(q.gemeinde) ? q.gemeinde : "", spez: multi(req.query, "spez").filter(isSpecialisation).join(" ") };
    const all = await places();
    const onBehalf = isCounsellor(req);
    return reply.page(req.t("care.request.title"), (ctx) => <RequestFormPage ctx={ctx} form={emptyForm(values)} places={all} chosen={chosen} onBehalf={onBehalf} />, { noindex: true });
  });

  app.post("/pflegeplaetze/anfrage", { config: { rateLimit: { max: 5, timeWindow: 600_000 } } }, async (req, reply) => {
    const t = req.t;
    const chosen = await chosenProviders(multi(req.body, "anbieter"));
    if (chosen.length === 0) return reply.callNotFound();
    const all = await places();
    const values = readForm(req.body, ["art", "ab", "gemeinde", "personName", "personContact", "note"] as const);
    const consent = multi(req.body, "einwilligung").includes("ja");
    const spez = [...new Set(multi(req.body, "spez"))].filter(isSpecialisation);
    const form = validate(values, { art: [rules.required()], ab: [rules.required()], gemeinde: [rules.required()], personName: [rules.maxLength(200)], personContact: [rules.maxLength(200)], note: [rules.maxLength(1000)] }, t);
    form.values.spez = spez.join(" ");
    form.values.einwilligung = consent ? "ja" : "";
    const today = berlinDate(new Date());
    if (!form.errors.art && !isCareKind(values.art)) form.errors.art = t("care.form.kindsRequired");
    else if (!form.errors.art && !chosen.some((p) => p.kinds.includes(values.art))) form.errors.art = t("care.request.kindNotOffered");
    if (!form.errors.ab && (!isDate(values.ab) || values.ab < today || values.ab > addDays(today, 366))) form.errors.ab = t("care.request.badDate");
    if (!form.errors.gemeinde && !all.some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = t("care.form.municipalityRequired");
    if (consent && !values.personName) form.errors.personName = t("care.request.nameRequired");
    if (consent && !values.personContact) form.errors.personContact = t("care.request.contactRequired");
    const user = req.user;
    const hash = clientHash(req);
    const onBehalf = isCounsellor(req);
    const perDay = onBehalf ? COUNSELLOR_REQUESTS_PER_DAY : REQUESTS_PER_DAY;
    const tooMany = t("care.request.tooMany", { n: perDay });
    if (!hasErrors(form) && (await countRequestsSince(db, { requesterId: user?.id, clientHash: hash }, new Date(Date.now() - 86_400_000))) >= perDay) form.errors.art = tooMany;
    if (hasErrors(form)) {
      const status = form.errors.art === tooMany ? 429 : 422;
      return reply.page(t("care.request.title"), (ctx) => <RequestFormPage ctx={ctx} form={form} places={all} chosen={chosen} onBehalf={onBehalf} />, { status, noindex: true });
    }
    // Only providers offering the kind get the request; mails carry a link only.
    const to: RequestRecipient[] = [];
    for (const p of chosen.filter((c) => c.kinds.includes(values.art))) to.push({ providerId: p.id, providerName: p.name, addresses: await providerAddresses(p.id, p.email) });
    const { secret } = await requestSender(
      { actor: req.actor(), db, requestId: req.id },
      { kind: values.art, neededFrom: values.ab, ags: values.gemeinde, specialisations: spez, consent, personName: values.personName, personContact: values.personContact, note: values.note, requesterId: user?.id ?? null, counsellorId: onBehalf ? user!.id : null, clientHash: hash },
      to,
      config.publicUrl,
    );
    return reply.redirect(`/pflegeplaetze/anfrage/${secret}?gesendet=1`, 303);
  });

  app.get<{ Params: { secret: string }; Querystring: { gesendet?: string; zurueckgezogen?: string } }>("/pflegeplaetze/anfrage/:secret", async (req, reply) => {
    if (!SECRET.test(req.params.secret)) return reply.callNotFound();
    const r = await requestBySecret(db, secretHashOf(req.params.secret));
    if (!r) return reply.callNotFound();
    const all = await places();
    const link = `${config.publicUrl}/pflegeplaetze/anfrage/${req.params.secret}`;
    return reply.page(req.t("care.request.statusTitle"), (ctx) => <RequestStatusPage ctx={ctx} r={r} places={all} link={link} sent={req.query.gesendet === "1"} withdrawn={req.query.zurueckgezogen === "1"} action={`/pflegeplaetze/anfrage/${req.params.secret}/zurueckziehen`} retentionMonths={config.care.requestRetentionMonths} />, { noindex: true });
  });

  // Withdrawing: whoever holds the secret link, or the signed-in requester for their own request (others: 404).
  app.post<{ Params: { secret: string } }>("/pflegeplaetze/anfrage/:secret/zurueckziehen", { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async (req, reply) => {
    if (!SECRET.test(req.params.secret)) return reply.callNotFound();
    const hash = secretHashOf(req.params.secret);
    const r = await requestBySecret(db, hash);
    if (!r) return reply.callNotFound();
    const requester = req.user ? await requesterContact(r.id, req.user.id) : undefined;
    await requestWithdrawer({ actor: req.actor(), db, requestId: req.id }, { secretHash: hash }, withdrawNotices, { publicUrl: config.publicUrl, requester });
    return reply.redirect(`/pflegeplaetze/anfrage/${req.params.secret}?zurueckgezogen=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/pflegeplaetze/anfragen/:id/zurueckziehen", { preHandler: requireLogin, config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async (req, reply) => {
    const user = currentUser(req);
    if (!UUID.test(req.params.id) || (await requesterOf(db, req.params.id)) !== user.id) return reply.callNotFound();
    const requester = await requesterContact(req.params.id, user.id);
    const done = await requestWithdrawer({ actor: req.actor(), db, requestId: req.id }, { requestId: req.params.id, requesterId: user.id }, withdrawNotices, { publicUrl: config.publicUrl, requester });
    return reply.redirect(`/pflegeplaetze/anfragen${done ? "?zurueckgezogen=1" : ""}`, 303);
  });

  /** The requester's mail contact when the signed-in account is the request's requester. */
  async function requesterContact(requestId: string, userId: string) {
    return (await requesterOf(db, requestId)) === userId ? await findMailContact(db, userId) : undefined;
  }

  app.get<{ Querystring: { zurueckgezogen?: string } }>("/pflegeplaetze/anfragen", { preHandler: requireLogin }, async (req, reply) => {
    const list = await requestsOfRequester(db, currentUser(req).id);
    const all = await places();
    return reply.page(req.t("care.myRequests.title"), (ctx) => <MyRequestsPage ctx={ctx} list={list} places={all} withdrawn={req.query.zurueckgezogen === "1"} retentionMonths={config.care.requestRetentionMonths} />, { noindex: true });
  });

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/pflegeplaetze/anbieter/:id/anfragen", { preHandler: requireLogin }, async (req, reply) => {
    const p = await reportableProvider(db, req);
    if (!p) return reply.callNotFound();
    const list = await requestsForProvider(db, p.id);
    const all = await places();
    return reply.page(req.t("care.inbox.title"), (ctx) => <InboxPage ctx={ctx} providerId={p.id} providerName={p.name} list={list} places={all} forms={{}} notice={req.query.ok === "1"} />, { noindex: true });
  });

  app.post<{ Params: { id: string; requestId: string } }>("/pflegeplaetze/anbieter/:id/anfragen/:requestId", { preHandler: requireLogin, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    const p = await reportableProvider(db, req);
    if (!p || !(await isRecipient(db, req.params.requestId, p.id))) return reply.callNotFound();
    const rid = req.params.requestId;
    const a = `antwort-${rid}`;
    const n = `notiz-${rid}`;
    const values = readForm(req.body, [a, n]);
    const form = validate(values, { [n]: [rules.maxLength(500)] }, req.t);
    if (!isAnswer(values[a])) form.errors[a] = req.t("care.inbox.answerRequired");
    if (await isWithdrawn(db, rid)) form.errors[a] = req.t("care.withdraw.noAnswer");
    if (hasErrors(form)) {
      const list = await requestsForProvider(db, p.id);
      const all = await places();
      return reply.page(req.t("care.inbox.title"), (ctx) => <InboxPage ctx={ctx} providerId={p.id} providerName={p.name} list={list} places={all} forms={{ [rid]: form }} />, { status: form.errors[a] === req.t("care.withdraw.noAnswer") ? 409 : 422, noindex: true });
    }
    const requester = await requesterOf(db, rid);
    const contact = requester ? await findMailContact(db, requester) : undefined;
    await requestAnswerer({ actor: req.actor(), db, requestId: req.id }, rid, p.id, values[a] as never, values[n] ?? "", { to: contact?.email, locale: contact?.locale, publicUrl: config.publicUrl });
    return reply.redirect(`/pflegeplaetze/anbieter/${p.id}/anfragen?ok=1`, 303);
  });
}
