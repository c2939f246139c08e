/** The catalogue's overview pages: topics, most requested, A–Z, life situations (the service page is serviceViews.tsx). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, PageHeading, Section, LinkLine } from "../../../platform/views/components.js";
import type { ServiceListItem } from "../queries.js";

/** The search box that leads to the site search (works without JavaScript). */
export function SearchBox({ ctx, id = "leistung-suche" }: { ctx: ViewContext; id?: string }) {
  const { t } = ctx;
  return (
    <form method="get" action="/suche" role="search" class="kern-stack kp-narrow">
      <div class="kern-form-input">
        <label class="kern-label" for={id}>
          {t("catalog.searchLabel")}
        </label>
        <input class="kern-form-input__input" type="search" id={id} name="q" autocomplete="off" maxLength={200} />
      </div>
      <div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">{t("catalog.searchButton")}</span>
        </button>
      </div>
    </form>
  );
}

function ServiceLinks({ items }: { items: ServiceListItem[] }) {
  return (
    <ul class="kern-list">
      {items.map((s) => (
        <li>
          <a class="kern-link" href={`/leistungen/${s.leika_key}`}>
            {s.name}
          </a>
          {s.short_text && <span class="kern-body kern-body--small"> – {s.short_text}</span>}
        </li>
      ))}
    </ul>
  );
}

export interface TopicView {
  id: number;
  name: string;
  lifeSituations: Array<{ id: number; name: string; services: number; withContent: number }>;
}

const initial = (name: string) => {
  const c = name.trim().charAt(0).toLocaleUpperCase("de");
  const folded = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  return /[A-Z]/.test(folded) ? folded : "#";
};

/** /leistungen: popular services, topics with life situations, A–Z of described services. */
export function CatalogHome({ ctx, topics, popular, az, canEdit }: { ctx: ViewContext; topics: TopicView[]; popular: ServiceListItem[]; az: ServiceListItem[]; canEdit: boolean }) {
  const { t } = ctx;
  const groups = new Map<string, ServiceListItem[]>();
  for (const s of az) {
    const k = initial(s.name);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const letters = [...groups.keys()].sort((a, b) => a.localeCompare(b, "de"));
  return (
    <div class="kern-stack">
      <PageHeading>{t("catalog.title")}</PageHeading>
      <p class="kern-body">{t("catalog.lead")}</p>
      {canEdit && (
        <LinkLine href="/verwaltung/leistungen">{t("catalog.editorLink")}</LinkLine>
      )}
      {popular.length > 0 && (
        <Section id="beliebt" title={t("catalog.popular")}>
          <ServiceLinks items={popular} />
        </Section>
      )}
      <Section id="themen" title={t("catalog.topics")}>
        <div class="kp-cards">
          {topics.map((tp) => (
            <section class="kern-card" aria-labelledby={`thema-${tp.id}`}>
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h3 class="kern-title" id={`thema-${tp.id}`}>
                    {tp.name}
                  </h3>
                </div>
                <div class="kern-card__body">
                  <ul class="kern-list">
                    {tp.lifeSituations.map((l) => (
                      <li>
                        <a class="kern-link" href={`/leistungen/lebenslage/${l.id}`}>
                          {l.name}
                        </a>{" "}
                        <span class="kern-body kern-body--small">({t("catalog.topicCount", { n: l.services })})</span>
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </section>
          ))}
        </div>
      </Section>
      <Section id="a-z" title={t("catalog.az")}>
        <p class="kern-body">{t("catalog.az.lead")}</p>
        <nav aria-label={t("catalog.az.letters")}>
          <ul class="kp-plain-list kp-letters">
            {letters.map((l) => (
              <li>
                <a class="kern-link" href={`#buchstabe-${l === "#" ? "0" : l}`}>
                  {l}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {letters.map((l) => (
          <section aria-labelledby={`buchstabe-${l === "#" ? "0" : l}`}>
            <h3 class="kern-heading-small" id={`buchstabe-${l === "#" ? "0" : l}`}>
              {l}
            </h3>
            <ul class="kern-list">
              {groups.get(l)!.map((s) => (
                <li>
                  <a class="kern-link" href={`/leistungen/${s.leika_key}`}>
                    {s.name}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </Section>
    </div>
  );
}

/** /leistungen/lebenslage/:id */
export function LifeSituationPage({ ctx, lifeSituation, services }: { ctx: ViewContext; lifeSituation: { name: string; topic_name: string }; services: ServiceListItem[] }) {
  const { t } = ctx;
  const described = services.filter((s) => s.has_content);
  const others = services.filter((s) => !s.has_content);
  return (
    <div class="kern-stack">
      <PageHeading preline={lifeSituation.topic_name}>{lifeSituation.name}</PageHeading>
      <Section id="beschrieben" title={t("catalog.lifeSituation.withContent")}>
        {described.length ? <ServiceLinks items={described} /> : <p class="kern-body">{t("catalog.lifeSituation.none")}</p>}
      </Section>
      {others.length > 0 && (
        <Section id="weitere" title={t("catalog.lifeSituation.others", { n: others.length })}>
          <p class="kern-body">{t("catalog.lifeSituation.othersHint")}</p>
          <ServiceLinks items={others} />
        </Section>
      )}
      <LinkLine href="/leistungen">{t("catalog.back")}</LinkLine>
    </div>
  );
}
