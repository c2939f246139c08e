import type { ViewContext } from "../../../platform/views/context.js";
import { PageHeading, LinkLine } from "../../../platform/views/components.js";
import { DESTATIS_ATTRIBUTION, OSM_ATTRIBUTION } from "../masterData.js";
import { gemeindeTypeLabel, kreisTypeLabel, verbandTypeLabel, type County, type Municipality } from "../presenters.js";
import { compareGerman } from "../../../platform/i18n/format.js";

function formatNumber(n: number, ctx: ViewContext, digits = 0): string {
  return new Intl.NumberFormat(ctx.locale === "de" ? "de-DE" : "en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

function Sources({ ctx }: { ctx: ViewContext }) {
  return (
    <p class="kern-body kern-body--small">
      {ctx.t("geo.populationNote")} {ctx.t("geo.sources", { destatis: DESTATIS_ATTRIBUTION, osm: OSM_ATTRIBUTION })}{" "}
      <a class="kern-link" href="/quellen">
        {ctx.t("geo.sourcesLink")}
      </a>
    </p>
  );
}

export interface CountyGroup {
  county: County;
  municipalities: Municipality[];
}

/** /gemeinden: per served Kreis a table of its towns and municipalities, then the associations. */
export function MunicipalityListPage({ ctx, groups }: { ctx: ViewContext; groups: CountyGroup[] }) {
  const { t } = ctx;
  const associations = new Map<string, { name: string; label: string; seat: string | null; members: Municipality[] }>();
  for (const m of groups.flatMap((g) => g.municipalities)) {
    if (!m.association) continue;
    const a = associations.get(m.association.ars) ?? { name: m.association.name, label: verbandTypeLabel(t, m.association.type, m.association.ars), seat: m.association.seat, members: [] };
    a.members.push(m);
    associations.set(m.association.ars, a);
  }
  const assocList = [...associations.entries()].sort((a, b) => compareGerman(a[1].name, b[1].name));
  return (
    <div class="kern-stack">
      <PageHeading>{t("geo.list.title")}</PageHeading>
      <p class="kern-body">{t("geo.list.lead")}</p>
      {groups.map(({ county, municipalities }) => {
        const headingId = `kreis-${county.ags}`;
        const captionId = `kreis-${county.ags}-caption`;
        const summaryParams = { type: kreisTypeLabel(t, county.type), count: municipalities.length, population: formatNumber(county.population ?? 0, ctx) };
        return (
          <section class="kern-stack" aria-labelledby={headingId}>
            <h2 class="kern-heading-medium" id={headingId}>
              {county.name}
            </h2>
            <p class="kern-body">{t(municipalities.length === 1 ? "geo.list.kreisSummaryCity" : "geo.list.kreisSummary", summaryParams)}</p>
            <div class="kern-table-responsive" role="region" aria-labelledby={captionId} tabIndex={0}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-title" id={captionId}>
                  {t("geo.list.caption", { kreis: county.name })}
                </caption>
                <thead>
                  <tr class="kern-table__row">
                    <th class="kern-table__header" scope="col">{t("geo.col.name")}</th>
                    <th class="kern-table__header" scope="col">{t("geo.col.type")}</th>
                    <th class="kern-table__header" scope="col">{t("geo.col.association")}</th>
                    <th class="kern-table__header kern-table__header--numeric" scope="col">{t("geo.col.population")}</th>
                    <th class="kern-table__header" scope="col">{t("geo.col.postcodes")}</th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {municipalities.map((m) => (
                    <tr class="kern-table__row">
                      <th class="kern-table__header" scope="row">
                        <a class="kern-link" href={`/gemeinden/${m.ags}`}>
                          {m.name}
                        </a>
                      </th>
                      <td class="kern-table__cell">{gemeindeTypeLabel(t, m.type)}</td>
                      <td class="kern-table__cell">{m.association ? m.association.name : t("geo.list.noAssociation")}</td>
                      <td class="kern-table__cell kern-table__cell--numeric">{m.population === null ? "–" : formatNumber(m.population, ctx)}</td>
                      <td class="kern-table__cell">{m.postcodes.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {assocList.length > 0 && (
        <section class="kern-stack" aria-labelledby="verbaende">
          <h2 class="kern-heading-medium" id="verbaende">
            {t("geo.list.associations.heading")}
          </h2>
          <p class="kern-body">{t("geo.list.associations.lead")}</p>
          <div class="kern-table-responsive" role="region" aria-labelledby="verbaende-caption" tabIndex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="verbaende-caption">
                {t("geo.list.associations.caption")}
              </caption>
              <thead>
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">{t("geo.col.name")}</th>
                  <th class="kern-table__header" scope="col">{t("geo.col.type")}</th>
                  <th class="kern-table__header" scope="col">{t("geo.col.seat")}</th>
                  <th class="kern-table__header" scope="col">{t("geo.col.members")}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {assocList.map(([ars, a]) => (
                  <tr class="kern-table__row" id={`verband-${ars}`}>
                    <th class="kern-table__header" scope="row">{a.name}</th>
                    <td class="kern-table__cell">{a.label}</td>
                    <td class="kern-table__cell">{a.seat ?? ""}</td>
                    <td class="kern-table__cell">
                      <ul class="kern-list">
                        {a.members.map((m) => (
                          <li>
                            <a class="kern-link" href={`/gemeinden/${m.ags}`}>
                              {m.name}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <Sources ctx={ctx} />
    </div>
  );
}

function Item({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{label}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

/** /gemeinden/:ags: one municipality with type, association, population, postcodes and authority. */
export function MunicipalityPage({ ctx, municipality: m }: { ctx: ViewContext; municipality: Municipality }) {
  const { t } = ctx;
  const others = m.association?.members?.filter((x) => x.ags !== m.ags) ?? [];
  return (
    <div class="kern-stack">
      <PageHeading preline={m.county?.name}>{m.name}</PageHeading>
      <dl class="kern-description-list">
        <Item label={t("geo.detail.type")}>{gemeindeTypeLabel(t, m.type)}</Item>
        <Item label={t("geo.detail.officialName")}>{m.officialName}</Item>
        {m.county && <Item label={t("geo.detail.kreis")}>{m.county.name}</Item>}
        <Item label={t("geo.detail.association")}>
          {m.association ? (
            <>
              <p>
                {m.association.name} – {verbandTypeLabel(t, m.association.type, m.association.ars)}
                {m.association.seat ? ` (${t("geo.detail.associationSeat", { seat: m.association.seat })})` : ""}
              </p>
              {others.length > 0 && (
                <p>
                  {t("geo.detail.members")}:{" "}
                  {others.map((o, i) => (
                    <>
                      {i > 0 && ", "}
                      <a class="kern-link" href={`/gemeinden/${o.ags}`}>
                        {o.name}
                      </a>
                    </>
                  ))}
                </p>
              )}
            </>
          ) : (
            t("geo.detail.associationNone")
          )}
        </Item>
        {m.population !== null && <Item label={t("geo.detail.population")}>{formatNumber(m.population, ctx)}</Item>}
        {m.areaHa !== null && <Item label={t("geo.detail.area")}>{t("geo.detail.areaValue", { km2: formatNumber(m.areaHa / 100, ctx, 2) })}</Item>}
        <Item label={t("geo.detail.postcodes")}>{m.postcodes.join(", ") || "–"}</Item>
        <Item label={t("geo.detail.authority")}>{m.authority ? m.authority.name : t("geo.detail.authorityNone")}</Item>
        <Item label={t("geo.detail.keys")}>{m.ags}</Item>
        <Item label={t("geo.detail.ars")}>{m.ars}</Item>
      </dl>
      <LinkLine href="/gemeinden">{t("geo.detail.back")}</LinkLine>
      <Sources ctx={ctx} />
    </div>
  );
}
