import type { ViewContext } from "../../../platform/views/context.js";
import type { Hit } from "../engine/searcher.js";

/** Results that are variants of one service object ("Hundehaltung Anmeldung", "… Abmeldung", …) under the best-ranked one. */
export interface HitGroup {
  lead: Hit;
  variants: Hit[];
}

/** Groups hits by LeiKa service object, keeping the rank order of each group's best hit. */
export function groupHits(hits: readonly Hit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  const byKey = new Map<string, HitGroup>();
  for (const h of hits) {
    const object = h.doc.type === "service" ? h.doc.fields.object : undefined;
    const key = object ? `o:${object}` : `d:${h.doc.type}:${h.doc.id}`;
    const g = byKey.get(key);
    if (g) g.variants.push(h);
    else {
      const created = { lead: h, variants: [] };
      byKey.set(key, created);
      groups.push(created);
    }
  }
  return groups;
}

/** A result link keeps the municipality the search is for, so the service page need not ask again. */
export function withPlace(url: string, ags: string | undefined): string {
  if (!ags || !url.startsWith("/leistungen/")) return url;
  return `${url}${url.includes("?") ? "&" : "?"}ags=${ags}`;
}

/** Shown before "weitere anzeigen". */
export const GROUPS_SHOWN = 5;

function Result({ ctx, hit, ags }: { ctx: ViewContext; hit: Hit; ags?: string }) {
  const { t } = ctx;
  const doc = hit.doc;
  return (
    <>
      <p class="kern-preline">{doc.kindLabel ? t(doc.kindLabel) : t(`search.type.${doc.type}`)}</p>
      <h3 class="kern-title">
        <a class="kern-link" href={withPlace(doc.url, ags)}>
          {doc.title}
        </a>
      </h3>
      {(doc.onlineServiceUrl || (doc.forms?.length ?? 0) > 0) && <span class="kern-badge kern-badge--success"><span class="kern-label kern-label--small">{t("search.results.online")}</span></span>}
      {doc.image && <img class="kp-search-thumb" src={doc.image.url} alt={doc.image.alt} width={doc.image.width} height={doc.image.height} loading="lazy" />}
      {doc.shortText && <p class="kern-body kern-body--small">{doc.shortText}</p>}
    </>
  );
}

export function Variants({ ctx, group, ags }: { ctx: ViewContext; group: HitGroup; ags?: string }) {
  if (!group.variants.length) return null;
  return (
    <details class="kp-variants">
      <summary class="kern-body kern-body--small">{ctx.t(group.variants.length === 1 ? "search.results.variantsOne" : "search.results.variants", { count: group.variants.length, object: group.lead.doc.fields.object ?? group.lead.doc.title })}</summary>
      <ul class="kern-list">
        {group.variants.map((v) => (
          <li>
            <a class="kern-link" href={withPlace(v.doc.url, ags)}>
              {v.doc.title}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The further results: one entry per service object, variants folded, a handful open and the rest behind "weitere anzeigen". */
export function ResultList({ ctx, groups, ags }: { ctx: ViewContext; groups: HitGroup[]; ags?: string }) {
  const { t } = ctx;
  const item = (g: HitGroup) => (
    <li class="kp-search-result">
      <Result ctx={ctx} hit={g.lead} ags={ags} />
      <Variants ctx={ctx} group={g} ags={ags} />
    </li>
  );
  const shown = groups.slice(0, GROUPS_SHOWN);
  const more = groups.slice(GROUPS_SHOWN);
  return (
    <section aria-labelledby="weitere-treffer">
      <h2 class="kern-heading-medium" id="weitere-treffer">
        {t("search.results.more")}
      </h2>
      <ol class="kp-plain-list kp-search-results">{shown.map(item)}</ol>
      {more.length > 0 && (
        <details class="kp-more-results">
          <summary class="kern-btn kern-btn--secondary">
            <span class="kern-label">{t("search.results.showMore", { count: more.length })}</span>
          </summary>
          <ol class="kp-plain-list kp-search-results" start={GROUPS_SHOWN + 1}>
            {more.map(item)}
          </ol>
        </details>
      )}
    </section>
  );
}
