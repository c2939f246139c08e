import type { ViewContext } from "../../../platform/views/context.js";

/** `municipalities`: number of towns and municipalities of the county (master data). */
export function HomePage({ ctx, municipalities }: { ctx: ViewContext; municipalities: number }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <div class="kern-hgroup">
        <h1 class="kern-heading-x-large">{t("portal.home.heading")}</h1>
        <p class="kern-subline">{t("portal.home.lead", { county: ctx.countyName })}</p>
      </div>
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
