import type { Locale, Translate } from "../i18n/index.js";

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

/** The navigation entries (of one app) visible to the given user. */
export function visibleNav(navItems: readonly NavItem[], user: ViewContext["user"]): NavItem[] {
  return navItems.filter(
    (i) => i.audience === "all" || (i.audience === "staff" && user?.kind === "staff") || (i.audience === "editor" && user?.isEditor) || (i.audience === "admin" && user?.isAdmin),
  );
}
