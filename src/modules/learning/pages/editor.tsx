/**
 * The Lernredaktion's in-browser course editor (issue 20): one draft per course, edited one language at a time
 * (the course's numbers with every save), checked like a course folder and published as a new immutable version.
 * Works without JavaScript; errors next to the field with a summary; what was typed is kept, also when another
 * editor saved in between (the save is refused, the typed page shown again on the new revision).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { readFile } from "node:fs/promises";
import { Alert, Button, CsrfField, ErrorSummary, FileField, LinkLine, PageHeading, Section, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import type { CommandContext } from "../../../platform/commands.js";
import { GENERAL_FIELDS, draftValues, languageFields } from "../courseEditing.js";
import { checkCourse, pick, type CourseContent } from "../courses.js";
import { authorizeEditor } from "../policies.js";
import { LANGUAGE_NAMES } from "../presenters.js";
import { draftOf, isLearningEditor, latestVersion } from "../queries.js";
import { IMAGE_MAX_BYTES, processLessonImage } from "../lessonImages.js";
import { formatBytes } from "../../../platform/files/index.js";
import { draftDiscarder, draftImageAdder, draftImageRemover, draftModuleRemover, draftOpener, draftPublisher, draftSaver, draftTextModuleAdder, type DraftWrite } from "../commands/drafts.js";

const BASE = "/verwaltung/lernen/kurse";
const SLUG = /^[a-z0-9][a-z0-9-]{1,60}$/;
const NOTICES: Record<string, string> = { gespeichert: "learning.editor.saved", modul: "learning.editor.moduleAdded", entfernt: "learning.editor.moduleRemoved", bild: "learning.editor.imageAdded", bildentfernt: "learning.editor.imageRemoved" };

interface Draft {
  content: CourseContent;
  revision: number;
  updated_at: Date;
}

function EditorPage({ ctx, d, lang, form, addForm, imageForm, notice, stale, minVersion }: { ctx: ViewContext; d: Draft; lang: string; form: FormState; addForm: FormState; imageForm: FormState; notice?: string; stale?: boolean; minVersion: number }) {
  const { t, locale } = ctx;
  const c = d.content;
  const fields = languageFields(c);
  const labels: Record<string, string> = Object.fromEntries([...GENERAL_FIELDS.map((f) => [f, t(`learning.editor.field.${f}`)]), ...fields.map((f) => [f.name, t(f.label, f.params)])]);
  const problems = checkCourse(c);
  const path = `${BASE}/${c.slug}`;
  const langName = LANGUAGE_NAMES[lang] ?? lang;
  const field = (name: string) => fields.find((f) => f.name === name)!;
  const textInput = (name: string) => {
    const f = field(name);
    return f.long ? <TextArea name={name} label={labels[name]!} form={form} rows={name.endsWith("-body") || name.endsWith("-captions") ? 12 : 3} hint={name.endsWith("-body") ? t("learning.editor.hint.markdown") : undefined} optional={!(lang === "de" && name === "title")} /> : <TextField name={name} label={labels[name]!} form={form} required={lang === "de"} maxLength={200} />;
  };
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.editor.title", { course: pick(c.title, "de") || c.slug })}</PageHeading>
      {notice && <Alert kind="success" title={t(notice)} />}
      {stale && <Alert kind="warning" title={t("learning.editor.stale")} />}
      <p class="kern-body">{t("learning.editor.intro")}</p>
      <p class="kern-body">{t("learning.editor.state", { version: c.version, count: d.revision - 1, at: formatDateTime(d.updated_at, locale) })}</p>
      <LinkLine href="/verwaltung/lernen">{t("learning.editor.back")}</LinkLine>
      <nav aria-labelledby="sprachen">
        <h2 class="kern-heading-small" id="sprachen">{t("learning.editor.languages")}</h2>
        <ul class="kern-list">
          {c.languages.map((l) => (
            <li>{l === lang ? <strong>{t("learning.editor.languageCurrent", { language: LANGUAGE_NAMES[l] ?? l })}</strong> : <a class="kern-link" href={`${path}?sprache=${l}`}>{t("learning.editor.languageLink", { language: LANGUAGE_NAMES[l] ?? l })}</a>}</li>
          ))}
        </ul>
      </nav>
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="post" action={`${path}?sprache=${lang}`} class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="revision" value={String(d.revision)} />
        <Section id="allgemein" title={t("learning.editor.general")}>
          <TextField name="version" label={labels.version!} hint={t("learning.editor.hint.version", { min: minVersion })} form={form} required inputMode="numeric" width={4} />
          <TextField name="passPercent" label={labels.passPercent!} form={form} required inputMode="numeric" width={4} />
          <TextField name="timeLimitMinutes" label={labels.timeLimitMinutes!} form={form} required inputMode="numeric" width={4} />
          <TextField name="fee" label={labels.fee!} hint={t("learning.editor.hint.fee")} form={form} required width={8} />
          <TextField name="validityMonths" label={labels.validityMonths!} hint={t("learning.editor.hint.validityMonths")} form={form} inputMode="numeric" width={4} />
          <TextField name="renewalReminderDays" label={labels.renewalReminderDays!} hint={t("learning.editor.hint.renewalReminderDays")} form={form} inputMode="numeric" width={4} />
          <TextField name="searchTerms" label={labels.searchTerms!} form={form} maxLength={500} />
        </Section>
        <Section id="texte" title={t("learning.editor.texts", { language: langName })}>
          {c.demoLanguages.includes(lang) && <p class="kern-body">{t("learning.editor.demoLanguage")}</p>}
          {textInput("title")}
          {textInput("summary")}
          <h3 class="kern-heading-small">{t("learning.editor.modules")}</h3>
          {c.modules.map((m) => fields.filter((f) => f.name.startsWith(`m-${m.id}-`)).map((f) => textInput(f.name)))}
          <h3 class="kern-heading-small">{t("learning.editor.quiz")}</h3>
          <LinkLine href={`${path}/test`}>{t("learning.quizEditor.link")}</LinkLine>
          {fields.filter((f) => f.name.startsWith("q-")).map((f) => textInput(f.name))}
        </Section>
        <Button>{t("learning.editor.save")}</Button>
      </form>
      <Section id="module" title={t("learning.editor.modules")}>
        <ol class="kern-list">
          {c.modules.map((m, i) => (
            <li>
              {pick(m.title, "de") || m.id} ({m.kind})
              <form method="post" action={`${path}/module/${m.id}/entfernen?sprache=${lang}`}>
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="revision" value={String(d.revision)} />
                <Button variant="secondary">{t("learning.editor.removeModule", { n: i + 1 })}</Button>
              </form>
            </li>
          ))}
        </ol>
        <h3 class="kern-heading-small">{t("learning.editor.addModule")}</h3>
        <ErrorSummary form={addForm} t={t} labels={{ moduleTitle: t("learning.editor.field.moduleTitleNew") }} />
        <form method="post" action={`${path}/textmodul?sprache=${lang}`} class="kern-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="revision" value={String(d.revision)} />
          <TextField name="moduleTitle" label={t("learning.editor.field.moduleTitleNew")} form={addForm} required maxLength={200} />
          <Button variant="secondary">{t("learning.editor.addModuleButton")}</Button>
        </form>
      </Section>
      <Section id="bilder" title={t("learning.editor.images")}>
        <p class="kern-body">{t("learning.editor.imagesIntro")}</p>
        {Object.keys(c.images ?? {}).length > 0 && (
          <ul class="kern-list">
            {Object.entries(c.images ?? {}).map(([name, img]) => (
              <li>
                <code>{`![…](${name})`}</code> {t("learning.editor.imageSize", { width: img.width, height: img.height })}
                <form method="post" action={`${path}/bilder/${name}/entfernen?sprache=${lang}`}>
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="revision" value={String(d.revision)} />
                  <Button variant="secondary">{t("learning.editor.removeImage", { name })}</Button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <ErrorSummary form={imageForm} t={t} labels={{ bild: t("learning.editor.field.image") }} />
        <form method="post" action={`${path}/bild?sprache=${lang}`} enctype="multipart/form-data" class="kern-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="revision" value={String(d.revision)} />
          <FileField name="bild" label={t("learning.editor.field.image")} hint={t("learning.editor.hint.image", { max: formatBytes(IMAGE_MAX_BYTES) })} error={imageForm.errors.bild} accept="image/png,image/jpeg" />
          <Button variant="secondary">{t("learning.editor.uploadImage")}</Button>
        </form>
      </Section>
      <Section id="pruefung" title={t("learning.editor.check")}>
        {problems.length === 0 ? (
          <p class="kern-body">{t("learning.editor.checkOk")}</p>
        ) : (
          <>
            <p class="kern-body">{t("learning.editor.checkProblems")}</p>
            <ul class="kern-list">
              {problems.map((p) => (
                <li>{p}</li>
              ))}
            </ul>
          </>
        )}
        <form method="post" action={`${path}/veroeffentlichen`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="revision" value={String(d.revision)} />
          <Button>{t("learning.editor.publish", { version: c.version })}</Button>
        </form>
        <details class="kern-stack">
          <summary>{t("learning.editor.discard")}</summary>
          <p class="kern-body">{t("learning.editor.discardConfirm")}</p>
          <form method="post" action={`${path}/verwerfen`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="secondary">{t("learning.editor.discard")}</Button>
          </form>
        </details>
      </Section>
    </div>
  );
}

export async function editorPages(app: FastifyInstance) {
  const { db } = app.deps;
  const guard = { preHandler: requireStaff, config: { rateLimit: { max: 120, timeWindow: 60_000 } } };
  const editorGuard = async (req: FastifyRequest) => authorizeEditor(req.user, !!req.user && (await isLearningEditor(db, req.user.id)));
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const langOf = (c: CourseContent, q: unknown) => {
    const l = typeof q === "string" ? q : "de";
    return c.languages.includes(l) ? l : "de";
  };
  const minVersionOf = async (slug: string) => ((await latestVersion(db, slug))?.version ?? 0) + 1;

  async function show(req: FastifyRequest, reply: FastifyReply, slug: string, o: { lang?: string; form?: FormState; addForm?: FormState; imageForm?: FormState; notice?: string; stale?: boolean; status?: number } = {}) {
    const d = await draftOf(db, slug);
    if (!d) return reply.redirect("/verwaltung/lernen", 303);
    const lang = langOf(d.content, o.lang);
    const form = o.form ?? { values: draftValues(d.content, lang), errors: {} };
    const minVersion = await minVersionOf(slug);
    const failed = (o.status ?? 200) >= 400;
    return reply.page(`${failed ? `${req.t("error.summary")}: ` : ""}${req.t("learning.editor.title", { course: pick(d.content.title, "de") || slug })}`, (ctx) => <EditorPage ctx={ctx} d={d} lang={lang} form={form} addForm={o.addForm ?? { values: {}, errors: {} }} imageForm={o.imageForm ?? { values: {}, errors: {} }} notice={o.notice} stale={o.stale} minVersion={minVersion} />, { noindex: true, status: o.status ?? 200 });
  }
  /** The outcome of a draft write: back to the page (303) or the page again with errors / the typed values. */
  const answer = (req: FastifyRequest<{ Params: { slug: string }; Querystring: { sprache?: string } }>, reply: FastifyReply, r: DraftWrite, notice: string, typed: { form?: FormState; addForm?: FormState; imageForm?: FormState }) => {
    const slug = req.params.slug;
    const lang = req.query.sprache ?? "de";
    if (r.kind === "missing") return reply.redirect("/verwaltung/lernen", 303);
    if (r.kind === "saved") return reply.redirect(`${BASE}/${slug}?sprache=${encodeURIComponent(lang)}&ok=${notice}`, 303);
    const t = (k: string) => req.t(k);
    if (r.kind === "invalid") {
      const keyed = (f: FormState | undefined) => f && { values: f.values, errors: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, t(v)])) };
      return show(req, reply, slug, { lang, form: keyed(typed.form), addForm: keyed(typed.addForm), imageForm: keyed(typed.imageForm), status: 422 });
    }
    return show(req, reply, slug, { lang, form: typed.form, addForm: typed.addForm, imageForm: typed.imageForm, stale: true, status: 409 });
  };

  app.post<{ Params: { slug: string } }>(`${BASE}/:slug/entwurf`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    const d = await draftOpener(ctxOf(req), req.params.slug);
    return d ? reply.redirect(`${BASE}/${req.params.slug}`, 303) : reply.callNotFound();
  });

  app.get<{ Params: { slug: string }; Querystring: { sprache?: string; ok?: string } }>(`${BASE}/:slug`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    return show(req, reply, req.params.slug, { lang: req.query.sprache, notice: NOTICES[req.query.ok ?? ""] });
  });

  app.post<{ Params: { slug: string }; Querystring: { sprache?: string } }>(`${BASE}/:slug`, guard, async (req, reply) => {
    await editorGuard(req);
    const d = SLUG.test(req.params.slug) ? await draftOf(db, req.params.slug) : undefined;
    if (!d) return reply.callNotFound();
    const lang = langOf(d.content, req.query.sprache);
    const names = [...GENERAL_FIELDS, ...languageFields(d.content).map((f) => f.name)];
    const values = readForm(req.body, names);
    const revision = Number(readForm(req.body, ["revision"] as const).revision);
    const r = await draftSaver(ctxOf(req), d.content.slug, revision, lang, values);
    return answer(req, reply, r, "gespeichert", { form: { values, errors: {} } });
  });

  app.post<{ Params: { slug: string }; Querystring: { sprache?: string } }>(`${BASE}/:slug/textmodul`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    const v = readForm(req.body, ["moduleTitle", "revision"] as const);
    const r = await draftTextModuleAdder(ctxOf(req), req.params.slug, Number(v.revision), v.moduleTitle);
    return answer(req, reply, r, "modul", { addForm: { values: { moduleTitle: v.moduleTitle }, errors: {} } });
  });

  app.post<{ Params: { slug: string; id: string }; Querystring: { sprache?: string } }>(`${BASE}/:slug/module/:id/entfernen`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug) || !/^[a-z0-9][a-z0-9_-]{0,60}$/i.test(req.params.id)) return reply.callNotFound();
    const r = await draftModuleRemover(ctxOf(req), req.params.slug, Number(readForm(req.body, ["revision"] as const).revision), req.params.id);
    return answer(req, reply, r, "entfernt", {});
  });

  // A lesson image (multipart): the file is judged by its bytes and re-encoded without metadata (lessonImages.ts).
  app.post<{ Params: { slug: string }; Querystring: { sprache?: string } }>(`${BASE}/:slug/bild`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    const revision = Number(readForm(req.body, ["revision"] as const).revision);
    const upload = (req.uploads ?? []).find((f) => f.field === "bild");
    const refuse = (key: string, params?: Record<string, string>) => show(req, reply, req.params.slug, { lang: req.query.sprache, imageForm: { values: {}, errors: { bild: req.t(key, params) } }, status: 422 });
    if (upload && (upload.truncated || upload.overRequestLimit || upload.size > IMAGE_MAX_BYTES)) return refuse("learning.editor.error.imageSize", { max: formatBytes(IMAGE_MAX_BYTES) });
    if (!upload || upload.size === 0) return refuse("learning.editor.error.imageMissing");
    const img = await processLessonImage(await readFile(upload.tempPath));
    if (!img.ok) return refuse(img.reason === "type" ? "learning.editor.error.imageType" : "learning.editor.error.imageDamaged");
    const r = await draftImageAdder(ctxOf(req), req.params.slug, revision, img);
    return answer(req, reply, r, "bild", { imageForm: { values: {}, errors: {} } });
  });

  app.post<{ Params: { slug: string; name: string }; Querystring: { sprache?: string } }>(`${BASE}/:slug/bilder/:name/entfernen`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug) || !/^bild-\d{1,4}\.jpg$/.test(req.params.name)) return reply.callNotFound();
    const r = await draftImageRemover(ctxOf(req), req.params.slug, Number(readForm(req.body, ["revision"] as const).revision), req.params.name);
    return answer(req, reply, r, "bildentfernt", {});
  });

  app.post<{ Params: { slug: string } }>(`${BASE}/:slug/veroeffentlichen`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    const r = await draftPublisher(ctxOf(req), req.params.slug, Number(readForm(req.body, ["revision"] as const).revision));
    if (r.kind === "missing") return reply.redirect("/verwaltung/lernen", 303);
    if (r.kind === "published") return reply.redirect(`/verwaltung/lernen?entwurf=veroeffentlicht&kurs=${req.params.slug}&version=${r.version}`, 303);
    if (r.kind === "stale") return show(req, reply, req.params.slug, { stale: true, status: 409 });
    // Problems are listed on the page itself; a taken number shows at the version field.
    const form = (await draftOf(db, req.params.slug))!;
    const values = draftValues(form.content, "de");
    return show(req, reply, req.params.slug, { form: { values, errors: r.kind === "version_taken" || r.kind === "unchanged" ? { version: req.t("learning.editor.error.version") } : {} }, status: 422 });
  });

  app.post<{ Params: { slug: string } }>(`${BASE}/:slug/verwerfen`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    await draftDiscarder(ctxOf(req), req.params.slug);
    return reply.redirect(`/verwaltung/lernen?entwurf=verworfen&kurs=${req.params.slug}`, 303);
  });
}
