import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { verifyCapability } from "../../../platform/auth/capabilities.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { freeStarts, VIDEO_IDENTIFICATION } from "../../appointments/index.js";
import { identificationBooker, videoRoomLink } from "../commands/identification.js";
import { isDate, berlinDate } from "../../../platform/time/berlin.js";
import type { CommandContext } from "../../../platform/commands.js";
import { UUID } from "../../../platform/keys.js";
import { startPayment, handoverPath, PaymentProviderError } from "../../payments/index.js";
import { mediaFile, pick } from "../courses.js";
import { readAnswers } from "../quiz.js";
import { canOpenEnrollment } from "../policies.js";
import { enrollmentPath, nextStep, withCode } from "../presenters.js";
import { certificateOfEnrollment, currentCourses, findEnrollment, latestVersion, versionById, type EnrollmentRow, type VersionRow } from "../queries.js";
import { GUEST_CAPABILITY, guestEnroller, moduleCompleter } from "../commands/enrollments.js";
import { attemptStarter, attemptSubmitter, certificateMailRef } from "../commands/attempts.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { certificatePdf } from "../certificate.js";
import { CourseListPage, CoursePage, EnrollmentPage, ModulePage, type IdentificationView } from "./views.js";
import { QuizPage, QuizResultPage } from "./quizViews.js";
import { verificationPages } from "./verify.js";


const bookLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };
const quizLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
/** Video identification: slots offered over this many days, at most this many. */
const IDENT_DAYS = 14;
const IDENT_SLOTS = 24;
const MEDIA_TYPES: Record<string, string> = { vtt: "text/vtt; charset=utf-8", svg: "image/svg+xml", txt: "text/plain; charset=utf-8", webm: "video/webm" };

const ctxOf = (app: FastifyInstance, req: FastifyRequest): CommandContext => ({ actor: req.actor(), db: app.deps.db, requestId: req.id });
const codeOf = (req: FastifyRequest): string | undefined => {
  const q = (req.query as Record<string, unknown> | undefined)?.code;
  const b = (req.body as Record<string, unknown> | undefined)?.code;
  const v = typeof b === "string" ? b : q;
  return typeof v === "string" && v.length > 0 && v.length <= 100 ? v : undefined;
};

/** Bytes with HTTP range support (a <video> seeks with ranges). */
function sendBytes(req: FastifyRequest, reply: FastifyReply, bytes: Buffer, type: string) {
  reply.header("content-type", type).header("accept-ranges", "bytes").header("cache-control", "private, max-age=3600");
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ""));
  if (!m || (m[1] === "" && m[2] === "")) return reply.send(bytes);
  const size = bytes.length;
  const start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] !== "" && m[2] !== "" ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || start > end) return reply.status(416).header("content-range", `bytes */${size}`).send();
  return reply.status(206).header("content-range", `bytes ${start}-${end}/${size}`).send(bytes.subarray(start, end + 1));
}

/** Citizen pages: course list and page, guest booking, the enrolment (payment, modules, quiz, certificate). */
export async function publicPages(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;

  /** The enrolment after the policy: the owner's login or the guest's capability code; else 404 (nothing to enumerate). */
  async function open(req: FastifyRequest<{ Params: { id: string } }>): Promise<{ e: EnrollmentRow; course: VersionRow; code?: string } | undefined> {
    if (!UUID.test(req.params.id)) return undefined;
    const e = await findEnrollment(db, req.params.id);
    if (!e) return undefined;
    const code = codeOf(req);
    const ok = canOpenEnrollment(e, req.user, !e.user_id && (await verifyCapability(db, config.sessionSecret, GUEST_CAPABILITY, e.id, code)));
    if (!ok) return undefined;
    const course = (await versionById(db, e.version_id))!;
    return { e, course, code: e.user_id ? undefined : code };
  }

  const overview = async (req: FastifyRequest, reply: FastifyReply, o: { e: EnrollmentRow; course: VersionRow; code?: string }, notice?: string, status = 200, identForm?: FormState) => {
    const cert = await certificateOfEnrollment(db, o.e.id);
    const identification = await identificationView(o, identForm);
    if (identForm && hasErrors(identForm)) status = 422;
    return reply.page(req.t("learning.enrollment.title"), (ctx) => <EnrollmentPage ctx={ctx} v={{ course: o.course, enrollment: o.e, code: o.code, certificate: cert ? { code: cert.code, revoked: !!cert.revoked_at } : undefined, paymentUnavailable: !app.services.paymentProvider, notice, identification }} />, { noindex: true, status });
  };

  /** The video identification part of the overview: free slots while none is booked (after payment), else the booked room. */
  async function identificationView(o: { e: EnrollmentRow; course: VersionRow }, form?: FormState): Promise<IdentificationView | undefined> {
    if (o.course.content.identification !== "video" || (o.course.fee_cents > 0 && !o.e.paid_at)) return undefined;
    const bookable = o.e.ident_status === null || o.e.ident_status === "rejected";
    const slots = bookable && !o.e.completed_at ? (await freeStarts(db, VIDEO_IDENTIFICATION.location, VIDEO_IDENTIFICATION.leikaKey, IDENT_DAYS, { owner: VIDEO_IDENTIFICATION.owner })).slice(0, IDENT_SLOTS) : [];
    return { status: o.e.ident_status, startsAt: o.e.ident_starts_at, bookingCode: o.e.ident_booking_code, link: o.e.ident_room ? videoRoomLink(config, o.e.ident_room) : undefined, slots, form: form ?? emptyForm() };
  }

  app.post<{ Params: { id: string } }>("/kurse/teilnahme/:id/identifikation", { config: bookLimit }, async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    if (o.course.content.identification !== "video" || (o.course.fee_cents > 0 && !o.e.paid_at)) return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    const v = readForm(req.body, ["termin"] as const);
    const form = validate(v, { termin: [rules.required("learning.ident.slotRequired")] }, req.t);
    const minutes = Number(v.termin);
    if (v.termin && !(/^\d{1,10}$/.test(v.termin) && Number.isSafeInteger(minutes))) form.errors.termin = req.t("learning.ident.slotRequired");
    if (hasErrors(form)) return overview(req, reply, o, undefined, 422, form);
    const r = await identificationBooker(ctxOf(app, req), o.e, new Date(minutes * 60_000), config);
    if (!r.ok) {
      if (r.reason === "already") return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
      form.errors.termin = req.t(r.reason === "too_many_bookings" ? "learning.ident.tooMany" : "learning.ident.slotTaken");
      return overview(req, reply, o, undefined, 409, form);
    }
    return reply.redirect(`${withCode(enrollmentPath(o.e.id), o.code)}#identifikation`, 303);
  });

  app.get("/kurse", async (req, reply) => {
    const courses = await currentCourses(db, "public");
    return reply.page(req.t("learning.list.title"), (ctx) => <CourseListPage ctx={ctx} courses={courses} />);
  });
  app.get<{ Params: { slug: string } }>("/kurse/:slug", async (req, reply) => {
    const course = await latestVersion(db, req.params.slug.slice(0, 80));
    if (!course || course.audience !== "public") return reply.callNotFound();
    return reply.page(pick(course.content.title, req.locale), (ctx) => <CoursePage ctx={ctx} course={course} form={emptyForm({ sprache: req.locale })} />);
  });

  app.post<{ Params: { slug: string } }>("/kurse/:slug", { config: bookLimit }, async (req, reply) => {
    const course = await latestVersion(db, req.params.slug.slice(0, 80));
    if (!course || course.audience !== "public") return reply.callNotFound();
    const v = readForm(req.body, ["name", "geburtsdatum", "email", "sprache", "erklaerung"] as const);
    const form = validate(v, { name: [rules.required(), rules.maxLength(200)], geburtsdatum: [rules.required()], email: [rules.required(), rules.email(), rules.maxLength(200)], sprache: [rules.required()], erklaerung: [rules.required("learning.book.declarationRequired")] }, req.t);
    const today = berlinDate(new Date());
    if (v.geburtsdatum && (!isDate(v.geburtsdatum) || v.geburtsdatum > today || v.geburtsdatum < "1900-01-01")) form.errors.geburtsdatum = req.t("learning.book.birthDateInvalid");
    if (v.sprache && !course.content.languages.includes(v.sprache)) form.errors.sprache = req.t("learning.book.languageInvalid");
    if (v.erklaerung && v.erklaerung !== "ja") form.errors.erklaerung = req.t("learning.book.declarationRequired");
    if (hasErrors(form)) return reply.page(`${req.t("error.summary")}: ${pick(course.content.title, req.locale)}`, (ctx) => <CoursePage ctx={ctx} course={course} form={form} />, { status: 422, noindex: true });
    const { id, code } = await guestEnroller(ctxOf(app, req), course.id, { name: v.name, birthDate: v.geburtsdatum, email: v.email, contentLocale: v.sprache }, { secret: config.sessionSecret, publicUrl: config.publicUrl, locale: req.locale, courseTitle: pick(course.content.title, req.locale) });
    return reply.redirect(withCode(enrollmentPath(id), code), 303);
  });

  app.get<{ Params: { id: string } }>("/kurse/teilnahme/:id", async (req, reply) => {
    const o = await open(req);
    return o ? overview(req, reply, o) : reply.callNotFound();
  });

  app.post<{ Params: { id: string } }>("/kurse/teilnahme/:id/bezahlen", { config: bookLimit }, async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    if (o.course.fee_cents === 0 || o.e.paid_at) return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    const reference = `KURS-${o.e.id.slice(0, 8).toUpperCase()}`;
    try {
      const r = await startPayment(app, ctxOf(app, req), {
        subjectType: "learning",
        subjectId: o.e.id,
        amountCents: o.course.fee_cents,
        purpose: reference,
        reference,
        description: `${pick(o.course.content.title, "de")} (${reference})`.slice(0, 200),
        items: [{ id: "1", reference, description: pick(o.course.content.title, "de").slice(0, 200), amountCents: o.course.fee_cents, bookingData: { kurs: o.course.slug, version: String(o.course.version) } }],
        returnPath: withCode(enrollmentPath(o.e.id), o.code),
      });
      if (r.kind === "redirect") return reply.redirect(handoverPath(r.transactionId), 303);
      if (r.kind === "unavailable") return overview(req, reply, o, req.t("learning.pay.unavailable"), 503);
      return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    } catch (err) {
      if (err instanceof PaymentProviderError) return overview(req, reply, o, req.t("learning.pay.unavailable"), 503);
      throw err;
    }
  });

  const moduleIndex = (o: { course: VersionRow }, n: string) => {
    const i = Number(n) - 1;
    return Number.isInteger(i) && i >= 0 && i < o.course.content.modules.length ? i : -1;
  };
  const mayLearn = (o: { e: EnrollmentRow; course: VersionRow }) => nextStep(o.course.content, o.e, o.course.fee_cents) !== "pay";

  app.get<{ Params: { id: string; n: string } }>("/kurse/teilnahme/:id/modul/:n", async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    const i = moduleIndex(o, req.params.n);
    if (i < 0) return reply.callNotFound();
    if (!mayLearn(o)) return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    return reply.page(pick(o.course.content.modules[i]!.title, req.locale), (ctx) => <ModulePage ctx={ctx} course={o.course} e={o.e} index={i} code={o.code} />, { noindex: true });
  });

  app.post<{ Params: { id: string; n: string } }>("/kurse/teilnahme/:id/modul/:n", async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    const i = moduleIndex(o, req.params.n);
    if (i < 0) return reply.callNotFound();
    if (!mayLearn(o)) return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    await moduleCompleter(ctxOf(app, req), o.e.id, o.course.content.modules[i]!.id);
    const next = i + 1 < o.course.content.modules.length ? `${enrollmentPath(o.e.id)}/modul/${i + 2}` : enrollmentPath(o.e.id);
    return reply.redirect(withCode(next, o.code), 303);
  });

  app.get<{ Params: { id: string; file: string } }>("/kurse/teilnahme/:id/medien/:file", async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    const c = o.course.content;
    const file = req.params.file;
    const vtt = /^([a-z0-9-]+)\.([a-z]{2})\.vtt$/.exec(file);
    const video = vtt ? c.modules.find((m) => m.kind === "video" && m.id === vtt[1]) : undefined;
    const ext = file.split(".").pop() ?? "";
    const image = c.images?.[file];
    // Lesson images: re-encoded JPEGs from the version itself (lessonImages.ts).
    if (image) return reply.header("content-type", "image/jpeg").header("cache-control", "private, max-age=3600").header("x-content-type-options", "nosniff").send(Buffer.from(image.jpegBase64, "base64"));
    const binary = c.media?.[file] ? mediaFile(c, file) : undefined;
    if (binary) return sendBytes(req, reply, binary, MEDIA_TYPES[ext] ?? "application/octet-stream");
    const body = video && video.kind === "video" ? video.captions[vtt![2]!] : c.files[file];
    if (body === undefined) return reply.callNotFound();
    reply.header("content-type", MEDIA_TYPES[ext] ?? "application/octet-stream").header("cache-control", "private, max-age=3600").header("x-content-type-options", "nosniff");
    if (ext === "txt") reply.header("content-disposition", `attachment; filename="${file}"`);
    return reply.send(body);
  });

  app.post<{ Params: { id: string } }>("/kurse/teilnahme/:id/test/start", async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    if (nextStep(o.course.content, o.e, o.course.fee_cents) !== "quiz") return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    if (!(await attemptStarter(ctxOf(app, req), o.e.id, { code: o.code, secret: config.sessionSecret }))) return reply.callNotFound();
    return reply.redirect(withCode(`${enrollmentPath(o.e.id)}/test`, o.code), 303);
  });

  const quizPage = async (req: FastifyRequest, reply: FastifyReply, o: { e: EnrollmentRow; course: VersionRow; code?: string }, notice?: string, status = 200) => {
    const open = await db.selectFrom("learning_attempts").select(["id", "started_at"]).where("enrollment_id", "=", o.e.id).where("submitted_at", "is", null).executeTakeFirst();
    if (!open) return reply.redirect(withCode(enrollmentPath(o.e.id), o.code), 303);
    const deadline = new Date(open.started_at.getTime() + o.course.content.quiz.timeLimitMinutes * 60_000);
    return reply.page(req.t("learning.quiz.title"), (ctx) => <QuizPage ctx={ctx} c={o.course.content} enrollmentId={o.e.id} lang={o.e.content_locale} attemptId={open.id} deadline={deadline} code={o.code} notice={notice} />, { noindex: true, status });
  };

  app.get<{ Params: { id: string } }>("/kurse/teilnahme/:id/test", async (req, reply) => {
    const o = await open(req);
    return o ? quizPage(req, reply, o) : reply.callNotFound();
  });

  app.post<{ Params: { id: string } }>("/kurse/teilnahme/:id/test", { config: quizLimit }, async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    const attemptId = (req.body as Record<string, unknown>)?.attempt;
    const answers = readAnswers(req.body);
    if (typeof attemptId !== "string" || !UUID.test(attemptId)) return reply.callNotFound();
    if ("manipulated" in answers) return quizPage(req, reply, o, req.t("learning.quiz.manipulated"), 422);
    if (o.course.content.identification === "video" && o.e.ident_status !== "confirmed") return overview(req, reply, o, req.t("learning.ident.notConfirmedYet"), 409);
    const r = await attemptSubmitter(ctxOf(app, req), o.e.id, attemptId, o.course.content.quiz, o.course.content.validityMonths, answers as Record<string, string[]>, { code: o.code, secret: config.sessionSecret }, { publicUrl: config.publicUrl, locale: req.locale, version: o.course.version, content: o.course.content });
    // The certificate mail (PDF attached) goes out right away; the mail queue's job retries it if SMTP is down.
    if (r.kind === "passed") await deliverQueuedMails(db, mailer, { refs: [certificateMailRef(r.certificateId)] }).catch((err: unknown) => req.log.warn({ err }, "learning certificate mail deferred"));
    if (r.kind === "manipulated") return quizPage(req, reply, o, req.t("learning.quiz.manipulated"), 422);
    if (r.kind === "expired") return overview(req, reply, o, req.t("learning.quiz.expired"), 409);
    if (r.kind === "no_attempt") return overview(req, reply, o, req.t("learning.quiz.noAttempt"), 409);
    if (r.kind === "not_found") return reply.callNotFound();
    if (r.kind === "identity_unconfirmed") return overview(req, reply, o, req.t("learning.ident.notConfirmedYet"), 409);
    const back = withCode(enrollmentPath(o.e.id), o.code);
    return reply.page(req.t(r.kind === "passed" ? "learning.result.passed" : "learning.result.failed"), (ctx) => <QuizResultPage ctx={ctx} c={o.course.content} lang={o.e.content_locale} passed={r.kind === "passed"} score={r.score} maxScore={r.maxScore} results={r.results} back={back} />, { noindex: true });
  });

  app.get<{ Params: { id: string } }>("/kurse/teilnahme/:id/nachweis.pdf", async (req, reply) => {
    const o = await open(req);
    if (!o) return reply.callNotFound();
    const cert = await certificateOfEnrollment(db, o.e.id);
    if (!cert || cert.revoked_at) return reply.callNotFound();
    const pdf = certificatePdf({ code: cert.code, holderName: o.e.holder_name, birthDate: o.e.birth_date, issuedAt: cert.issued_at, validUntil: cert.valid_until, version: o.course.version, content: o.course.content }, config.publicUrl, req.locale);
    return reply.header("content-type", "application/pdf").header("content-disposition", `attachment; filename="nachweis-${o.course.slug}.pdf"`).header("cache-control", "private, no-store").send(pdf);
  });

  await verificationPages(app);
}
