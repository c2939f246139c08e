import type { ComponentChildren } from "preact";
import type { ViewContext } from "../../../platform/views/context.js";
import { LinkLine } from "../../../platform/views/components.js";

export interface HomePageProps {
  ctx: ViewContext;
  /** Number of towns and municipalities of the county (master data). */
  municipalities: number;
  places: Array<{ ags: string; name: string }>;
  /** The municipality remembered or chosen (query, cookie, account). */
  place?: { ags: string; name: string };
  requested: Array<{ leikaKey: string; name: string }>;
  /** Sections of other modules (registry.homeSections), shown before the cards. */
  sections?: ComponentChildren[];
  lifeSituations: Array<{ id: number; label: string }>;
}

const withPlace = (href: string, place?: { ags: string }) => (place ? `${href}${href.includes("?") ? "&" : "?"}ags=${place.ags}` : href);

/** The front door is the search: one large field, the municipality, what others there use, life situations. */
export function HomePage({ ctx, municipalities, places, place, requested, lifeSituations, sections = [] }: HomePageProps) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-front">
      <form method="get" action="/suche" role="search" class="kp-front__search" aria-label={t("portal.home.search.label")}>
        <h1 class="kern-heading-x-large kp-front__heading">
          <label for="kp-front-q">{t("portal.home.search.heading")}</label>
        </h1>
        <p class="kern-hint" id="kp-front-q-hint">
          {t("portal.home.search.hint")}
        </p>
        <div class="kp-front__row">
          <input class="kern-form-input__input kp-front__input" type="search" id="kp-front-q" name="q" maxLength={2000} autocomplete="off" aria-describedby="kp-front-q-hint" data-suggest="" />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t("search.box.submit")}</span>
          </button>
        </div>
        {place && <input type="hidden" name="ags" value={place.ags} />}
      </form>

      <form method="get" action="/" class="kp-front__place">
        <label class="kern-label" for="kp-front-ags">
          {t("portal.home.place.label")}
        </label>
        <div class="kp-front__row">
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="kp-front-ags" name="ags">
              <option value="">{t("portal.home.place.none", { county: ctx.countyName })}</option>
              {places.map((p) => (
                <option value={p.ags} selected={p.ags === place?.ags}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{t("portal.home.place.submit")}</span>
          </button>
        </div>
      </form>

      {requested.length > 0 && (
        <section aria-labelledby="kp-requested">
          <h2 class="kern-heading-medium" id="kp-requested">
            {place ? t("portal.home.requested.in", { place: place.name }) : t("portal.home.requested.county", { county: ctx.countyName })}
          </h2>
          <ul class="kp-link-grid">
            {requested.map((s) => (
              <li>
                <a class="kern-link" href={withPlace(`/leistungen/${s.leikaKey}`, place)}>
                  {s.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {lifeSituations.length > 0 && (
        <section aria-labelledby="kp-life">
          <h2 class="kern-heading-medium" id="kp-life">
            {t("portal.home.life.title")}
          </h2>
          <ul class="kp-link-grid kp-link-grid--tiles">
            {lifeSituations.map((l) => (
              <li>
                <a class="kern-link" href={`/leistungen/lebenslage/${l.id}`}>
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
          <LinkLine href="/leistungen">{t("portal.home.life.all")}</LinkLine>
        </section>
      )}

      {sections}
      <div class="kp-cards">
        <section class="kern-card" aria-labelledby="card-account">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-title" id="card-account">
                {t("portal.home.account.title")}
              </h2>
            </div>
            <div class="kern-card__body">
              <p class="kern-body">{t("portal.home.account.text")}</p>
            </div>
            <div class="kern-card__footer">
              {ctx.user ? (
                <a class="kern-link" href="/konto">
                  {t("portal.home.account.open")}
                </a>
              ) : (
                <a class="kern-link" href="/registrieren">
                  {t("portal.home.account.register")}
                </a>
              )}
            </div>
          </div>
        </section>
        <section class="kern-card" aria-labelledby="card-municipalities">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-title" id="card-municipalities">
                {t("portal.home.municipalities.title")}
              </h2>
            </div>
            <div class="kern-card__body">
              <p class="kern-body">{t("portal.home.municipalities.text", { count: municipalities, county: ctx.countyName })}</p>
            </div>
            <div class="kern-card__footer">
              <a class="kern-link" href="/gemeinden">
                {t("portal.home.municipalities.link")}
              </a>
            </div>
          </div>
        </section>
        <section class="kern-card" aria-labelledby="card-fines">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-title" id="card-fines">
                {t("fines.home.title")}
              </h2>
            </div>
            <div class="kern-card__body">
              <p class="kern-body">{t("fines.home.text")}</p>
            </div>
            <div class="kern-card__footer">
              <a class="kern-link" href="/bussgeld-bezahlen">
                {t("fines.home.link")}
              </a>
            </div>
          </div>
        </section>
      </div>
    </div>
  );
}
