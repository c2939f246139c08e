import type { Locale, Translate } from "../i18n/index.js";

/** What every page needs to know about the current request, built once per request. */
export interface ViewContext {
  locale: Locale;
  t: Translate;
  path: string;
  requestId: string;
  csrfToken: string;
  countyName: string;
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

const navItems: NavItem[] = [];

/** Modules add their entry to the main navigation here (in registration order). */
export function registerNavItem(item: NavItem): void {
  if (!navItems.some((i) => i.href === item.href)) {
    navItems.push(item);
    navItems.sort((a, b) => a.order - b.order);
  }
}

/** The navigation entries visible to the given user. */
export function visibleNav(user: ViewContext["user"]): NavItem[] {
  return navItems.filter(
    (i) => i.audience === "all" || (i.audience === "staff" && user?.kind === "staff") || (i.audience === "editor" && user?.isEditor) || (i.audience === "admin" && user?.isAdmin),
  );
}
