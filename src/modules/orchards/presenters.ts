import type { ModuleSearchDocument } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import type { ListingKind } from "./db.js";
import { centreOf } from "../../platform/geo/centres.js";
import { fitInside } from "../../platform/files/index.js";
import { firstPhotos, listItems, listVisibleListings, photoAltTexts, type ItemRow, type ListingRow, type PhotoRow } from "./queries.js";
import { THUMB_SIDE } from "./photos.js";

/** Words people use for each kind (indexed as terms: "streuobstwiese pachten" finds a meadow to lease). */
const KIND_TERMS: Record<ListingKind, string> = {
  meadow_lease: "streuobstwiese obstwiese wiese pachten verpachten pacht zu verpachten",
  meadow_sale: "streuobstwiese obstwiese wiese grundstück kaufen verkaufen",
  meadow_care: "streuobstwiese obstwiese wiese pflege pflegen abgeben bewirtschaften",
  harvest_wanted: "erntehilfe ernte helfen helfer obst auflesen gesucht",
  harvest_offered: "erntehilfe ernte helfen helfer obst auflesen angebot",
  fruit: "obst äpfel birnen kaufen verkaufen selbst pflücken mostobst",
  tree_care: "baumpflege baumschnitt obstbaumschnitt obstbaum schneiden",
  pressing: "mosten most saft pressen mosterei lohnmosterei termine",
};

const ITEM_TERMS = "gerät geräte ausleihen leihen verleih verleihen leihen statt kaufen streuobst";

export const listingUrl = (id: string) => `/streuobst/anzeigen/${id}`;
export const itemUrl = (id: string) => `/streuobst/geraete/${id}`;

/** Short facts line of a listing ("Mühlacker · 2.400 m² · 35 Bäume"). */
export function listingFacts(l: Pick<ListingRow, "municipality_name" | "area_m2" | "trees">, t: (key: string, p?: Record<string, string | number>) => string, fmt: (n: number) => string): string {
  return [l.municipality_name, l.area_m2 != null ? `${fmt(l.area_m2)} m²` : "", l.trees != null ? `${fmt(l.trees)} ${t("orchards.listing.trees")}` : ""].filter(Boolean).join(" · ");
}

/**
 * Where the public may see a listing: the centre of the ~1 km grid cell of the owner's point, else the
 * municipality's centre; never the exact point (ADR 0047).
 */
export function publicPoint(l: Pick<ListingRow, "grid_lat" | "grid_lon" | "ags">): { lat: number; lon: number; precision: "grid" | "municipality" } | null {
  if (l.grid_lat != null && l.grid_lon != null) return { lat: l.grid_lat, lon: l.grid_lon, precision: "grid" };
  const c = centreOf(l.ags);
  return c ? { ...c, precision: "municipality" } : null;
}

/** Kilometres with one decimal (distances are between ~1 km cells or municipality centres anyway). */
export const roundKm = (km: number) => Math.round(km * 10) / 10;

/** A photo in the JSON API: both sizes' URLs, its description and the large picture's size. */
export const presentPhoto = (p: PhotoRow) => ({ url: `/streuobst/fotos/${p.id}`, thumbnailUrl: `/streuobst/fotos/${p.id}/klein`, alt: p.alt, width: p.width, height: p.height });

/** Public JSON of a listing (no owner id, no contact data, no exact point; the distance when searched around a point). */
export function presentListing(l: ListingRow & { distance_km?: number | null }, photos: PhotoRow[] = []) {
  return {
    id: l.id,
    kind: l.kind,
    title: l.title,
    description: l.description,
    municipality: { ags: l.ags, ars: l.ars, name: l.municipality_name },
    areaM2: l.area_m2,
    trees: l.trees,
    varieties: l.varieties,
    expiresOn: l.expires_on,
    publisher: l.publisher,
    location: publicPoint(l),
    photos: photos.map(presentPhoto),
    ...(l.distance_km != null ? { distanceKm: roundKm(l.distance_km) } : {}),
    url: listingUrl(l.id),
  };
}

/** An item for the JSON API; `rating` is the borrowers' average (one decimal) and count. */
export function presentItem(i: ItemRow, rating: { count: number; average: number | null } = { count: 0, average: null }) {
  return { id: i.id, name: i.name, description: i.description, municipality: { ags: i.ags, ars: i.ars, name: i.municipality_name }, depositCents: i.deposit_cents, publisher: i.publisher, rating, url: itemUrl(i.id) };
}

/** The thumbnail's size: the stored (large) size fitted into THUMB_SIDE × THUMB_SIDE, as photos.ts encodes it. */
export function thumbSize(p: Pick<PhotoRow, "width" | "height">): { width: number; height: number } {
  return fitInside(p.width, p.height, THUMB_SIDE);
}

/** Every visible listing as a search document, tied to its municipality (ARS). */
export async function listingSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const [rows, photos, alts] = await Promise.all([listVisibleListings(db, { limit: 100_000 }), firstPhotos(db), photoAltTexts(db)]);
  return rows.map((l) => {
    const p = photos.get(l.id);
    // The first photo's thumbnail is public for a visible listing (photoRoutes) and is the result's one picture
    // (a result list shows one picture per hit; all photos are on the listing page and in its API). Every
    // photo's alt text is found (weak terms), so what the third photo shows finds the listing too.
    const image = p ? { url: presentPhoto(p).thumbnailUrl, alt: p.alt, ...thumbSize(p) } : undefined;
    const alt = alts.get(l.id);
    return { id: l.id, title: l.title, url: listingUrl(l.id), terms: `${KIND_TERMS[l.kind]} ${l.municipality_name}${l.varieties ? ` ${l.varieties}` : ""}${alt ? ` ${alt}` : ""}`, text: l.description.slice(0, 300), ars: l.ars, popularity: 20, ...(image ? { image } : {}) };
  });
}

/** Every lendable item as a search document ("apfelpflücker ausleihen"). */
export async function itemSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const rows = await listItems(db);
  return rows.map((i) => ({ id: i.id, title: i.name, url: itemUrl(i.id), terms: `${ITEM_TERMS} ${i.municipality_name}`, text: i.description.slice(0, 300), ars: i.ars, popularity: 20 }));
}
