/**
 * Municipal news: public list (all, county, or one municipality with the county's items), item page, RSS
 * and Atom feeds; the Redaktion page for staff with the role (publish, withdraw) and, for admins, the
 * list of Redaktion members.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { currentUser, requireStaff, ForbiddenError } from "../../../platform/auth/guards.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import type { FormState } from "../../../platform/views/components.js";
import { emptyForm } from "../../../platform/views/components.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { accountIdByEmail } from "../../accounts/index.js";
import { berlinToUtc, isDate, toMinutes } from "../../../platform/time/berlin.js";
import type { Readable } from "node:stream";
import { readFile } from "node:fs/promises";
import { FileNotFoundError, fileDeleter, fileStoreFor, findFile, reencodeImage, refusalMessage, storeImage, uploadClientKey, type EncodedImage, type FileRefusal, type MediaType } from "../../../platform/files/index.js";
import { NEWS_THUMB_SIDE, findNews, findNewsImageFile, findNewsForStaff, listNews, listNewsEditors, listNewsForStaff, mayPublish, newsFeed, newsScopesOf } from "../news.js";
import { newsEditor, newsEditorGranter, newsEditorRevoker, newsPublisher, newsWithdrawer } from "../commands/news.js";
import { NewsEditPage, NewsItemPage, NewsListPage, NewsStaffPage } from "./newsViews.js";

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const MAX_SCHEDULE_DAYS = 366;

/**
 * The optional publication time of the form (`ab` date, `um` time, Berlin): undefined = now; errors at the
 * fields for a malformed value, a time in the past or more than a year ahead.
 */
function readSchedule(values: { ab: string; um: string }, form: FormState, t: (k: string) => string, now = new Date()): Date | undefined {
  if (!values.ab && !values.um) return undefined;
  if (!isDate(values.ab)) {
    form.errors.ab = t("pwa.news.staff.dateInvalid");
    return undefined;
  }
  const minutes = values.um ? toMinutes(values.um) : 0;
  if (values.um && (!/^\d{2}:\d{2}$/.test(values.um) || Number.isNaN(minutes) || minutes < 0 || minutes >= 24 * 60)) {
    form.errors.um = t("pwa.news.staff.timeInvalid");
    return undefined;
  }
  const at = berlinToUtc(values.ab, minutes);
  if (at.getTime() < now.getTime() - 60_000) form.errors.ab = t("pwa.news.staff.datePast");
  else if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) form.errors.ab = t("pwa.news.staff.dateFar");
  return at;
}
const feedLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };
/** News images: PNG or JPEG (by content) uploaded, at most 5 MB; stored re-encoded as JPEGs (≤ 1600 px and a ≤ 400 px thumbnail, no metadata). */
const IMAGE_TYPES: readonly MediaType[] = ["image/png", "image/jpeg"];
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_SIDE = 1600;

export async function newsRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async () => new Map((await listMunicipalities(db, servedKreise(config))).map((m) => [m.ags, m.short_name] as const));
  const validScope = (scope: string, p: Map<string, string>) => scope === "kreis" || p.has(scope);

  app.get<{ Querystring: { gemeinde?: string } }>("/nachrichten", async (req, reply) => {
    const t = req.t;
    const p = await places();
    const asked = typeof req.query.gemeinde === "string" ? req.query.gemeinde.trim() : "";
    const scope = asked && validScope(asked, p) ? asked : undefined;
    const items = await listNews(db, { scope });
    const title = scope === "kreis" ? t("pwa.news.titleCounty") : scope ? t("pwa.news.titlePlace", { place: p.get(scope)! }) : t("pwa.news.title");
    return reply.page(title, (ctx) => <NewsListPage ctx={ctx} title={title} items={items} places={p} filter={emptyForm({ gemeinde: scope ?? "" })} scope={scope} feedBase="/nachrichten" />);
  });

  for (const format of ["rss", "atom"] as const) {
    app.get<{ Querystring: { gemeinde?: string } }>(`/nachrichten/feed.${format}`, { config: feedLimit }, async (req, reply) => {
      const p = await places();
      const asked = typeof req.query.gemeinde === "string" ? req.query.gemeinde.trim() : "";
      if (asked && !validScope(asked, p)) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
      const scope = asked || undefined;
      const title = scope === "kreis" ? req.t("pwa.news.titleCounty") : scope ? req.t("pwa.news.titlePlace", { place: p.get(scope)! }) : req.t("pwa.news.title");
      const query = scope ? `?gemeinde=${scope}` : "";
      const xml = newsFeed(format, { title, selfUrl: `${config.publicUrl}/nachrichten/feed.${format}${query}`, pageUrl: `${config.publicUrl}/nachrichten${query}`, base: config.publicUrl, lang: req.locale, items: await listNews(db, { scope, limit: 50 }) });
      return reply.type(format === "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8").header("Cache-Control", "public, max-age=300").send(xml);
    });
  }

  /**
   * An item's image (and its thumbnail, `/bild/klein`) while the item is public: cacheable for a day (browsers, the
   * service worker's image cache), revalidated by ETag; gone (404) once the item is withdrawn. Served as stored, never
   * as HTML (nosniff, sandbox).
   */
  const sendImage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, which: "image" | "thumb") => {
    const fileId = await findNewsImageFile(db, req.params.id, which);
    const file = fileId ? await findFile(db, fileId) : undefined;
    if (!file || !(IMAGE_TYPES as readonly string[]).includes(file.media_type)) return reply.callNotFound();
    const etag = `"${file.sha256}"`;
    reply
      .header("Cache-Control", "public, max-age=86400")
      .header("ETag", etag)
      .header("X-Content-Type-Options", "nosniff")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .header("Cross-Origin-Resource-Policy", "same-origin");
    if (req.headers["if-none-match"] === etag) return reply.code(304).send();
    let stream: Readable;
    try {
      stream = await fileStoreFor(config.files).get(file.storage_key);
    } catch (err) {
      if (err instanceof FileNotFoundError) return reply.callNotFound();
      throw err;
    }
    return reply.type(file.media_type).header("Content-Length", String(file.size_bytes)).send(stream);
  };
  app.get<{ Params: { id: string } }>("/nachrichten/:id/bild", { config: feedLimit }, (req, reply) => sendImage(req, reply, "image"));
  app.get<{ Params: { id: string } }>("/nachrichten/:id/bild/klein", { config: feedLimit }, (req, reply) => sendImage(req, reply, "thumb"));

  app.get<{ Params: { id: string } }>("/nachrichten/:id", async (req, reply) => {
    const item = await findNews(db, req.params.id);
    if (!item) return reply.callNotFound();
    const p = await places();
    return reply.page(item.title, (ctx) => <NewsItemPage ctx={ctx} item={item} places={p} />);
  });

  // ---- Redaktion
  const scopeOptions = (scopes: string[] | "*", p: Map<string, string>, t: (k: string) => string) =>
    [{ value: "kreis", label: t("pwa.news.county") }, ...[...p].map(([value, label]) => ({ value, label }))].filter((o) => mayPublish(scopes, o.value));

  const renderStaff = async (req: FastifyRequest, reply: FastifyReply, state: { form?: FormState; editorForm?: FormState; notice?: string }, status = 200) => {
    const user = currentUser(req);
    const t = req.t;
    const [p, scopes] = await Promise.all([places(), newsScopesOf(db, user)]);
    const options = scopeOptions(scopes, p, t);
    const recent = (await listNewsForStaff(db, 200)).filter((i) => mayPublish(scopes, i.ags ?? "kreis")).slice(0, 30);
    const editors = user.isAdmin ? { list: await listNewsEditors(db), form: state.editorForm ?? emptyForm(), scopes: scopeOptions("*", p, t) } : undefined;
    return reply.page(t("pwa.news.staff.title"), (ctx) => <NewsStaffPage ctx={ctx} view={{ form: state.form ?? emptyForm(), scopes: options, recent, places: p, notice: state.notice, editors }} />, { noindex: true, status });
  };

  app.get<{ Querystring: { ok?: string } }>("/verwaltung/nachrichten", { preHandler: requireStaff }, (req, reply) =>
    renderStaff(req, reply, {
      notice:
        req.query.ok === "veroeffentlicht" ? req.t("pwa.news.staff.published")
        : req.query.ok === "geplant" ? req.t("pwa.news.staff.scheduled")
        : req.query.ok === "geaendert" ? req.t("pwa.news.staff.edited")
        : req.query.ok === "zurueckgezogen" ? req.t("pwa.news.staff.withdrawn")
        : req.query.ok === "redaktion" ? req.t("pwa.news.staff.editorSaved")
        : undefined,
    }),
  );

  app.post("/verwaltung/nachrichten", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const t = req.t;
    const values = readForm(req.body, ["scope", "title", "body", "ab", "um", "bildAlt"] as const);
    const form = validate(values, { title: [rules.required(), rules.maxLength(150)], body: [rules.required(), rules.maxLength(3000)] }, t);
    const scopes = await newsScopesOf(db, user);
    if (scopes !== "*" && scopes.length === 0) throw new ForbiddenError("Nur für die Redaktion");
    if (!validScope(values.scope, await places()) || !mayPublish(scopes, values.scope)) form.errors.scope = t("pwa.news.staff.scopeInvalid");
    const publishedAt = readSchedule(values, form, t);
    // Optional image: PNG or JPEG by its content (platform file storage: sniffed, decoded completely, size-limited), alt text required.
    const upload = (req.uploads ?? []).find((f) => f.field === "bild" && f.size > 0);
    const alt = values.bildAlt.trim();
    if (upload && !alt) form.errors.bildAlt = t("pwa.news.staff.imageAltMissing");
    else if (alt.length > 300) form.errors.bildAlt = t("pwa.news.staff.imageAltLong");
    else if (!upload && alt) form.errors.bild = t("pwa.news.staff.imageMissing");
    if (hasErrors(form)) return renderStaff(req, reply, { form }, 422);
    let image: { fileId: string; thumbFileId: string; alt: string; width: number; height: number } | undefined;
    if (upload) {
      // Re-encoded by the platform's image pipeline (upright, ≤ 1600 px, a JPEG without EXIF/GPS, XMP, IPTC or ICC);
      // only the re-encoded picture is stored (type, decoding, quota and virus scan by the file storage).
      const refuse = (reason: FileRefusal) => {
        form.errors.bild = refusalMessage(t, reason, { accept: IMAGE_TYPES, maxBytes: IMAGE_MAX_BYTES });
        return renderStaff(req, reply, { form }, reason === "quota" ? 429 : 422);
      };
      if (upload.truncated || upload.overRequestLimit || upload.size > IMAGE_MAX_BYTES) return refuse(upload.overRequestLimit ? "request_too_large" : "too_large");
      const encoded = await reencodeImage(await readFile(upload.tempPath), { sizes: [{ side: IMAGE_SIDE }, { side: NEWS_THUMB_SIDE, quality: 75 }], formats: ["png", "jpeg"] });
      if (!encoded.ok) return refuse(encoded.reason);
      const [picture, thumb] = encoded.images as [EncodedImage, EncodedImage];
      const ctx = { actor: req.actor(), db, requestId: req.id };
      const store = (bytes: Buffer, name: string) => storeImage(ctx, config, bytes, { name, uploaderId: user.id, purpose: "news-image", retainUntil: new Date(Date.now() + 86_400_000), client: uploadClientKey(req.actor(), req.ip) });
      const stored = await store(picture.jpeg, "bild.jpg");
      if (!stored.ok) return refuse(stored.reason);
      const storedThumb = await store(thumb.jpeg, "bild-klein.jpg");
      if (!storedThumb.ok) {
        await fileDeleter(ctx, { store: fileStoreFor(config.files), ids: [stored.file.id] });
        return refuse(storedThumb.reason);
      }
      image = { fileId: stored.file.id, thumbFileId: storedThumb.file.id, alt, width: picture.width, height: picture.height };
    }
    await newsPublisher({ actor: req.actor(), db, requestId: req.id }, { scope: values.scope, title: values.title.trim(), body: values.body.trim(), publishedAt, image });
    return reply.redirect(`/verwaltung/nachrichten?ok=${publishedAt && publishedAt > new Date() ? "geplant" : "veroeffentlicht"}`, 303);
  });

  /** The item if the account's Redaktion may change it (404 unknown/withdrawn, 403 another Redaktion's). */
  async function editable(req: FastifyRequest<{ Params: { id: string } }>) {
    const item = await findNewsForStaff(db, req.params.id);
    if (item && !mayPublish(await newsScopesOf(db, currentUser(req)), item.ags ?? "kreis")) throw new ForbiddenError("Nicht Ihre Redaktion");
    return item;
  }

  const renderEdit = (req: FastifyRequest, reply: FastifyReply, item: { id: string; scheduled: boolean }, form: FormState, status = 200) =>
    reply.page(req.t("pwa.news.staff.editTitle"), (ctx) => <NewsEditPage ctx={ctx} id={item.id} scheduled={item.scheduled} form={form} />, { noindex: true, status });

  app.get<{ Params: { id: string } }>("/verwaltung/nachrichten/:id/bearbeiten", { preHandler: requireStaff }, async (req, reply) => {
    const item = await editable(req);
    if (!item) return reply.callNotFound();
    const local = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(item.publishedAt);
    const [ab, um] = local.split(" ");
    return renderEdit(req, reply, item, { values: { title: item.title, body: item.body, ab: item.scheduled ? (ab ?? "") : "", um: item.scheduled ? (um ?? "") : "" }, errors: {} });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/nachrichten/:id/bearbeiten", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const item = await editable(req);
    if (!item) return reply.callNotFound();
    const t = req.t;
    const values = readForm(req.body, ["title", "body", "ab", "um"] as const);
    const form = validate(values, { title: [rules.required(), rules.maxLength(150)], body: [rules.required(), rules.maxLength(3000)] }, t);
    // A visible item keeps its date; a scheduled one may move (empty fields: publish now).
    const publishedAt = item.scheduled ? (readSchedule(values, form, t) ?? new Date()) : undefined;
    if (hasErrors(form)) return renderEdit(req, reply, item, form, 422);
    if (!(await newsEditor({ actor: req.actor(), db, requestId: req.id }, { id: item.id, title: values.title.trim(), body: values.body.trim(), publishedAt }))) return reply.callNotFound();
    return reply.redirect("/verwaltung/nachrichten?ok=geaendert", 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/nachrichten/:id/zurueckziehen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const item = await findNewsForStaff(db, req.params.id);
    if (!item) return reply.callNotFound();
    if (!mayPublish(await newsScopesOf(db, currentUser(req)), item.ags ?? "kreis")) throw new ForbiddenError("Nicht Ihre Redaktion");
    await newsWithdrawer({ actor: req.actor(), db, requestId: req.id }, { id: item.id });
    return reply.redirect("/verwaltung/nachrichten?ok=zurueckgezogen", 303);
  });

  app.post("/verwaltung/nachrichten/redaktion", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    if (!user.isAdmin) throw new ForbiddenError("Nur für die Administration");
    const t = req.t;
    const values = readForm(req.body, ["email", "editorScope"] as const);
    const form = validate(values, { email: [rules.required(), rules.email()] }, t);
    if (!validScope(values.editorScope, await places())) form.errors.editorScope = t("pwa.news.staff.scopeInvalid");
    const account = hasErrors(form) ? undefined : await accountIdByEmail(db, values.email);
    if (!hasErrors(form) && account?.kind !== "staff") form.errors.email = t("pwa.news.staff.editorUnknown");
    if (hasErrors(form) || !account) return renderStaff(req, reply, { editorForm: form }, 422);
    await newsEditorGranter({ actor: req.actor(), db, requestId: req.id }, { userId: account.id, scope: values.editorScope });
    return reply.redirect("/verwaltung/nachrichten?ok=redaktion#redaktion", 303);
  });

  app.post("/verwaltung/nachrichten/redaktion/entfernen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    if (!currentUser(req).isAdmin) throw new ForbiddenError("Nur für die Administration");
    const { userId, editorScope } = readForm(req.body, ["userId", "editorScope"] as const);
    if (/^[0-9a-f-]{36}$/i.test(userId)) await newsEditorRevoker({ actor: req.actor(), db, requestId: req.id }, { userId, scope: editorScope });
    return reply.redirect("/verwaltung/nachrichten?ok=redaktion#redaktion", 303);
  });
}
