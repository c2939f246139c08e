/**
 * Agencies (TÖB) by token link, the weighing page with PDF/CSV, publishing the result and the public result
 * page (ADR 0048). The token travels in the query string (`?zugang=`), which the request log leaves out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { toCsv } from "../../../platform/csv.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { renderPdf, type PdfBlock } from "../../../platform/pdf/renderPdf.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { findMunicipality } from "../../geo/index.js";
import { agencyTokenHash, isAgencyToken } from "../agencies.js";
import { participationAgencyMessages } from "../agencyMessages.js";
import { agencyDraftSaver, agencyReleaser } from "../commands/agencyWork.js";
import { outcomeMailRef, weighingPublisher, weighingRecorder } from "../commands/weighing.js";
import { DECISIONS, type Decision } from "../db.js";
import { participationMessages } from "../messages.js";
import { authorizeManage } from "../policies.js";
import { csvSafe } from "../presenters.js";
import { findInvitation, findInvitationByTokenHash, findProcedure, weighingItems, weighingPublishedAt, type AgencyInvitation, type ProcedureDetail } from "../queries.js";
import { AgencyPage, AgencyStatementPage, PublicWeighingPage, WeighingPage, byTopic, roundText, weighLabels } from "./agencyViews.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const mailT = translatorFor(participationMessages, participationAgencyMessages);

/** Reads the weighing form (topic, decision, reason); errors in `form.errors`. */
export function readWeighForm(body: unknown, t: FastifyRequest["t"]): { form: FormState; topic: string | null; decision: Decision } {
  const values = readForm(body, ["thema", "entscheidung", "begruendung"] as const);
  const form = validate(values, { thema: [rules.maxLength(100)], begruendung: [rules.required(), rules.maxLength(20000)] }, t);
  if (!DECISIONS.includes(values.entscheidung as Decision)) form.errors.entscheidung = t("participation.staff.error.choice");
  const topic = values.thema.trim().replace(/\s+/g, " ");
  return { form, topic: topic === "" ? null : topic, decision: values.entscheidung as Decision };
}

export async function participationAgencyPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const municipalityName = async (ags: string) => (await findMunicipality(db, ags))?.short_name ?? ags;

  async function loadStaff(req: FastifyRequest<{ Params: { id: string } }>) {
    const p = await findProcedure(db, { id: req.params.id });
    authorizeManage(req.user, p);
    return p;
  }

  // ---- The agency's page behind the token link.
  async function loadAgency(req: FastifyRequest<{ Querystring: { zugang?: string } }>): Promise<{ a: AgencyInvitation; p: ProcedureDetail; token: string } | undefined> {
    const token = req.query.zugang;
    if (!isAgencyToken(token)) return undefined;
    const a = await findInvitationByTokenHash(db, agencyTokenHash(token));
    if (!a || Date.now() >= a.linkValidUntil.getTime()) return undefined;
    const p = await findProcedure(db, { id: a.procedureId });
    return p ? { a, p, token } : undefined;
  }

  const renderAgency = (req: FastifyRequest, reply: FastifyReply, x: { a: AgencyInvitation; p: ProcedureDetail; token: string }, form: FormState, status = 200, saved = false) =>
    reply.page(req.t("participation.agency.page.title"), (ctx) => <AgencyPage ctx={ctx} p={x.p} a={x.a} form={form} action={`/beteiligung-behoerden?zugang=${x.token}`} saved={saved} now={new Date()} />, { status, noindex: true });

  app.get<{ Querystring: { zugang?: string; gespeichert?: string } }>("/beteiligung-behoerden", async (req, reply) => {
    const x = await loadAgency(req);
    if (!x) return reply.callNotFound();
    reply.header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store");
    return renderAgency(req, reply, x, emptyForm({ text: x.a.body, verfasser: x.a.authorName }), 200, req.query.gespeichert === "1");
  });

  app.post<{ Querystring: { zugang?: string } }>("/beteiligung-behoerden", { config: writeLimit }, async (req, reply) => {
    const x = await loadAgency(req);
    if (!x) return reply.callNotFound();
    reply.header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store");
    const values = readForm(req.body, ["schritt", "text", "verfasser", "freigabe"] as const);
    const refusedText = (reason: string) => (reason === "released" ? req.t("participation.agency.error.released") : req.t("participation.agency.closedTitle"));
    if (values.schritt === "freigabe") {
      const result = await agencyReleaser(ctxOf(req), { invitationId: x.a.id, releasedByName: values.freigabe });
      if (!result.ok) {
        const form = emptyForm({ text: x.a.body, verfasser: x.a.authorName, freigabe: values.freigabe });
        if (result.reason === "released" || result.reason === "closed" || result.reason === "expired") {
          const fresh = (await loadAgency(req)) ?? x;
          return renderAgency(req, reply, fresh, { ...form, errors: { freigabe: refusedText(result.reason) } }, 409);
        }
        form.errors.freigabe = req.t(result.reason === "same" ? "participation.agency.error.same" : result.reason === "empty" ? "participation.agency.error.empty" : "participation.agency.error.releaser");
        return renderAgency(req, reply, x, form, 422);
      }
      return reply.redirect(`/beteiligung-behoerden?zugang=${x.token}`, 303);
    }
    const form = validate(values, { text: [rules.required("participation.agency.error.body"), rules.maxLength(50000)], verfasser: [rules.required("participation.agency.error.author"), rules.maxLength(200)] }, req.t);
    if (!form.errors.text && values.text.trim().length < 10) form.errors.text = req.t("participation.agency.error.body");
    if (!form.errors.verfasser && values.verfasser.trim().length < 2) form.errors.verfasser = req.t("participation.agency.error.author");
    if (x.a.releasedAt || Date.now() >= x.a.deadline.getTime()) return renderAgency(req, reply, x, { ...form, errors: { text: refusedText(x.a.releasedAt ? "released" : "closed") } }, 409);
    if (Object.keys(form.errors).length) return renderAgency(req, reply, x, form, 422);
    const result = await agencyDraftSaver(ctxOf(req), { invitationId: x.a.id, body: values.text, authorName: values.verfasser.trim() });
    if (!result.ok) return renderAgency(req, reply, (await loadAgency(req)) ?? x, { ...form, errors: { text: refusedText(result.reason) } }, 409);
    return reply.redirect(`/beteiligung-behoerden?zugang=${x.token}&gespeichert=1`, 303);
  });

  // ---- Staff: one released agency statement and its weighing.
  async function loadAgencyStatement(req: FastifyRequest<{ Params: { id: string; invitation: string } }>) {
    const p = await loadStaff(req);
    const a = await findInvitation(db, p.id, req.params.invitation);
    return { p, a: a?.releasedAt ? a : undefined };
  }

  app.get<{ Params: { id: string; invitation: string }; Querystring: { gespeichert?: string } }>("/verwaltung/beteiligung/:id/toeb/:invitation", { preHandler: requireStaff }, async (req, reply) => {
    const { p, a } = await loadAgencyStatement(req);
    if (!a) return reply.callNotFound();
    const published = (await weighingPublishedAt(db, p.id)) !== null;
    const form = emptyForm({ thema: a.topic ?? "", entscheidung: a.decision ?? "", begruendung: a.consideration ?? "" });
    return reply.page(req.t("participation.agency.staffTitle", { agency: a.agencyName }), (ctx) => <AgencyStatementPage ctx={ctx} p={p} a={a} form={form} saved={req.query.gespeichert === "1"} published={published} />, { noindex: true });
  });

  app.post<{ Params: { id: string; invitation: string } }>("/verwaltung/beteiligung/:id/toeb/:invitation", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, a } = await loadAgencyStatement(req);
    if (!a) return reply.callNotFound();
    const { form, topic, decision } = readWeighForm(req.body, req.t);
    const page = (status: number, published: boolean) => reply.page(req.t("participation.agency.staffTitle", { agency: a.agencyName }), (ctx) => <AgencyStatementPage ctx={ctx} p={p} a={a} form={form} saved={false} published={published} />, { status, noindex: true });
    if ((await weighingPublishedAt(db, p.id)) !== null) return page(409, true);
    if (Object.keys(form.errors).length) return page(422, false);
    const result = await weighingRecorder(ctxOf(req), { procedureId: p.id, item: { kind: "agency", id: a.id }, topic, decision, consideration: form.values.begruendung!, staffId: req.user!.id });
    if (!result.ok) return page(409, true);
    return reply.redirect(`/verwaltung/beteiligung/${p.id}/toeb/${a.id}?gespeichert=1`, 303);
  });

  // ---- Staff: the weighing page, its exports, publishing.
  const renderWeighing = async (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, opts: { status?: number; error?: string; notice?: string } = {}) => {
    const [items, publishedAt] = await Promise.all([weighingItems(db, p.id), weighingPublishedAt(db, p.id)]);
    return reply.page(req.t("participation.weighing.title", { title: p.title }), (ctx) => <WeighingPage ctx={ctx} p={p} items={items} publishedAt={publishedAt} error={opts.error} notice={opts.notice} />, { status: opts.status ?? 200, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { veroeffentlicht?: string } }>("/verwaltung/beteiligung/:id/abwaegung", { preHandler: requireStaff }, async (req, reply) => {
    const p = await loadStaff(req);
    const n = req.query.veroeffentlicht;
    return renderWeighing(req, reply, p, { notice: n !== undefined && /^[0-9]{1,6}$/.test(n) ? req.t("participation.weighing.publishedNow", { n }) : undefined });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/abwaegung/veroeffentlichen", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const p = await loadStaff(req);
    const municipality = await municipalityName(p.ags);
    const url = `${config.publicUrl}/beteiligung/${p.slug}/abwaegung`;
    const result = await weighingPublisher(ctxOf(req), {
      procedureId: p.id,
      staffId: req.user!.id,
      outcomeMail: (s) => {
        const t = mailT(s.locale);
        return {
          subject: t("participation.outcome.subject", { reference: s.reference }),
          text: t("participation.outcome.text", { name: s.name, reference: s.reference, title: `${p.title} (${municipality})`, decision: t(`participation.decision.${s.decision}`), reason: s.consideration, url, county: app.deps.county.name }),
        };
      },
    });
    if (!result.ok) {
      const error = result.reason === "unweighed" ? req.t("participation.weighing.error.unweighed", { n: result.count ?? 0 }) : req.t(`participation.weighing.error.${result.reason}`);
      return renderWeighing(req, reply, p, { status: 409, error });
    }
    if (result.mailed) await deliverQueuedMails(db, app.deps.mailer, { refs: [outcomeMailRef(p.id)] }).catch((err: unknown) => req.log.warn({ err }, "outcome mails deferred"));
    return reply.redirect(`/verwaltung/beteiligung/${p.id}/abwaegung?veroeffentlicht=${result.mailed}`, 303);
  });

  const exportName = (p: ProcedureDetail, ext: string) => `attachment; filename="abwaegung-${p.slug}.${ext}"`;

  app.get<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/abwaegung.csv", { preHandler: requireStaff }, async (req, reply) => {
    const p = await loadStaff(req);
    const items = await weighingItems(db, p.id);
    const t = req.t;
    const csv = toCsv(
      [t("participation.weighing.topic"), t("participation.weighing.col.item"), t("participation.staff.col.phase"), t("participation.weighing.col.place"), t("participation.staff.col.body"), t("participation.staff.decision"), t("participation.staff.reason")],
      items.map((it) => [it.topic ?? "", it.kind === "statement" ? it.label : `${t("participation.weighing.agency")}: ${it.label}`, roundText(t, it), it.place ?? "", it.body, t(`participation.decision.${it.decision ?? "none"}`), it.consideration ?? ""].map(csvSafe)),
    );
    return reply.type("text/csv; charset=utf-8").header("Content-Disposition", exportName(p, "csv")).header("Cache-Control", "no-store").send(`\uFEFF${csv}`);
  });

  app.get<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/abwaegung.pdf", { preHandler: requireStaff }, async (req, reply) => {
    const p = await loadStaff(req);
    const [items, municipality] = await Promise.all([weighingItems(db, p.id), municipalityName(p.ags)]);
    return reply.type("application/pdf").header("Content-Disposition", exportName(p, "pdf")).header("Cache-Control", "no-store").send(weighingPdf(req.t, p, municipality, items));
  });

  // ---- Public: the published result.
  app.get<{ Params: { slug: string } }>("/beteiligung/:slug/abwaegung", async (req, reply) => {
    const p = await findProcedure(db, { slug: req.params.slug });
    const publishedAt = p && (await weighingPublishedAt(db, p.id));
    if (!p || !publishedAt) return reply.callNotFound();
    const items = await weighingItems(db, p.id);
    return reply.page(req.t("participation.weighing.publicTitle", { title: p.title }), (ctx) => <PublicWeighingPage ctx={ctx} p={p} items={items} publishedAt={publishedAt} />);
  });
}


/** The weighing table as PDF (platform renderPdf: PDF/A-2b, tagged): per topic, per item text, place, result. */
export function weighingPdf(t: FastifyRequest["t"], p: ProcedureDetail, municipality: string, items: Awaited<ReturnType<typeof weighingItems>>): Buffer {
  const blocks: PdfBlock[] = [{ kind: "title", text: t("participation.weighing.pdfTitle"), subtitle: `${p.title} · ${municipality}` }];
  if (items.length === 0) blocks.push({ text: t("participation.weighing.empty") });
  for (const [topic, group] of byTopic(items)) {
    blocks.push({ kind: "heading", text: topic ?? t("participation.weighing.noTopic") });
    for (const it of group) {
      blocks.push({ kind: "heading", level: 3, text: it.kind === "statement" ? `${t("participation.weighing.citizen")} ${it.label}` : `${t("participation.weighing.agency")}: ${it.label}` });
      blocks.push({
        kind: "fields",
        rows: [
          ...(it.phase ? [{ label: t("participation.staff.col.phase"), value: roundText(t, it) }] : []),
          ...(it.place ? [{ label: t("participation.weighing.col.place"), value: it.place }] : []),
          { label: t("participation.staff.col.body"), value: it.body },
          ...(it.attachments.length ? [{ label: t("participation.attachments.label"), value: it.attachments.map((f) => f.name).join(", ") }] : []),
          { label: t("participation.staff.decision"), value: t(`participation.decision.${it.decision ?? "none"}`) },
          { label: t("participation.staff.reason"), value: it.consideration ?? "" },
        ],
      });
    }
  }
  return renderPdf(blocks, { title: `${t("participation.weighing.pdfTitle")}: ${p.title}`, issuer: municipality, subject: p.title });
}

export { weighLabels };
