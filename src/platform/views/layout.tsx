import type { ComponentChildren } from "preact";
import type { ViewContext } from "./context.js";

interface LayoutProps {
  ctx: ViewContext;
  title: string;
  children: ComponentChildren;
  /** Set for pages whose content must not be indexed (account, back office). */
  noindex?: boolean;
  /** false on pages that are a search themselves (front door, results): one search field per page. */
  headerSearch?: boolean;
}

function withLang(path: string, lang: string): string {
  return `/sprache?lang=${lang}&next=${encodeURIComponent(path)}`;
}

/** The page shell: KERN header, skip link, navigation, main landmark, footer. */
export function Layout({ ctx, title, children, noindex, headerSearch = true }: LayoutProps) {
  const { t } = ctx;
  const other = ctx.locale === "de" ? "en" : "de";
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t("site.countyPortal", { county: ctx.countyName })}`}</title>
        {noindex && <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {/* The installable app (module pwa): manifest, theme colour, home screen icon, service worker registration. */}
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#0b3e6f" />
        <link rel="apple-touch-icon" href="/pwa/icon-192.png" />
        <link rel="stylesheet" href="/assets/search.css" />
        <script src="/assets/search-suggest.js" defer></script>
        <script src="/assets/nav-menu.js" defer></script>
        <script src="/assets/pwa.js" defer></script>
        <script src="/assets/assistant-widget.js" defer></script>
      </head>
      <body>
        <a class="kp-skip-link" href="#inhalt">
          {t("nav.skip")}
        </a>
        <header class="kp-header">
          {/* Inside the banner landmark, so that all content sits in a landmark. */}
          <div class="kern-kopfzeile">
            <div class="kern-container">
              <div class="kern-kopfzeile__content">
                <span class="kern-kopfzeile__flagge" aria-hidden="true">
                  {/* The KERN flag (the CSS sizes the box; the stripes come from markup, as in KERN's own component). */}
                  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 16" width="24" height="16" focusable="false">
                    <path fill="#000" d="M0 0h24v5.333H0z" />
                    <path fill="#D00" d="M0 5.333h24v5.334H0z" />
                    <path fill="#FFCE00" d="M0 10.667h24V16H0z" />
                  </svg>
                </span>
                <span class="kern-kopfzeile__label">{t("site.officialSite")}</span>
              </div>
            </div>
          </div>
          <div class="kern-container kp-header__inner">
            <a class="kp-brand" href="/">
              <span class="kp-brand__county">{ctx.countyName}</span>
              <span class="kp-brand__portal">{t("site.title")}</span>
            </a>
            {/* Without JavaScript the navigation below is always open; nav-menu.js folds it behind this button on narrow screens. */}
            <div class="kp-header__tools">
              <a class="kern-link kp-lang" href={withLang(ctx.path, other)} hrefLang={other} lang={other} aria-label={t("nav.switchToLabel")}>
                {t("nav.switchTo")}
              </a>
              <button type="button" class="kern-btn kern-btn--secondary kp-menu-button" aria-expanded="false" aria-controls="kp-navigation" hidden>
                <span class="kern-label">{t("nav.menu")}</span>
              </button>
            </div>
            {headerSearch && (
              <form class="kp-search-box" role="search" method="get" action="/suche" aria-label={t("search.box.label")}>
                <label class="kern-label kp-search-box__label" for="kp-suche">
                  {t("search.box.label")}
                </label>
                <input class="kern-form-input__input" type="search" id="kp-suche" name="q" autocomplete="off" maxLength={2000} placeholder={t("search.box.placeholder")} data-suggest="" />
                <button type="submit" class="kern-btn kern-btn--primary">
                  <span class="kern-label">{t("search.box.submit")}</span>
                </button>
              </form>
            )}
          </div>
          <nav class="kp-nav" id="kp-navigation" aria-label={t("nav.label")}>
            <div class="kern-container">
              <ul class="kp-nav__list">
                {ctx.nav.map((item) => (
                  <li>
                    <a class="kp-nav__link" href={item.href} aria-current={ctx.path === item.href || ctx.path.startsWith(item.href + "/") ? "page" : undefined}>
                      {t(item.label)}
                    </a>
                  </li>
                ))}
                {ctx.user ? (
                  <li class="kp-nav__end">
                    <form method="post" action="/abmelden" class="kp-inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <button type="submit" class="kp-nav__button">
                        {t("nav.logout")}
                      </button>
                    </form>
                  </li>
                ) : (
                  <li class="kp-nav__end">
                    <a class="kp-nav__link" href="/anmelden" aria-current={ctx.path === "/anmelden" ? "page" : undefined}>
                      {t("nav.login")}
                    </a>
                  </li>
                )}
              </ul>
            </div>
          </nav>
        </header>
        <main id="inhalt" class="kern-container kp-main" tabIndex={-1}>
          {children}
        </main>
        <footer class="kp-footer">
          <div class="kern-container">
            <nav aria-label={t("footer.label")}>
              <ul class="kern-list kern-list--horizontal kp-footer__list">
                <li>
                  <a class="kern-link" href="/impressum">{t("footer.imprint")}</a>
                </li>
                <li>
                  <a class="kern-link" href="/datenschutz">{t("footer.privacy")}</a>
                </li>
                <li>
                  <a class="kern-link" href="/barrierefreiheit">{t("footer.accessibility")}</a>
                </li>
                <li>
                  <a class="kern-link" href="/leichte-sprache" lang="de">{t("footer.easyLanguage")}</a>
                </li>
                <li>
                  <a class="kern-link" href="/quellen">{t("footer.sources")}</a>
                </li>
                <li>
                  <a class="kern-link" href="/zahlen">{t("footer.figures")}</a>
                </li>
              </ul>
            </nav>
            <p class="kern-body kern-body--small">{t("footer.copyright", { county: ctx.countyName })}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
