import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { Database } from "../../../platform/db/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { fileDeleter, fileReleaser, fileRetainer, fileStoreFor, storeImage, type FileRefusal } from "../../../platform/files/index.js";
import { MAX_PHOTOS } from "../photos.js";

export const PHOTO_PURPOSE = "orchards-photo";

export type PhotoAdderResult = { kind: "added"; id: string } | { kind: "too_many" } | { kind: "gone" } | { kind: "refused"; reason: FileRefusal };

/** A processed photo (photos.ts) and who uploads it. */
export interface PhotoUpload { uploaderId: string; alt: string; large: Buffer; thumb: Buffer; width: number; height: number; client?: string }
type Attach = (tx: Transaction<Database>, files: { large: string; thumb: string }) => Promise<PhotoAdderResult>;

/**
 * Stores both JPEGs in the file store, then runs `attach` in one transaction (it locks its parent row and
 * counts, so two uploads at once cannot exceed the limit) and retains the files when it added a row.
 * Whatever is refused leaves no file behind. Used for listing photos and loan check-list photos.
 */
export async function photoFilesAttacher(ctx: CommandContext, config: Pick<Config, "files" | "varDir">, props: PhotoUpload, attach: Attach): Promise<PhotoAdderResult> {
  const store = fileStoreFor(config.files);
  const storeBytes = (bytes: Buffer, name: string) => storeImage(ctx, config, bytes, { name, uploaderId: props.uploaderId, purpose: PHOTO_PURPOSE, retainUntil: new Date(Date.now() + 3_600_000), client: props.client });
  const large = await storeBytes(props.large, "foto.jpg");
  if (!large.ok) return { kind: "refused", reason: large.reason };
  const thumb = await storeBytes(props.thumb, "foto-klein.jpg");
  if (!thumb.ok) {
    await fileDeleter(ctx, { store, ids: [large.file.id] });
    return { kind: "refused", reason: thumb.reason };
  }
  const ids = [large.file.id, thumb.file.id];
  const out = await ctx.db.transaction().execute(async (tx) => {
    const r = await attach(tx, { large: large.file.id, thumb: thumb.file.id });
    if (r.kind === "added") await fileRetainer(tx, { ids, until: null });
    return r;
  });
  if (out.kind !== "added") await fileDeleter(ctx, { store, ids });
  return out;
}

/** Adds a photo to an active listing (at most MAX_PHOTOS; the listing locked). Audited. */
export async function photoAdder(ctx: CommandContext, config: Pick<Config, "files" | "varDir">, props: PhotoUpload & { listingId: string }): Promise<PhotoAdderResult> {
  return photoFilesAttacher(ctx, config, props, async (tx, files) => {
    const listing = await tx.selectFrom("orchard_listings").select(["id"]).where("id", "=", props.listingId).where("status", "=", "active").forUpdate().executeTakeFirst();
    if (!listing) return { kind: "gone" };
    const n = await tx.selectFrom("orchard_photos").select((eb) => eb.fn.countAll<string>().as("n")).where("listing_id", "=", props.listingId).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_PHOTOS) return { kind: "too_many" };
    const row = await tx
      .insertInto("orchard_photos")
      .values({ listing_id: props.listingId, file_id: files.large, thumb_file_id: files.thumb, alt: props.alt, width: props.width, height: props.height, created_by: props.uploaderId })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The listing's search document shows its first photo (presenters.ts).
    await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, { action: "orchards.photo_added", objectType: "orchard_listing", objectId: props.listingId, details: { photoId: row.id, width: props.width, height: props.height }, requestId: ctx.requestId });
    return { kind: "added", id: row.id };
  });
}

/** Deletes a photo (the owner or staff; the caller has authorized), audited; its files are removed after the commit. */
export async function photoDeleter(ctx: CommandContext, config: Pick<Config, "files">, props: { photoId: string; listingId: string; byStaff: boolean }): Promise<boolean> {
  const released = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom("orchard_photos").where("id", "=", props.photoId).where("listing_id", "=", props.listingId).returning(["file_id", "thumb_file_id"]).executeTakeFirst();
    if (!row) return undefined;
    await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, { action: "orchards.photo_deleted", objectType: "orchard_listing", objectId: props.listingId, details: { photoId: props.photoId, byStaff: props.byStaff }, requestId: ctx.requestId });
    return fileReleaser(tx, { ids: [row.file_id, row.thumb_file_id] });
  });
  if (!released) return false;
  await fileDeleter(ctx, { store: fileStoreFor(config.files), ids: released });
  return true;
}
