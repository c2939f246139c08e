import type { ViewContext } from "../../../platform/views/context.js";
import { PageHeading, Section } from "../../../platform/views/components.js";
import type { SearchDoc } from "../engine/searchIndex.js";
import type { Hit, SearchOutcome } from "../engine/searcher.js";
import type { Responsible } from "../responsible.js";
import { groupHits, ResultList, Variants, withPlace } from "./resultList.js";

export interface SearchPageProps {
  ctx: ViewContext;
  q: string;
  ags: string;
  topic: string;
  places: Array<{ ags: string; name: string }>;
  outcome?: SearchOutcome;
  /** The place the office is shown for (from ?ags, the query or the account). */
  place?: { ags: string; name: string };
  bestOffice?: Responsible;
  /** The portal's online form for the best answer's service, if there is one. */
  bestForm?: { href: string };
  popular: SearchDoc[];
  /** OZG life situations grouped by topic (start page). */
  topics: Array<{ topic: string; situations: Array<{ id: number; name: string }> }>;
  agsError?: string;
}

function searchUrl(params: Record<string, string | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  return `/suche?${u.toString()}`;
}

function SearchForm({ ctx, q, ags, places, agsError }: Pick<SearchPageProps, "ctx" | "q" | "ags" | "places" | "agsError">) {
  const { t } = ctx;
  return (
    <form method="get" action="/suche" role="search" class="kp-search-form kern-stack" aria-label={t("search.title")}>
      <div class="kern-form-input">
        <label class="kern-label" for="suche-q">
          {t("search.field.q")}
        </label>
        {/* With results showing, the form stays short so the first results fit the first screen of a phone. */}
        {!q.trim() && (
          <div class="kern-hint" id="suche-q-hint">
            {t("search.field.q.hint")}
          </div>
        )}
        <input class="kern-form-input__input" type="search" id="suche-q" name="q" value={q} maxLength={2000} aria-describedby={q.trim() ? undefined : "suche-q-hint"} autocomplete="off" data-suggest="" />
      </div>
      {places.length > 0 && (
        <div class={`kern-form-input${agsError ? " kern-form-input--error" : ""}`}>
          <label class="kern-label" for="suche-ags">
            {t("search.field.ags")}
            <span class="kern-label__optional"> – optional</span>
          </label>
          {!q.trim() && (
            <div class="kern-hint" id="suche-ags-hint">
              {t("search.field.ags.hint")}
            </div>
          )}
          {agsError && (
            <p class="kern-error" id="suche-ags-error" role="alert">
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span>
              <span class="kern-body">{agsError}</span>
            </p>
          )}
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="suche-ags" name="ags" aria-describedby={[q.trim() ? "" : "suche-ags-hint", agsError ? "suche-ags-error" : ""].filter(Boolean).join(" ") || undefined}>
              <option value="">{t("search.field.ags.none")}</option>
              {places.map((p) => (
                <option value={p.ags} selected={p.ags === ags}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <div>
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">{t("search.box.submit")}</span>
        </button>
      </div>
    </form>
  );
}

function BestAnswer({ ctx, hit, responsible, place, onlineForm }: { ctx: ViewContext; hit: Hit; responsible?: Responsible; place?: { ags: string; name: string }; onlineForm?: { href: string } }) {
  const { t } = ctx;
  const doc = hit.doc;
  const office = responsible?.office;
  return (
    <section class="kern-card kp-best" aria-labelledby="beste-antwort">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <p class="kern-preline">{doc.kindLabel ? `${t("search.best.label")} · ${t(doc.kindLabel)}` : t("search.best.label")}</p>
          <h2 class="kern-title kern-title--large" id="beste-antwort">
            <a class="kern-link" href={doc.url}>
              {doc.title}
            </a>
          </h2>
        </div>
        <div class="kern-card__body kern-stack">
          {doc.shortText && <p class="kern-body">{doc.shortText}</p>}
          {doc.type === "service" &&
            (office && place ? (
              <div>
                <h3 class="kern-title kern-title--small">{t("search.best.office", { place: place.name })}</h3>
                <p class="kern-body">
                  <a class="kern-link" href={`/stellen/${office.id}`}>
                    {office.name}
                  </a>
                  {office.parentName && (
                    <>
                      <br />
                      {office.parentName}
                    </>
                  )}
                  {office.street && (
                    <>
                      <br />
                      {office.street}, {office.postcode} {office.city}
                    </>
                  )}
                  {office.phone && (
                    <>
                      <br />
                      <a class="kern-link" href={`tel:${office.phone.replace(/[^+\d]/g, "")}`}>
                        {office.phone}
                      </a>
                    </>
                  )}
                </p>
              </div>
            ) : (
              <p class="kern-body kern-body--small">{t("search.best.officeUnknown")}</p>
            ))}
          {doc.fees && (
            <div>
              <h3 class="kern-title kern-title--small">{t("search.best.fees")}</h3>
              <p class="kern-body">{doc.fees}</p>
            </div>
          )}
          {doc.forms && doc.forms.length > 0 && (
            <div>
              <h3 class="kern-title kern-title--small">{t("search.best.forms")}</h3>
              <ul class="kern-list">
                {doc.forms.map((f) => (
                  <li>
                    <a class="kern-link" href={f.url}>
                      {f.title}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p class="kern-body kp-best__actions">
            {/* The primary action: the portal's own online form, else the service's external online service. */}
            {(onlineForm || doc.onlineServiceUrl) && (
              <a class="kern-btn kern-btn--primary" href={onlineForm?.href ?? doc.onlineServiceUrl!}>
                <span class="kern-label">{t("search.best.online")}</span>
              </a>
            )}{" "}
            <a class="kern-link" href={withPlace(doc.url, place?.ags)}>
              {t(doc.type === "service" ? "search.best.details" : "search.best.open")}
            </a>
          </p>
        </div>
      </div>
    </section>
  );
}

function TopicFilter({ ctx, q, ags, topic, outcome }: { ctx: ViewContext; q: string; ags: string; topic: string; outcome: SearchOutcome }) {
  const { t } = ctx;
  if (outcome.topics.length < 2) return null;
  return (
    <nav aria-label={t("search.topics.label")} class="kp-search-topics">
      <h2 class="kern-title kern-title--small">{t("search.topics.label")}</h2>
      <ul class="kern-list kp-plain-list">
        <li>
          <a class="kern-link" href={searchUrl({ q, ags })} aria-current={topic ? undefined : "page"}>
            {t("search.topics.all")}
          </a>
        </li>
        {outcome.topics.map((tp) => (
          <li>
            <a class="kern-link" href={searchUrl({ q, ags, thema: tp.topic })} aria-current={topic === tp.topic ? "page" : undefined}>
              {tp.topic} ({tp.count})
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Empty({ ctx, q }: { ctx: ViewContext; q: string }) {
  const { t } = ctx;
  return (
    <section class="kern-stack" aria-labelledby="keine-treffer">
      <h2 class="kern-heading-medium" id="keine-treffer">
        {t("search.empty.title", { q })}
      </h2>
      <p class="kern-body">{t("search.empty.text")}</p>
      <ul class="kern-list">
        <li>{t("search.empty.tip1")}</li>
        <li>{t("search.empty.tip2")}</li>
        <li>
          {t("search.empty.tip3")}{" "}
          <a class="kern-link" href="/leistungen">
            {t("search.empty.az")}
          </a>
        </li>
      </ul>
      <p class="kern-body">{t("search.empty.contact")}</p>
    </section>
  );
}

function StartPage({ ctx, popular, topics }: { ctx: ViewContext; popular: SearchDoc[]; topics: SearchPageProps["topics"] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      {popular.length > 0 && (
        <section aria-labelledby="haeufig">
          <h2 class="kern-heading-medium" id="haeufig">
            {t("search.start.popular")}
          </h2>
          <ul class="kern-list">
            {popular.map((d) => (
              <li>
                <a class="kern-link" href={d.url}>
                  {d.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {topics.length > 0 && (
        <Section id="themen" title={t("search.start.topics")}>
          <div class="kp-cards">
            {topics.map((tp) => (
              <div>
                <h3 class="kern-title kern-title--small">{tp.topic}</h3>
                <ul class="kern-list">
                  {tp.situations.map((l) => (
                    <li>
                      <a class="kern-link" href={`/leistungen/lebenslage/${l.id}`}>
                        {l.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </Section>
      )}
    </div>
  );
}

/** The result page: form, best answer, topic filter, further results; works without JavaScript. */
export function SearchPage(props: SearchPageProps) {
  const { ctx, q, ags, topic, outcome, place, bestOffice } = props;
  const { t } = ctx;
  const hits = outcome?.hits ?? [];
  const [bestGroup, ...rest] = groupHits(hits);
  const best = bestGroup?.lead;
  return (
    <div class="kern-stack kp-search">
      <PageHeading>{t("search.heading")}</PageHeading>
      <SearchForm ctx={ctx} q={q} ags={ags} places={props.places} agsError={props.agsError} />
      {outcome?.corrected && (
        <p class="kern-body" id="meinten-sie">
          {t("search.didYouMean")}{" "}
          <a class="kern-link" href={searchUrl({ q: outcome.corrected, ags })}>
            {outcome.corrected}
          </a>
        </p>
      )}
      {!q.trim() && <StartPage ctx={ctx} popular={props.popular} topics={props.topics} />}
      {q.trim() && outcome && outcome.total === 0 && <Empty ctx={ctx} q={q} />}
      {q.trim() && outcome && outcome.total > 0 && (
        <>
          <p class="kern-body" role="status">
            {outcome.total === 1 ? t("search.results.countOne", { q }) : t("search.results.count", { count: outcome.total, q })}
            {outcome.place && (
              <>
                {" "}
                – {t("search.results.place", { name: outcome.place.name })}
              </>
            )}
          </p>
          {best && <BestAnswer ctx={ctx} hit={best} responsible={bestOffice} place={place} onlineForm={props.bestForm} />}
          {bestGroup && <Variants ctx={ctx} group={bestGroup} ags={place?.ags} />}
          <TopicFilter ctx={ctx} q={q} ags={ags} topic={topic} outcome={outcome} />
          {rest.length > 0 && <ResultList ctx={ctx} groups={rest} ags={place?.ags} />}
        </>
      )}
    </div>
  );
}
