/** Municipal news: reads, the Redaktion policy, feeds (RSS 2.0 and Atom), search documents. */
import type { Db } from "../../platform/db/index.js";
import type { ModuleSearchDocument } from "../../platform/modules.js";
import type { SessionUser } from "../../platform/auth/session.js";
import { fitInside } from "../../platform/files/index.js";
import { findMunicipality } from "../geo/index.js";
import { findMailContact } from "../accounts/index.js";
import "./db.js";

export interface NewsImage {
  url: string;
  alt: string;
  width: number;
  height: number;
  /** The thumbnail (≤ 400 px; the picture itself for items published before session 25), with its size. */
  thumb: { url: string; width: number; height: number };
}

/** The longer side of news thumbnails. */
export const NEWS_THUMB_SIDE = 400;

export interface NewsItem {
  id: string;
  ags: string | null;
  title: string;
  body: string;
  publishedAt: Date;
  isDemo: boolean;
  image?: NewsImage;
}

type NewsRow = { id: string; ags: string | null; title: string; body: string; published_at: Date; is_demo: boolean; image_file_id: string | null; image_thumb_file_id: string | null; image_alt: string | null; image_width: number | null; image_height: number | null };
const ITEM_COLUMNS = ["id", "ags", "title", "body", "published_at", "is_demo", "image_file_id", "image_thumb_file_id", "image_alt", "image_width", "image_height"] as const;

/** The public address of an item's image and of its thumbnail (served by newsRoutes while the item is visible). */
export const newsImageUrl = (id: string) => `/nachrichten/${id}/bild`;
export const newsThumbUrl = (id: string) => `/nachrichten/${id}/bild/klein`;

function imageOf(r: NewsRow): NewsImage | undefined {
  if (!(r.image_file_id && r.image_alt && r.image_width && r.image_height)) return undefined;
  const size = fitInside(r.image_width, r.image_height, NEWS_THUMB_SIDE);
  const thumb = { url: r.image_thumb_file_id ? newsThumbUrl(r.id) : newsImageUrl(r.id), ...size };
  return { url: newsImageUrl(r.id), alt: r.image_alt, width: r.image_width, height: r.image_height, thumb };
}

const toItem = (r: NewsRow): NewsItem => ({
  id: r.id,
  ags: r.ags,
  title: r.title,
  body: r.body,
  publishedAt: r.published_at,
  isDemo: r.is_demo,
  ...(imageOf(r) ? { image: imageOf(r) } : {}),
});

/**
 * Published news, newest first. `scope`: undefined = everything; "kreis" = county items only; an AGS =
 * that municipality's items and the county's (what people of that place read).
 */
export async function listNews(db: Db, opts: { scope?: string; limit?: number } = {}): Promise<NewsItem[]> {
  let q = db.selectFrom("pwa_news").select(ITEM_COLUMNS).where("withdrawn_at", "is", null).where("published_at", "<=", new Date());
  if (opts.scope === "kreis") q = q.where("ags", "is", null);
  else if (opts.scope) q = q.where((eb) => eb.or([eb("ags", "=", opts.scope!), eb("ags", "is", null)]));
  return (await q.orderBy("published_at", "desc").limit(opts.limit ?? 30).execute()).map(toItem);
}

/** Items for the Redaktion's list: published and scheduled (not withdrawn), latest time first. */
export async function listNewsForStaff(db: Db, limit = 100): Promise<Array<NewsItem & { scheduled: boolean }>> {
  const rows = await db.selectFrom("pwa_news").select([...ITEM_COLUMNS, "announced_at"]).where("withdrawn_at", "is", null).orderBy("published_at", "desc").limit(limit).execute();
  return rows.map((r) => ({ ...toItem(r), scheduled: r.announced_at === null }));
}

/** One item for the Redaktion (also scheduled ones); undefined when unknown or withdrawn. */
export async function findNewsForStaff(db: Db, id: string): Promise<(NewsItem & { scheduled: boolean }) | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.selectFrom("pwa_news").select([...ITEM_COLUMNS, "announced_at"]).where("id", "=", id).where("withdrawn_at", "is", null).executeTakeFirst();
  return r && { ...toItem(r), scheduled: r.announced_at === null };
}

/** A published item (public pages): scheduled items are not found before their time. */
export async function findNews(db: Db, id: string): Promise<NewsItem | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.selectFrom("pwa_news").select(ITEM_COLUMNS).where("id", "=", id).where("withdrawn_at", "is", null).where("published_at", "<=", new Date()).executeTakeFirst();
  return r && toItem(r);
}

/** The stored file of a published item's image or its thumbnail (public pages only: not scheduled, not withdrawn). */
export async function findNewsImageFile(db: Db, id: string, which: "image" | "thumb" = "image"): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.selectFrom("pwa_news").select(["image_file_id", "image_thumb_file_id"]).where("id", "=", id).where("withdrawn_at", "is", null).where("published_at", "<=", new Date()).executeTakeFirst();
  return (which === "thumb" ? r?.image_thumb_file_id : r?.image_file_id) ?? undefined;
}

/** The scopes a staff member may publish to: "kreis" or AGS values; admins all (`"*"`). */
export async function newsScopesOf(db: Db, user: Pick<SessionUser, "id" | "kind" | "isAdmin">): Promise<string[] | "*"> {
  if (user.kind !== "staff") return [];
  if (user.isAdmin) return "*";
  const rows = await db.selectFrom("pwa_news_editors").select("ags").where("user_id", "=", user.id).execute();
  return rows.map((r) => r.ags ?? "kreis");
}

export const mayPublish = (scopes: string[] | "*", scope: string) => scopes === "*" || scopes.includes(scope);

export async function listNewsEditors(db: Db): Promise<Array<{ userId: string; email: string; scope: string }>> {
  const rows = await db.selectFrom("pwa_news_editors").select(["user_id", "ags"]).orderBy("granted_at").execute();
  const out = [];
  for (const r of rows) out.push({ userId: r.user_id, email: (await findMailContact(db, r.user_id))?.email ?? "–", scope: r.ags ?? "kreis" });
  return out;
}

/**
 * News as search documents (published, not withdrawn; the last 300). An item with an image shows its thumbnail with
 * the alt text beside the result, and the alt text's words find the item (weak terms).
 */
export async function newsSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const rows = await db.selectFrom("pwa_news").select(ITEM_COLUMNS).where("withdrawn_at", "is", null).where("published_at", "<=", new Date()).orderBy("published_at", "desc").limit(300).execute();
  const ars = new Map<string, string | null>();
  for (const ags of new Set(rows.map((r) => r.ags).filter((a): a is string => !!a))) ars.set(ags, (await findMunicipality(db, ags))?.ars ?? null);
  return rows.map((r) => {
    const image = imageOf(r);
    return {
      id: r.id,
      title: r.title,
      url: `/nachrichten/${r.id}`,
      text: r.body.slice(0, 300),
      terms: `nachrichten aktuelles meldung${image ? ` ${image.alt}` : ""}`,
      ars: r.ags ? (ars.get(r.ags) ?? null) : null,
      popularity: 10,
      ...(image ? { image: { url: image.thumb.url, alt: image.alt, width: image.thumb.width, height: image.thumb.height } } : {}),
    };
  });
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** RSS 2.0 or Atom 1.0 of `items`. */
export function newsFeed(format: "rss" | "atom", props: { title: string; selfUrl: string; pageUrl: string; base: string; lang: string; items: NewsItem[] }): string {
  const link = (i: NewsItem) => `${props.base}/nachrichten/${i.id}`;
  if (format === "rss") {
    const items = props.items
      .map((i) => `<item><title>${esc(i.title)}</title><link>${esc(link(i))}</link><guid isPermaLink="true">${esc(link(i))}</guid><pubDate>${i.publishedAt.toUTCString()}</pubDate><description>${esc(i.body)}</description></item>`)
      .join("");
    return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${esc(props.title)}</title><link>${esc(props.pageUrl)}</link><description>${esc(props.title)}</description><language>${props.lang}</language><atom:link href="${esc(props.selfUrl)}" rel="self" type="application/rss+xml"/>${items}</channel></rss>\n`;
  }
  const updated = (props.items[0]?.publishedAt ?? new Date(0)).toISOString();
  const entries = props.items
    .map((i) => `<entry><id>${esc(link(i))}</id><title>${esc(i.title)}</title><link href="${esc(link(i))}"/><updated>${i.publishedAt.toISOString()}</updated><content type="text">${esc(i.body)}</content></entry>`)
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${props.lang}"><id>${esc(props.selfUrl)}</id><title>${esc(props.title)}</title><updated>${updated}</updated><link rel="self" href="${esc(props.selfUrl)}"/><link rel="alternate" type="text/html" href="${esc(props.pageUrl)}"/><author><name>${esc(props.title)}</name></author>${entries}</feed>\n`;
}
