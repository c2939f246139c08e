/** Photos of listings: the owner's photo page (upload, delete), staff deletion, and serving the pictures. */
import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import { refuseBlocked } from "./moderationRoutes.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { FileNotFoundError, fileStoreFor, refusalMessage, uploadClientKey } from "../../../platform/files/index.js";
import { readForm } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { fieldsWithControlChars } from "../../../platform/forms.js";
import { photoAdder, photoDeleter } from "../commands/photos.js";
import { MAX_PHOTOS, PHOTO_MAX_BYTES, processPhoto } from "../photos.js";
import { canModerate } from "../policies.js";
import { listingUrl } from "../presenters.js";
import { countPhotos, findListing, findPhoto, isVisible, listPhotos, type ListingRow } from "../queries.js";
import { PhotosPage } from "./views.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

/**
 * Sends a stored JPEG: nosniff, sandboxing CSP, ETag (SHA-256, If-None-Match → 304); public caching for an
 * hour when `cacheable`, else `private, no-store`. A missing file → 404.
 */
export async function sendJpeg(req: FastifyRequest, reply: FastifyReply, config: Pick<Config, "files">, file: { key: string; size: number | string; sha256: string }, cacheable: boolean) {
  const etag = `"${file.sha256}"`;
  const headers = () =>
    reply
      .header("Cache-Control", cacheable ? "public, max-age=3600" : "private, no-store")
      .header("ETag", etag)
      .header("X-Content-Type-Options", "nosniff")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .header("Cross-Origin-Resource-Policy", "same-origin");
  if (req.headers["if-none-match"] === etag) return headers().code(304).send();
  let stream: import("node:stream").Readable;
  try {
    stream = await fileStoreFor(config.files).get(file.key);
  } catch (err) {
    if (err instanceof FileNotFoundError) return reply.callNotFound();
    throw err;
  }
  return headers().type("image/jpeg").header("Content-Length", String(file.size)).send(stream);
}

/**
 * Reads a photo upload form (fields `alt` and `foto` — or `fileField`, multipart; also the JSON API's upload) and processes the picture (photos.ts):
 * errors next to the fields for a missing or over-long description, a missing, too big or n-th file
 * (`count` photos there already, at most MAX_PHOTOS), not an image or a damaged one / too many pixels.
 */
export async function readPhotoUpload(req: FastifyRequest, config: Pick<Config, "files">, count: number, fileField = "foto") {
  const values = readForm(req.body, ["alt"] as const);
  const form: FormState = { values, errors: {} };
  const alt = values.alt.trim();
  if (!alt || alt.length > 300 || fieldsWithControlChars(values).length) form.errors.alt = req.t("orchards.error.alt");
  const upload = (req.uploads ?? []).find((f) => f.field === fileField);
  const maxBytes = Math.min(PHOTO_MAX_BYTES, config.files.maxBytes);
  // What is wrong with the file (the JSON API answers 413/409/422 by it).
  let refusal: "size" | "missing" | "count" | "type" | "damaged" | undefined;
  // Too big first: a file cut off at the limit may have kept no bytes at all.
  if (upload && (upload.truncated || upload.overRequestLimit || upload.size > maxBytes)) refusal = "size";
  else if (!upload || upload.size === 0) refusal = "missing";
  else if (count >= MAX_PHOTOS) refusal = "count";
  if (refusal) form.errors.foto = req.t(refusal === "size" ? "orchards.error.photoSize" : refusal === "missing" ? "orchards.error.photoMissing" : "orchards.error.photoCount", { max: MAX_PHOTOS });
  if (Object.keys(form.errors).length) return { form, maxBytes, refusal };
  const processed = await processPhoto(await readFile(upload!.tempPath));
  if (!processed.ok) {
    form.errors.foto = req.t(processed.reason === "type" ? "orchards.error.photoType" : "orchards.error.photoDamaged");
    return { form, maxBytes, refusal: processed.reason };
  }
  return { form, maxBytes, processed: { ...processed, alt } };
}

export async function orchardPhotoPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const isOwner = (req: FastifyRequest, l: Pick<ListingRow, "owner_id">) => !!req.user && req.user.kind === "citizen" && l.owner_id === req.user.id;

  const render = async (req: FastifyRequest, reply: FastifyReply, l: ListingRow, form: FormState, notice?: string, status = 200) => {
    const photos = await listPhotos(db, l.id);
    return reply.page(req.t("orchards.photos.pageTitle", { title: l.title }), (ctx) => <PhotosPage ctx={ctx} listing={l} photos={photos} s={{ form, notice, canUpload: isOwner(req, l) && l.status === "active" }} />, { status, noindex: true });
  };

  // The owner manages the photos; staff see them to delete (moderation). Anyone else: 404.
  app.get<{ Params: { id: string }; Querystring: { gespeichert?: string; geloescht?: string } }>("/streuobst/anzeigen/:id/fotos", { preHandler: requireLogin }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l || !(isOwner(req, l) || canModerate(req.user))) return reply.callNotFound();
    const notice = req.query.gespeichert === "1" ? req.t("orchards.photos.added") : req.query.geloescht === "1" ? req.t("orchards.photos.deleted") : undefined;
    return render(req, reply, l, emptyForm(), notice);
  });

  app.post<{ Params: { id: string } }>("/streuobst/anzeigen/:id/fotos", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l || !isOwner(req, l) || l.status !== "active") return reply.callNotFound();
    const { form, processed, maxBytes } = await readPhotoUpload(req, config, await countPhotos(db, l.id));
    if (!processed) return render(req, reply, l, form, undefined, 422);
    const out = await photoAdder(ctxOf(req), config, { listingId: l.id, uploaderId: req.user!.id, alt: processed.alt, large: processed.large, thumb: processed.thumb, width: processed.width, height: processed.height, client: uploadClientKey(req.actor(), req.ip) });
    if (out.kind === "gone") return reply.callNotFound();
    if (out.kind !== "added") {
      form.errors.foto = out.kind === "too_many" ? req.t("orchards.error.photoCount", { max: MAX_PHOTOS }) : refusalMessage(req.t, out.reason, { accept: ["image/jpeg"], maxBytes });
      return render(req, reply, l, form, undefined, out.kind === "refused" && out.reason === "quota" ? 429 : 422);
    }
    return reply.redirect(`${listingUrl(l.id)}/fotos?gespeichert=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/fotos/:id/loeschen", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    const photo = await findPhoto(db, req.params.id);
    if (!photo || !(isOwner(req, photo) || canModerate(req.user))) return reply.callNotFound();
    await photoDeleter(ctxOf(req), config, { photoId: photo.id, listingId: photo.listing_id, byStaff: !isOwner(req, photo) });
    return reply.redirect(`${listingUrl(photo.listing_id)}/fotos?geloescht=1`, 303);
  });

  /**
   * The pictures: for a visible listing to anyone (cacheable for an hour, revalidated by ETag); for a
   * listing that is not (expired, withdrawn, hidden) only to its owner and staff, never stored by caches.
   */
  const serve = (size: "large" | "thumb") => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const photo = await findPhoto(db, req.params.id);
    if (!photo) return reply.callNotFound();
    const visible = isVisible(photo);
    if (!visible && !(isOwner(req, photo) || canModerate(req.user))) return reply.callNotFound();
    return sendJpeg(req, reply, config, size === "large" ? { key: photo.large_key, size: photo.large_size, sha256: photo.large_sha256 } : { key: photo.thumb_key, size: photo.thumb_size, sha256: photo.thumb_sha256 }, visible);
  };
  app.get<{ Params: { id: string } }>("/streuobst/fotos/:id", serve("large"));
  app.get<{ Params: { id: string } }>("/streuobst/fotos/:id/klein", serve("thumb"));
}
