import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { TaskListPage } from "./taskList.js";
import { clean, pageFieldNames, prefill, removeInstance } from "./draftValues.js";
import { hasControlChars } from "../../../platform/controlChars.js";
import { calculate, checkAnswers, codeLabelOf, feeFor, pointerToName, sections, submissionCalculation, usesTaskList, valuesToTree, visitKey, type Answers, type FormDefinition, type PageDef } from "../../forms/index.js";
import { statusCodeFor } from "../commands/applicationSubmitter.js";
import { uploadClientKey } from "../../../platform/files/index.js";
import { draftCreator, draftSaver } from "../commands/draftSaver.js";
import { authorizeDraft, authorizeSubmission, hashToken, type ApplicationActor } from "../policies.js";
import { findDraft, findForm, findSubmission, listOwnApplications, submissionPayment } from "../queries.js";
import { completeSubmission } from "../service.js";
import { confirmationPath, receiptPath, receiptPdfPath, statusPath } from "../paths.js";
import { receiptPdf } from "../receipt.js";
import { PAYMENT_PENDING } from "../payment.js";
import { PaymentBox, PendingPaymentPage, paymentLine } from "./payment.js";
import { startFeePayment } from "../commands/feePaymentStarter.js";
import { readableCaseSubmission } from "../../cases/index.js";
import { PaymentProviderError } from "../../payments/index.js";
import { findFile, fileStoreFor, sendStoredFile } from "../../../platform/files/index.js";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { receivingOfficeName, submissionDocument } from "../documents.js";
import { canDownloadDraftFile, canDraft } from "../policies.js";
import { applyStepUploads, draftFileIds } from "../uploads.js";
import { draftDeleter } from "../commands/draftDeleter.js";
import { DeleteDraftPage } from "./deleteDraft.js";
import { postcodeErrors } from "../postcodes.js";
import { CheckPage, feeLabel, StartPage, StepPage } from "./views.js";
import { ConfirmationPage, ReceiptPage } from "./receiptViews.js";

const ANON_COOKIE = "kp_antrag";
const stepLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };

/** SSR pages: start, one topic per page, check your answers, submit, confirmation, receipt, status, "Meine Anträge". */
export async function applicationPages(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;

  const actorOf = (req: FastifyRequest, code?: string): ApplicationActor => {
    const raw = req.cookies[ANON_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    return { ...req.actor(), anonToken: unsigned?.valid ? (unsigned.value ?? undefined) : undefined, statusCode: code };
  };
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });
  const notFound = (reply: FastifyReply) => reply.callNotFound();

  async function loadDraft(req: FastifyRequest, draftId: string, action: "read" | "update" | "submit") {
    const draft = await findDraft(db, draftId);
    authorizeDraft(actorOf(req), action, draft);
    const form = await findForm(db, draft.form_id, draft.form_version);
    if (!form) throw new Error(`form ${draft.form_id}@${draft.form_version} missing`);
    return { draft, form, def: form.definition };
  }

  // GET /antraege ("Meine Anträge", with the case status and mailbox) is served by the mailbox module.

  app.get<{ Params: { formId: string } }>("/antraege/:formId", async (req, reply) => {
    const form = await findForm(db, req.params.formId);
    if (!form) return notFound(reply);
    const def = form.definition;
    const loginHref = !def.anonymous && !req.user ? `/anmelden?next=${encodeURIComponent(req.url)}` : undefined;
    const drafts = req.user ? (await listOwnApplications(db, req.user.id)).drafts.filter((d) => d.form_id === def.id) : [];
    return reply.page(def.title, (ctx) => <StartPage ctx={ctx} def={def} loginHref={loginHref} drafts={drafts} />);
  });

  app.post<{ Params: { formId: string } }>("/antraege/:formId/beginnen", { config: stepLimit }, async (req, reply) => {
    const form = await findForm(db, req.params.formId);
    if (!form) return notFound(reply);
    const def = form.definition;
    if (!def.anonymous && !req.user) return reply.redirect(`/anmelden?next=${encodeURIComponent(`/antraege/${def.id}`)}`, 303);
    let anonHash: string | null = null;
    if (!req.user) {
      let token = actorOf(req).anonToken;
      if (!token) {
        token = randomBytes(24).toString("base64url");
        reply.setCookie(ANON_COOKIE, token, { signed: true, httpOnly: true, sameSite: "lax", secure: config.secureCookies, path: "/antraege", maxAge: 30 * 86_400 });
      }
      anonHash = hashToken(token);
    }
    const id = await draftCreator(ctxOf(req), { formId: form.id, formVersion: form.version, userId: req.user?.id ?? null, anonTokenHash: anonHash, values: prefill(def, req.user) });
    return reply.redirect(`/antraege/entwurf/${id}/${usesTaskList(def) ? "uebersicht" : def.pages[0]!.id}`, 303);
  });

  app.get<{ Params: { draftId: string } }>("/antraege/entwurf/:draftId", async (req, reply) => {
    const { def } = await loadDraft(req, req.params.draftId, "read");
    return reply.redirect(`/antraege/entwurf/${req.params.draftId}/${usesTaskList(def) ? "uebersicht" : def.pages[0]!.id}`, 303);
  });

  // "Entwurf löschen" (issue 24 item 7): a confirmation page, then a POST (CSRF like every form). Someone else's
  // draft or an unknown id is 404, as if it did not exist (draft ids cannot be probed).
  const ownDraft = async (req: FastifyRequest, draftId: string) => {
    const draft = await findDraft(db, draftId);
    return canDraft(actorOf(req), "update", draft) ? draft : undefined;
  };
  app.get<{ Params: { draftId: string } }>("/antraege/entwurf/:draftId/loeschen", async (req, reply) => {
    const draft = await ownDraft(req, req.params.draftId);
    if (!draft) return notFound(reply);
    const form = await findForm(db, draft.form_id, draft.form_version);
    const backHref = req.user ? "/antraege" : `/antraege/entwurf/${draft.id}`;
    return reply.page(req.t("applications.deleteDraft.title"), (ctx) => <DeleteDraftPage ctx={ctx} draftId={draft.id} title={form?.title ?? draft.form_id} savedAt={new Date(draft.updated_at)} files={draftFileIds(draft.values).length} backHref={backHref} />, { noindex: true });
  });
  app.post<{ Params: { draftId: string } }>("/antraege/entwurf/:draftId/loeschen", { config: stepLimit }, async (req, reply) => {
    const draft = await ownDraft(req, req.params.draftId);
    if (!draft || !(await draftDeleter(ctxOf(req), { config, draftId: draft.id }))) return notFound(reply);
    return reply.redirect(req.user ? "/antraege?entwurf=geloescht" : `/antraege/${draft.form_id}`, 303);
  });

  const renderStep = (reply: FastifyReply, def: FormDefinition, page: PageDef, draftId: string, form: FormState, back: boolean, status = 200) => {
    const tree = checkAnswers(def, valuesToTree(def, form.values), "form").answers;
    const action = `/antraege/entwurf/${draftId}/${page.id}${back ? "?zurueck=pruefen" : ""}`;
    const stepNo = def.pages.indexOf(page) + 1;
    const title = Object.keys(form.errors).length ? reply.request.t("applications.errorTitle", { title: page.title }) : page.title;
    const tasksHref = usesTaskList(def) ? `/antraege/entwurf/${draftId}/uebersicht` : undefined;
    return reply.page(title, (ctx) => <StepPage ctx={ctx} def={def} page={page} form={form} tree={tree} action={action} stepNo={stepNo} tasksHref={tasksHref} />, { status, noindex: true });
  };

  app.get<{ Params: { draftId: string; pageId: string }; Querystring: { zurueck?: string } }>("/antraege/entwurf/:draftId/:pageId", async (req, reply) => {
    const { draft, form, def } = await loadDraft(req, req.params.draftId, "read");
    if (req.params.pageId === "uebersicht" && usesTaskList(def)) {
      const s = sections(def, draft.values);
      return reply.page(req.t("applications.tasks.title"), (ctx) => <TaskListPage ctx={ctx} def={def} draftId={draft.id} sections={s.sections} complete={s.complete} />, { noindex: true });
    }
    // Long forms: "check your answers" opens once every section is complete (the task list says what is missing).
    if (req.params.pageId === "pruefen" && usesTaskList(def) && !sections(def, draft.values).complete) return reply.redirect(`/antraege/entwurf/${draft.id}/uebersicht`, 303);
    if (req.params.pageId === "pruefen") {
      const { answers, errors } = checkAnswers(def, valuesToTree(def, draft.values), "form");
      const calc = calculate(def.calculation, answers, codeLabelOf(def));
      return reply.page(req.t("applications.check.title"), (ctx) => <CheckPage ctx={ctx} def={def} answers={answers} errors={errors} draftId={draft.id} feeCents={feeFor(form.definition, answers)} calc={calc} />, { noindex: true });
    }
    const page = def.pages.find((p) => p.id === req.params.pageId);
    if (!page) return notFound(reply);
    return renderStep(reply, def, page, draft.id, emptyForm(draft.values), req.query.zurueck === "pruefen");
  });

  app.post<{ Params: { draftId: string; pageId: string }; Querystring: { zurueck?: string } }>("/antraege/entwurf/:draftId/:pageId", { config: stepLimit }, async (req, reply) => {
    const { draft, def } = await loadDraft(req, req.params.draftId, "update");
    const page = def.pages.find((p) => p.id === req.params.pageId);
    if (!page) return notFound(reply);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const counts: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (k.endsWith(".__count")) counts[k] = clean(v);
    // The page's values replace what the draft held for its items; the other pages stay as they were.
    const own = new Set(page.items.map((i) => i.id));
    let values: Record<string, string> = Object.fromEntries(Object.entries(draft.values).filter(([k]) => !own.has(k.split(".")[0]!)));
    for (const name of pageFieldNames(page, counts)) values[name] = clean(body[name]);
    const action = clean(body.aktion) || "weiter";
    // File fields: the draft's files, new uploads (checked and stored), "Datei entfernen" (uploads.ts).
    const files = await applyStepUploads(ctxOf(req), { config, t: req.t, page, draft, values, uploads: req.uploads, action, client: uploadClientKey(req.actor(), req.ip) });
    values = files.values;
    // How the page was left, for the task list: "Fehler" only after trying to continue.
    values[visitKey(page.id)] = action === "weiter" ? "weiter" : values[visitKey(page.id)] === "weiter" ? "weiter" : "gespeichert";
    const back = req.query.zurueck === "pruefen";
    const self = `/antraege/entwurf/${draft.id}/${page.id}${back ? "?zurueck=pruefen" : ""}`;
    if (files.removed || Object.keys(files.errors).length) {
      await draftSaver(ctxOf(req), { draftId: draft.id, values });
      if (!Object.keys(files.errors).length) return reply.redirect(`${self}#${files.removed}`, 303);
      // A refused upload: its message at the field, every other answer kept.
      const others = action === "weiter" ? checkAnswers(def, valuesToTree(def, values), "form", page.id).errors : [];
      const form: FormState = { values, errors: { ...Object.fromEntries(others.map((e) => [pointerToName(e.path), e.message])), ...files.errors } };
      return renderStep(reply, def, page, draft.id, form, back, 422);
    }
    // Control characters were removed above (they never reach the draft); say so next to the field.
    const withControlChars = pageFieldNames(page, counts).filter((name) => typeof body[name] === "string" && hasControlChars(body[name] as string));
    if (withControlChars.length) {
      await draftSaver(ctxOf(req), { draftId: draft.id, values });
      const form: FormState = { values, errors: Object.fromEntries(withControlChars.map((name) => [name, req.t("validation.controlChars")])) };
      return renderStep(reply, def, page, draft.id, form, back, 422);
    }
    let m: RegExpExecArray | null;
    if ((m = /^hinzufuegen:([\w.]+)$/.exec(action))) {
      values[`${m[1]}.__count`] = String(Number(values[`${m[1]}.__count`] ?? "1") + 1);
      await draftSaver(ctxOf(req), { draftId: draft.id, values });
      return reply.redirect(`${self}#${m[1]}`, 303);
    }
    if ((m = /^entfernen:([\w.]+):(\d+)$/.exec(action))) {
      values = removeInstance(values, m[1]!, Number(m[2]));
      await draftSaver(ctxOf(req), { draftId: draft.id, values });
      return reply.redirect(`${self}#${m[1]}`, 303);
    }
    await draftSaver(ctxOf(req), { draftId: draft.id, values });
    const taskList = usesTaskList(def);
    if (action === "speichern") return reply.redirect(req.user ? "/antraege" : taskList ? `/antraege/entwurf/${draft.id}/uebersicht` : self, 303);
    const checked = checkAnswers(def, valuesToTree(def, values), "form", page.id);
    // Postcode ↔ municipality (shipped postcode data), once the page is otherwise valid.
    const errors = checked.errors.length ? checked.errors : await postcodeErrors(db, def, checked.answers, page.id);
    if (errors.length) {
      const form: FormState = { values, errors: Object.fromEntries(errors.map((e) => [pointerToName(e.path), e.message])) };
      return renderStep(reply, def, page, draft.id, form, back, 422);
    }
    const next = def.pages[def.pages.indexOf(page) + 1];
    if (taskList && !back) return reply.redirect(`/antraege/entwurf/${draft.id}/uebersicht#abschnitt-${page.id}`, 303);
    return reply.redirect(`/antraege/entwurf/${draft.id}/${back || !next ? "pruefen" : next.id}`, 303);
  });

  app.post<{ Params: { draftId: string } }>("/antraege/entwurf/:draftId/absenden", { config: stepLimit }, async (req, reply) => {
    const existing = await findDraft(db, req.params.draftId);
    if (!existing) {
      // A second click after the first submission went through: the draft is gone, the submission is there.
      const sub = await db.selectFrom("application_submissions").select(["reference", "user_id"]).where("idempotency_key", "=", `web:${req.params.draftId}`).executeTakeFirst();
      if (sub && req.user && sub.user_id === req.user.id) return reply.redirect(`/antraege/eingang/${sub.reference}`, 303);
      if (sub) return reply.page(req.t("applications.already.title"), (ctx) => <ConfirmationAlready ctx={ctx} reference={sub.reference} />, { status: 409, noindex: true });
      return notFound(reply);
    }
    const { draft, form, def } = await loadDraft(req, req.params.draftId, "submit");
    const outcome = await completeSubmission(ctxOf(req), { app, config, mailer, log: req.log }, form, valuesToTree(def, draft.values), {
      source: "form",
      userId: req.user?.kind === "citizen" ? req.user.id : null,
      channel: "web",
      idempotencyKey: `web:${draft.id}`,
      draftId: draft.id,
      notice: { locale: req.locale, account: req.user ? { email: req.user.email } : undefined },
      // Fee paid before: the submission waits as payment_pending; straight on to the payment service.
      payNow: true,
    });
    if (outcome.kind === "invalid") {
      const { answers } = checkAnswers(def, valuesToTree(def, draft.values), "form");
      return reply.page(req.t("applications.errorTitle", { title: req.t("applications.check.title") }), (ctx) => <CheckPage ctx={ctx} def={def} answers={answers} errors={outcome.errors} draftId={draft.id} feeCents={feeFor(def, answers)} />, { status: 422, noindex: true });
    }
    if (outcome.kind === "conflict") return notFound(reply);
    if (outcome.payRedirect) return reply.redirect(outcome.payRedirect, 303);
    return reply.redirect(confirmationPath(outcome.reference, outcome.statusCode), 303);
  });

  const loadSubmission = async (req: FastifyRequest<{ Params: { reference: string }; Querystring: { code?: string } }>) => {
    const sub = await findSubmission(db, req.params.reference);
    authorizeSubmission(actorOf(req, typeof req.query.code === "string" ? req.query.code : undefined), "read", sub);
    const form = await findForm(db, sub.form_id, sub.form_version);
    return { sub, def: form!.definition };
  };

  app.get<{ Params: { reference: string }; Querystring: { code?: string } }>("/antraege/eingang/:reference", async (req, reply) => {
    const { sub, def } = await loadSubmission(req);
    const code = await statusCodeFor(db, config.sessionSecret, sub.id);
    const email = (sub.answers as Answers).email as string | undefined;
    const payment = await submissionPayment(db, sub);
    if (payment && sub.status === PAYMENT_PENDING) return reply.page(req.t("applications.payment.pendingTitle"), (ctx) => <PendingPaymentPage ctx={ctx} payment={payment} reference={sub.reference} code={code} what={feeLabel(def, ctx.t)} />, { noindex: true });
    return reply.page(req.t("applications.confirmation.title"), (ctx) => (
      <>
        <ConfirmationPage ctx={ctx} def={def} reference={sub.reference} receiptHref={receiptPath(sub.reference, code)} receiptPdfHref={receiptPdfPath(sub.reference, code)} statusHref={statusPath(sub.reference, code)} email={email} />
        {payment && (
          <div class="kp-narrow">
            <PaymentBox ctx={ctx} payment={payment} reference={sub.reference} code={code} what={feeLabel(def, ctx.t)} />
          </div>
        )}
      </>
    ), { noindex: true });
  });

  app.get<{ Params: { reference: string }; Querystring: { code?: string } }>("/antraege/quittung/:reference", async (req, reply) => {
    const { sub, def } = await loadSubmission(req);
    const calc = submissionCalculation(def, sub);
    const payment = await submissionPayment(db, sub);
    return reply.page(req.t("applications.receipt.title", { reference: sub.reference }), (ctx) => (
      <>
        <ReceiptPage ctx={ctx} def={def} sub={sub} calc={calc} />
        {payment && <p class="kern-body"><strong>{ctx.t("applications.payment.status")}:</strong> {paymentLine(ctx.t, payment, feeLabel(def, ctx.t))}</p>}
      </>
    ), { noindex: true });
  });

  app.get<{ Params: { reference: string }; Querystring: { code?: string } }>("/antraege/quittung/:reference/pdf", async (req, reply) => {
    const { sub, def } = await loadSubmission(req);
    const payment = await submissionPayment(db, sub);
    const office = await receivingOfficeName(db, sub, app.deps.county.name);
    const pdf = receiptPdf(def, sub, office, payment && paymentLine(req.t, payment, feeLabel(def, req.t)), req.locale);
    return reply
      .type("application/pdf")
      .header("Cache-Control", "no-store")
      .header("Content-Disposition", `inline; filename="Eingangsbestaetigung-${sub.reference}.pdf"`)
      .send(pdf);
  });

  // Whoever holds the status code pays the fee.
  app.post<{ Params: { reference: string } }>("/antraege/eingang/:reference/bezahlen", { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (req, reply) => {
    const { code } = readForm(req.body, ["code"] as const);
    const sub = await findSubmission(db, req.params.reference);
    authorizeSubmission({ ...req.actor(), statusCode: code }, "read", sub);
    const form = await findForm(db, sub.form_id, sub.form_version);
    const back = confirmationPath(sub.reference, code);
    if (!form || sub.fee_cents <= 0) return reply.redirect(back, 303);
    try {
      const r = await startFeePayment(ctxOf(req), app, form.definition, sub);
      if (r.redirect) return reply.redirect(r.redirect, 303);
      if (!r.unavailable) return reply.redirect(back, 303);
    } catch (err) {
      if (!(err instanceof PaymentProviderError)) throw err;
    }
    const payment = (await submissionPayment(db, sub))!;
    return reply.page(req.t("applications.payment.pendingTitle"), (ctx) => <PendingPaymentPage ctx={ctx} payment={payment} reference={sub.reference} code={code} notice={req.t("applications.payment.unavailable")} what={feeLabel(form.definition, ctx.t)} />, { status: 503, noindex: true });
  });

  // The uploader's own file (draft pages link here): the account that uploaded it, or the holder of the anonymous draft token.
  app.get<{ Params: { fileId: string } }>("/antraege/dateien/:fileId", async (req, reply) => {
    const file = await findFile(db, req.params.fileId);
    if (!canDownloadDraftFile(actorOf(req), file)) return notFound(reply);
    return sendStoredFile(reply, file!, fileStoreFor(config.files));
  });

  // A submission's file for whoever holds the receipt's status code (or the submitting account).
  app.get<{ Params: { reference: string; fileId: string }; Querystring: { code?: string } }>("/antraege/quittung/:reference/dateien/:fileId", async (req, reply) => {
    const sub = await findSubmission(db, req.params.reference);
    authorizeSubmission(actorOf(req, typeof req.query.code === "string" ? req.query.code : undefined), "read", sub);
    const link = await db.selectFrom("application_submission_files").select("file_id").where("submission_id", "=", sub.id).where("file_id", "=", req.params.fileId).executeTakeFirst();
    const file = link ? await findFile(db, link.file_id) : undefined;
    if (!file) return notFound(reply);
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });

  // The submission's own documents on the staff case page. Served here, not by the cases module: applications
  // opens cases, so cases never imports applications (issue 11, no cycle).
  for (const kind of ["pdf", "json"] as const) {
    app.get<{ Params: { id: string } }>(`/verwaltung/vorgaenge/:id/antrag.${kind}`, { preHandler: requireStaff }, async (req, reply) => {
      const submissionId = await readableCaseSubmission(db, req.user, req.params.id);
      const doc = submissionId ? await submissionDocument(db, submissionId, kind, app.deps.county.name) : undefined;
      if (!doc) return reply.page(req.t("cases.notFound"), () => <p class="kern-body">{req.t("cases.notFound")}</p>, { status: 404, noindex: true });
      return reply.type(doc.contentType).header("Content-Disposition", `inline; filename="${doc.filename}"`).header("Cache-Control", "no-store").send(doc.body);
    });
  }

  // GET /antraege/status/:reference (page and JSON timeline) is served by the mailbox module.
}

function ConfirmationAlready({ ctx, reference }: { ctx: ViewContext; reference: string }) {
  return (
    <div class="kern-stack kp-narrow">
      <h1 class="kern-heading-large">{ctx.t("applications.already.heading")}</h1>
      <p class="kern-body">{ctx.t("applications.already.body", { reference })}</p>
    </div>
  );
}
