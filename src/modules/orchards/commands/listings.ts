import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Database, Db } from "../../../platform/db/index.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { addDays } from "../../../platform/time/berlin.js";
import { coarsen, type GeoPoint } from "../../../platform/geo/centres.js";
import { findMailContact } from "../../accounts/index.js";
import type { ListingKind } from "../db.js";
import { orchardMessages } from "../messages.js";
import { today } from "../queries.js";

/** Owners are reminded this many days before the last visible day. */
export const EXPIRY_REMINDER_DAYS = 3;
const translate = translatorFor(orchardMessages);

/** What a citizen enters for a listing (validated by the page or route). */
export interface ListingInput {
  kind: ListingKind;
  title: string;
  description: string;
  municipality: { ags: string; ars: string; name: string };
  areaM2: number | null;
  trees: number | null;
  varieties: string | null;
  expiresOn: string;
  /** The owner's point (inside the county); the public sees only its grid cell's centre. */
  point?: GeoPoint | null;
}

const columns = (i: ListingInput) => ({
  kind: i.kind,
  title: i.title,
  description: i.description,
  ags: i.municipality.ags,
  ars: i.municipality.ars,
  municipality_name: i.municipality.name,
  area_m2: i.areaM2,
  trees: i.trees,
  varieties: i.varieties || null,
  expires_on: i.expiresOn,
  ...pointColumns(i.point ?? null),
});

/** The exact point and its public, coarsened grid point (ADR 0047). */
function pointColumns(p: GeoPoint | null) {
  if (!p) return { lat: null, lon: null, grid_lat: null, grid_lon: null };
  const g = coarsen(p);
  return { lat: p.lat, lon: p.lon, grid_lat: g.lat, grid_lon: g.lon };
}

/** Posts a listing (audited); it becomes a search document at once (catalogue version bumped). */
export async function listingCreator(ctx: CommandContext, props: { ownerId: string; publisher: string; input: ListingInput }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("orchard_listings")
      .values({ ...columns(props.input), owner_id: props.ownerId, publisher: props.publisher, hidden_reason: null, demo_key: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.listing_created", objectType: "orchard_listing", objectId: row.id, details: { kind: props.input.kind, ags: props.input.municipality.ags, point: !!props.input.point }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return { id: row.id };
  });
}

/** Changes the owner's active listing; false when it is not theirs or no longer active (the caller answers 404). */
export async function listingUpdater(ctx: CommandContext, props: { id: string; ownerId: string; input: ListingInput }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("orchard_listings")
      .set({ ...columns(props.input), updated_at: new Date(), expiry_reminded_at: null })
      .where("id", "=", props.id)
      .where("owner_id", "=", props.ownerId)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await appendAudit(tx, ctx.actor, { action: "orchards.listing_updated", objectType: "orchard_listing", objectId: props.id, details: { kind: props.input.kind, point: !!props.input.point }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}

/** The owner withdraws the listing: it leaves the list and the search; conversations stay readable. */
export async function listingWithdrawer(ctx: CommandContext, props: { id: string; ownerId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("orchard_listings").set({ status: "withdrawn", updated_at: new Date() }).where("id", "=", props.id).where("owner_id", "=", props.ownerId).where("status", "=", "active").executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await appendAudit(tx, ctx.actor, { action: "orchards.listing_withdrawn", objectType: "orchard_listing", objectId: props.id, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}

/**
 * Queues a link-only reminder to owners whose active listing's last visible day is at most
 * EXPIRY_REMINDER_DAYS away (once per expiry date: editing the date re-arms it). Returns how many.
 */
export async function expiryReminderQueuer(db: Db, config: Pick<Config, "publicUrl">): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom("orchard_listings")
      .select(["id", "owner_id", "title", "expires_on"])
      .where("status", "=", "active")
      .where("owner_id", "is not", null)
      .where("expiry_reminded_at", "is", null)
      .where("expires_on", ">=", today())
      .where("expires_on", "<=", addDays(today(), EXPIRY_REMINDER_DAYS))
      .orderBy("expires_on")
      .limit(500)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const l of due) {
      const contact = await findMailContact(tx, l.owner_id!);
      if (contact) {
        const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
        await enqueueMail(tx, { kind: "orchards.expiry", ref: `orchards-expiry:${l.id}`, to: contact.email, subject: t("orchards.mail.expirySubject"), text: t("orchards.mail.expiryText", { date: formatDay(l.expires_on), url: `${config.publicUrl}/streuobst/anzeigen/${l.id}/bearbeiten` }) });
      }
    }
    if (due.length) {
      await tx.updateTable("orchard_listings").set({ expiry_reminded_at: new Date() }).where("id", "in", due.map((l) => l.id)).execute();
      await appendAudit(tx, { type: "system", id: null }, { action: "orchards.expiry_reminders_queued", details: { count: due.length } });
    }
    return due.length;
  });
}

/** Re-reads the search documents after expiry days passed (the nightly job): expired listings leave the index. */
export async function expiredListingsSweeper(tx: Transaction<Database>): Promise<void> {
  await bumpCatalogVersion(tx);
}
