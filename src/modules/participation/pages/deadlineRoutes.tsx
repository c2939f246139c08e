/**
 * Staff: change a phase's last day, change an agency's deadline, send an agency a fresh link (issue 18).
 * Each page has one small form; the commands (commands/deadlines.ts) audit and queue the agencies' mails.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { berlinDate, isDate } from "../../../platform/time/berlin.js";
import { Alert, Button, CsrfField, ErrorSummary, LinkLine, PageHeading, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { findMunicipality } from "../../geo/index.js";
import { agencyDeadlineChanger, agencyLinkRenewer, phaseEndChanger, type ChangeResult } from "../commands/deadlines.js";
import { participationAgencyMessages } from "../agencyMessages.js";
import { participationDeadlineMessages } from "../deadlineMessages.js";
import { participationMessages } from "../messages.js";
import { authorizeManage } from "../policies.js";
import { endParts, periodText } from "../presenters.js";
import { findInvitation, findProcedure, redisplayPossible, type AgencyInvitation, type PhaseInfo, type ProcedureDetail } from "../queries.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const mailT = translatorFor(participationMessages, participationAgencyMessages, participationDeadlineMessages)("de");

function PhasePage({ ctx, p, phase, form, notice }: { ctx: ViewContext; p: ProcedureDetail; phase: PhaseInfo; form: FormState; notice?: string }) {
  const { t } = ctx;
  const name = t(`participation.phase.${phase.kind}`);
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={{ bis: t("participation.deadline.lastDay") }} />
      {notice && <Alert kind="success" title={notice} />}
      <PageHeading preline={p.title}>{t("participation.deadline.phaseTitle", { phase: name })}</PageHeading>
      <p class="kern-body">{t("participation.deadline.phaseIntro", { period: periodText(t, phase) })}</p>
      {phase.endsAt.getTime() <= Date.now() && (
        <>
          <Alert kind="info" title={t("participation.deadline.phaseEnded", endParts(phase.endsAt))} />
          {redisplayPossible(p.phases) && <LinkLine href={`/verwaltung/beteiligung/${p.id}/erneute-auslegung`}>{t("participation.redisplay.link")}</LinkLine>}
        </>
      )}
      <form method="post" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="bis" type="date" label={t("participation.deadline.lastDay")} form={form} required />
        <Button>{t("participation.deadline.save")}</Button>
      </form>
      <LinkLine href={`/verwaltung/beteiligung/${p.id}#toeb-heading`}>{t("participation.staff.back")}</LinkLine>
    </div>
  );
}

function AgencyManagePage({ ctx, p, a, form, notice }: { ctx: ViewContext; p: ProcedureDetail; a: AgencyInvitation; form: FormState; notice?: string }) {
  const { t } = ctx;
  const end = endParts(a.deadline);
  const base = `/verwaltung/beteiligung/${p.id}/toeb/${a.id}`;
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={{ frist: t("participation.agency.lastDay") }} />
      {notice && <Alert kind="success" title={notice} />}
      <PageHeading preline={p.title}>{t("participation.deadline.agencyTitle", { agency: a.agencyName })}</PageHeading>
      <p class="kern-body">{t("participation.deadline.agencyIntro", { email: a.email, day: end.day, time: end.time })}</p>
      <form method="post" action={`${base}/frist`} novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="frist" type="date" label={t("participation.agency.lastDay")} hint={t("participation.agency.lastDayHint")} form={form} required />
        <Button>{t("participation.deadline.save")}</Button>
      </form>
      <h2 class="kern-heading-medium">{t("participation.deadline.resendTitle")}</h2>
      <p class="kern-body">{t("participation.deadline.resendIntro")}</p>
      <form method="post" action={`${base}/link`} class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <Button variant="secondary">{t("participation.deadline.resend")}</Button>
      </form>
      <LinkLine href={`/verwaltung/beteiligung/${p.id}#toeb-heading`}>{t("participation.staff.back")}</LinkLine>
    </div>
  );
}

/** The "last day" field (a date, today or later in Berlin); otherwise the error at the field. */
function readLastDay(req: FastifyRequest, field: "bis" | "frist", errorKey: string): { form: FormState; lastDay?: string } {
  const form = emptyForm(readForm(req.body, [field] as const));
  const lastDay = form.values[field]!;
  if (isDate(lastDay) && lastDay >= berlinDate(new Date())) return { form, lastDay };
  form.errors[field] = req.t(errorKey);
  return { form };
}

/** The last day (Berlin) of a period that ends (exclusive) at `end`. */
const lastDayOf = (end: Date) => berlinDate(new Date(end.getTime() - 1));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function participationDeadlinePages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const county = () => app.deps.county.name;

  async function loadStaff(req: FastifyRequest<{ Params: { id: string } }>) {
    const p = await findProcedure(db, { id: req.params.id });
    authorizeManage(req.user, p);
    const municipality = (await findMunicipality(db, p.ags))?.short_name ?? p.ags;
    return { p, municipality };
  }
  const send = (req: FastifyRequest, refs: string[]) => (refs.length ? deliverQueuedMails(db, app.deps.mailer, { refs }).catch((err: unknown) => req.log.warn({ err }, "participation mails deferred")) : undefined);
  const refusal = (req: FastifyRequest, r: Exclude<ChangeResult, { ok: true }>) => req.t(`participation.deadline.error.${r.reason === "missing" ? "published" : r.reason}`);

  // ---- A phase's last day.
  type PhaseReq = FastifyRequest<{ Params: { id: string; phase: string }; Querystring: { geaendert?: string } }>;
  async function loadPhase(req: PhaseReq) {
    const { p, municipality } = await loadStaff(req);
    return { p, municipality, phase: UUID.test(req.params.phase) ? p.phases.find((ph) => ph.id === req.params.phase) : undefined };
  }
  const phasePage = (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, phase: PhaseInfo, form: FormState, status = 200, notice?: string) =>
    reply.page(req.t("participation.deadline.phaseTitle", { phase: req.t(`participation.phase.${phase.kind}`) }), (ctx) => <PhasePage ctx={ctx} p={p} phase={phase} form={form} notice={notice} />, { status, noindex: true });

  app.get("/verwaltung/beteiligung/:id/phasen/:phase", { preHandler: requireStaff }, async (req: PhaseReq, reply) => {
    const { p, phase } = await loadPhase(req);
    if (!phase) return reply.callNotFound();
    const n = req.query.geaendert;
    return phasePage(req, reply, p, phase, emptyForm({ bis: lastDayOf(phase.endsAt) }), 200, n && /^\d{1,4}$/.test(n) ? req.t("participation.deadline.phaseSaved", { n }) : undefined);
  });

  app.post("/verwaltung/beteiligung/:id/phasen/:phase", { preHandler: requireStaff, config: writeLimit }, async (req: PhaseReq, reply) => {
    const { p, municipality, phase } = await loadPhase(req);
    if (!phase) return reply.callNotFound();
    const { form, lastDay } = readLastDay(req, "bis", "participation.deadline.error.day");
    if (!lastDay) return phasePage(req, reply, p, phase, form, 422);
    const phaseName = mailT(`participation.phase.${phase.kind}`);
    const result = await phaseEndChanger(ctxOf(req), {
      procedureId: p.id,
      phaseId: phase.id,
      lastDay,
      mail: ({ endsAt, agencyDeadline }) => {
        const own = endParts(agencyDeadline);
        return {
          subject: mailT("participation.deadline.mail.phaseSubject", { phase: phaseName, title: p.title }),
          text: mailT("participation.deadline.mail.phaseText", { title: p.title, municipality, phase: phaseName, ...endParts(endsAt), agencyDay: own.day, agencyTime: own.time, county: county() }),
        };
      },
    });
    if (!result.ok) {
      form.errors.bis = refusal(req, result);
      return phasePage(req, reply, p, phase, form, result.reason === "before_start" || result.reason === "shorten" || result.reason === "ended" ? 422 : 409);
    }
    await send(req, result.refs);
    return reply.redirect(`/verwaltung/beteiligung/${p.id}/phasen/${phase.id}?geaendert=${result.refs.length}`, 303);
  });

  // ---- An agency: new deadline, fresh link.
  type AgencyReq = FastifyRequest<{ Params: { id: string; invitation: string }; Querystring: { geaendert?: string; neu?: string } }>;
  async function loadAgency(req: AgencyReq) {
    const { p, municipality } = await loadStaff(req);
    const a = await findInvitation(db, p.id, req.params.invitation);
    return { p, municipality, a };
  }
  const agencyPage = (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, a: AgencyInvitation, form: FormState, status = 200, notice?: string) =>
    reply.page(req.t("participation.deadline.agencyTitle", { agency: a.agencyName }), (ctx) => <AgencyManagePage ctx={ctx} p={p} a={a} form={form} notice={notice} />, { status, noindex: true });

  app.get("/verwaltung/beteiligung/:id/toeb/:invitation/frist", { preHandler: requireStaff }, async (req: AgencyReq, reply) => {
    const { p, a } = await loadAgency(req);
    if (!a) return reply.callNotFound();
    const notice = req.query.geaendert === "1" ? req.t("participation.deadline.agencySaved") : req.query.neu === "1" ? req.t("participation.deadline.resent") : undefined;
    return agencyPage(req, reply, p, a, emptyForm({ frist: lastDayOf(a.deadline) }), 200, notice);
  });

  app.post("/verwaltung/beteiligung/:id/toeb/:invitation/frist", { preHandler: requireStaff, config: writeLimit }, async (req: AgencyReq, reply) => {
    const { p, municipality, a } = await loadAgency(req);
    if (!a) return reply.callNotFound();
    const { form, lastDay } = readLastDay(req, "frist", "participation.agency.error.lastDay");
    if (!lastDay) return agencyPage(req, reply, p, a, form, 422);
    const result = await agencyDeadlineChanger(ctxOf(req), {
      procedureId: p.id,
      invitationId: a.id,
      lastDay,
      graceDays: config.participation.agencyGraceDays,
      mail: ({ deadline }) => {
        const end = endParts(deadline);
        return { subject: mailT("participation.deadline.mail.agencySubject", { day: end.day, title: p.title }), text: mailT("participation.deadline.mail.agencyText", { title: p.title, municipality, ...end, county: county() }) };
      },
    });
    if (!result.ok) {
      form.errors.frist = refusal(req, result);
      return agencyPage(req, reply, p, a, form, 409);
    }
    await send(req, result.refs);
    return reply.redirect(`/verwaltung/beteiligung/${p.id}/toeb/${a.id}/frist?geaendert=1`, 303);
  });

  app.post("/verwaltung/beteiligung/:id/toeb/:invitation/link", { preHandler: requireStaff, config: writeLimit }, async (req: AgencyReq, reply) => {
    const { p, municipality, a } = await loadAgency(req);
    if (!a) return reply.callNotFound();
    const result = await agencyLinkRenewer(ctxOf(req), {
      procedureId: p.id,
      invitationId: a.id,
      mail: ({ token, deadline }) => ({
        subject: mailT("participation.deadline.mail.linkSubject", { title: p.title }),
        text: mailT("participation.deadline.mail.linkText", { title: p.title, municipality, url: `${config.publicUrl}/beteiligung-behoerden?zugang=${token}`, ...endParts(deadline), county: county() }),
      }),
    });
    if (!result.ok) return agencyPage(req, reply, p, a, { values: { frist: lastDayOf(a.deadline) }, errors: { frist: refusal(req, result) } }, 409);
    await send(req, result.refs);
    return reply.redirect(`/verwaltung/beteiligung/${p.id}/toeb/${a.id}/frist?neu=1`, 303);
  });
}
