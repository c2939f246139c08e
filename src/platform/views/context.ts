import type { Locale, Translate } from "../i18n/index.js";
import type { SessionUser } from "../auth/session.js";
import type { Db } from "../db/index.js";
import type { Config } from "../config.js";

/** What a navigation entry's own policy may read (a subset of the app's AppDeps). */
export interface NavDeps {
  db: Db;
  config: Config;
}

/** What every page needs to know about the current request, built once per request. */
export interface ViewContext {
  locale: Locale;
  t: Translate;
  path: string;
  requestId: string;
  csrfToken: string;
  countyName: string;
  /** The portal's upload limit (UPLOAD_MAX_BYTES), for hints under file fields. */
  uploadMaxBytes: number;
  /** Attribution of the map tiles (MAP_TILE_ATTRIBUTION), shown in every map's corner; see platform/views/map.tsx. */
  mapAttribution?: string | undefined;
  user: { id: string; displayName: string; kind: "citizen" | "staff"; isAdmin: boolean; isEditor: boolean } | undefined;
  nav: NavItem[];
}

export interface NavItem {
  /** Message key of the label. */
  label: string;
  href: string;
  /** Who sees the item. */
  audience: "all" | "staff" | "editor" | "admin";
  /** Position in the bar, ascending (Leistungen 10, Termine 20, Stellen 30, Mein Konto 90, Redaktion 95, Verwaltung 100). */
  order: number;
  /**
   * Narrows the audience to the accounts the module's own policy admits (the page would answer them 403 otherwise,
   * e.g. the care counsellors' page for other staff). Evaluated once per signed-in page request; never for anonymous.
   */
  show?: (user: SessionUser, deps: NavDeps) => boolean | Promise<boolean>;
}

/** Sorts an app's navigation entries by `order` (ties keep the order of the modules list); refuses a href twice. */
export function buildNav(items: readonly NavItem[]): NavItem[] {
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i.href)) throw new Error(`navigation entry ${i.href} declared twice`);
    seen.add(i.href);
  }
  return [...items].sort((a, b) => a.order - b.order);
}

const inAudience = (i: NavItem, user: Pick<SessionUser, "kind" | "isAdmin" | "isEditor"> | undefined): boolean =>
  i.audience === "all" || (i.audience === "staff" && user?.kind === "staff") || (i.audience === "editor" && !!user?.isEditor) || (i.audience === "admin" && !!user?.isAdmin);

/**
 * The hrefs of the entries with a `show` policy that admit this user (in their audience and `show` true).
 * A policy that fails hides its entry: the page itself still decides.
 */
export async function admittedNav(navItems: readonly NavItem[], user: SessionUser | undefined, deps: NavDeps): Promise<ReadonlySet<string>> {
  if (!user) return new Set();
  const guarded = navItems.filter((i) => i.show && inAudience(i, user));
  const results = await Promise.all(guarded.map(async (i) => [i.href, await Promise.resolve(i.show!(user, deps)).catch(() => false)] as const));
  return new Set(results.filter(([, ok]) => ok).map(([href]) => href));
}

/** The navigation entries (of one app) visible to the given user; `admitted` from `admittedNav` for entries with `show`. */
export function visibleNav(navItems: readonly NavItem[], user: ViewContext["user"], admitted: ReadonlySet<string> = new Set()): NavItem[] {
  return navItems.filter((i) => inAudience(i, user) && (!i.show || admitted.has(i.href)));
}
