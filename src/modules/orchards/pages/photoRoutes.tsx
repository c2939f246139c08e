/** Photos of listings: the owner's photo page (upload, delete), staff deletion, and serving the pictures. */
import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import { refuseBlocked } from "./moderationRoutes.js";
import type { CommandContext } from "../../../platform/commands.js";
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
    const values = readForm(req.body, ["alt"] as const);
    const form: FormState = { values, errors: {} };
    const alt = values.alt.trim();
    if (!alt || alt.length > 300 || fieldsWithControlChars(values).length) form.errors.alt = req.t("orchards.error.alt");
    const upload = (req.uploads ?? []).find((f) => f.field === "foto");
    const maxBytes = Math.min(PHOTO_MAX_BYTES, config.files.maxBytes);
    // Too big first: a file cut off at the limit may have kept no bytes at all.
    if (upload && (upload.truncated || upload.overRequestLimit || upload.size > maxBytes)) form.errors.foto = req.t("orchards.error.photoSize");
    else if (!upload || upload.size === 0) form.errors.foto = req.t("orchards.error.photoMissing");
    else if ((await countPhotos(db, l.id)) >= MAX_PHOTOS) form.errors.foto = req.t("orchards.error.photoCount", { max: MAX_PHOTOS });
    if (Object.keys(form.errors).length) return render(req, reply, l, form, undefined, 422);
    const processed = await processPhoto(await readFile(upload!.tempPath));
    if (!processed.ok) {
      form.errors.foto = req.t(processed.reason === "type" ? "orchards.error.photoType" : "orchards.error.photoDamaged");
      return render(req, reply, l, form, undefined, 422);
    }
    const out = await photoAdder(ctxOf(req), config, { listingId: l.id, uploaderId: req.user!.id, alt, large: processed.large, thumb: processed.thumb, width: processed.width, height: processed.height, client: uploadClientKey(req.actor(), req.ip) });
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
    const key = size === "large" ? photo.large_key : photo.thumb_key;
    const etag = `"${size === "large" ? photo.large_sha256 : photo.thumb_sha256}"`;
    const headers = () =>
      reply
        .header("Cache-Control", visible ? "public, max-age=3600" : "private, no-store")
        .header("ETag", etag)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("Cross-Origin-Resource-Policy", "same-origin");
    if (req.headers["if-none-match"] === etag) return headers().code(304).send();
    let stream: import("node:stream").Readable;
    try {
      stream = await fileStoreFor(config.files).get(key);
    } catch (err) {
      if (err instanceof FileNotFoundError) return reply.callNotFound();
      throw err;
    }
    return headers().type("image/jpeg").header("Content-Length", String(size === "large" ? photo.large_size : photo.thumb_size)).send(stream);
  };
  app.get<{ Params: { id: string } }>("/streuobst/fotos/:id", serve("large"));
  app.get<{ Params: { id: string } }>("/streuobst/fotos/:id/klein", serve("thumb"));
}
