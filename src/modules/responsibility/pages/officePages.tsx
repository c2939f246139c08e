import type { ViewContext } from "../../../platform/views/context.js";
import { DescriptionList, PageHeading } from "../../../platform/views/components.js";
import type { Office } from "../queries.js";

/** The office's address as lines; missing parts are left out. */
function addressLines(o: Office): string[] {
  const place = [o.postcode, o.city].filter(Boolean).join(" ");
  return [o.street, place].filter((l): l is string => !!l);
}

/** Contact card of one office: address, hours, phone, e-mail, accessibility. Also used by other modules' pages. */
export function OfficeCard({ ctx, office, headingLevel = 2, link = false, showParent = true }: { ctx: ViewContext; office: Office; headingLevel?: 2 | 3; link?: boolean; showParent?: boolean }) {
  const { t } = ctx;
  const H = headingLevel === 2 ? "h2" : "h3";
  const lines = addressLines(office);
  return (
    <div class="kern-card kp-office-card">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <H class="kern-title">{link ? <a class="kern-link" href={`/stellen/${office.id}`}>{office.name}</a> : office.name}</H>
          {showParent && office.parentName ? <p class="kern-preline">{t("offices.detail.partOf", { name: office.parentName })}</p> : null}
        </div>
        <div class="kern-card__body">
          <DescriptionList
            rows={[
              [t("offices.detail.building"), office.building],
              [t("offices.detail.address"), lines.length ? lines.map((l, i) => (i ? [<br />, l] : l)) : t("offices.detail.unknown")],
              [
                t("offices.detail.phone"),
                office.phone ? (
                  <a class="kern-link" href={`tel:${office.phone.replace(/[^0-9+]/g, "")}`}>{office.phone}</a>
                ) : office.parentPhone ? (
                  <>
                    <a class="kern-link" href={`tel:${office.parentPhone.replace(/[^0-9+]/g, "")}`}>{office.parentPhone}</a> {t("offices.detail.viaSwitchboard", { name: office.parentName ?? "" })}
                  </>
                ) : (
                  t("offices.detail.unknown")
                ),
              ],
              [t("offices.detail.email"), office.email ? <a class="kern-link" href={`mailto:${office.email}`}>{office.email}</a> : null],
              [t("offices.detail.website"), office.website ? <a class="kern-link" href={office.website} rel="noopener">{office.website.replace(/^https:\/\//, "")}</a> : null],
            ]}
          />
        </div>
      </div>
    </div>
  );
}

/** /stellen/:id — the office with hours, accessibility, data note and its departments. */
export function OfficePage({ ctx, office, children }: { ctx: ViewContext; office: Office; children: Office[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={office.parentName ?? undefined}>{office.name}</PageHeading>
      <OfficeCard ctx={ctx} office={office} showParent={false} />
      <section class="kern-stack" aria-labelledby="oeffnungszeiten">
        <h2 class="kern-heading-medium" id="oeffnungszeiten">{t("offices.detail.hours")}</h2>
        {office.openingHours.length ? (
          <DescriptionList rows={office.openingHours.map((h) => [h.days, h.hours] as const)} />
        ) : (
          <p class="kern-body">{t("offices.detail.noHours")}</p>
        )}
      </section>
      <section class="kern-stack" aria-labelledby="barrierefreiheit">
        <h2 class="kern-heading-medium" id="barrierefreiheit">{t("offices.detail.accessibility")}</h2>
        <p class="kern-body">{office.accessibility ?? t("offices.detail.noAccessibility")}</p>
      </section>
      {office.dataNote || office.dataSource ? (
        <section class="kern-stack kp-data-source" aria-labelledby="hinweis">
          <h2 class="kern-heading-medium" id="hinweis">{t("offices.detail.dataNote")}</h2>
          {office.dataNote ? <p class="kern-body">{office.dataNote}</p> : null}
          {office.dataSource ? (
            <p class="kern-body kern-body--small">
              {t("offices.detail.dataSource")}: {office.dataSource}
            </p>
          ) : null}
        </section>
      ) : null}
      {children.length ? (
        <section class="kern-stack" aria-labelledby="fachbereiche">
          <h2 class="kern-heading-medium" id="fachbereiche">{t("offices.detail.departments")}</h2>
          <ul class="kern-list">
            {children.map((c) => (
              <li>
                <a class="kern-link" href={`/stellen/${c.id}`}>{c.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** /stellen — county authorities with departments, municipal authorities, other offices. */
export function OfficeListPage({ ctx, groups }: { ctx: ViewContext; groups: Array<Office & { children: Office[] }> }) {
  const { t } = ctx;
  const sections: Array<[string, string, Array<Office & { children: Office[] }>]> = [
    ["kreis", t("offices.list.county"), groups.filter((g) => g.kind === "county_authority" || (g.kind === "municipal_authority" && g.children.length > 0))],
    ["gemeinden", t("offices.list.municipal"), groups.filter((g) => g.kind === "municipal_authority" && g.children.length === 0)],
    ["weitere", t("offices.list.other"), groups.filter((g) => g.kind === "office" || g.kind === "department")],
  ];
  return (
    <div class="kern-stack">
      <PageHeading>{t("offices.list.title")}</PageHeading>
      <p class="kern-body">{t("offices.list.lead")}</p>
      {sections
        .filter(([, , items]) => items.length > 0)
        .map(([id, heading, items]) => (
          <section class="kern-stack" aria-labelledby={`stellen-${id}`}>
            <h2 class="kern-heading-medium" id={`stellen-${id}`}>{heading}</h2>
            <ul class="kern-list">
              {items.map((g) => (
                <li>
                  <a class="kern-link" href={`/stellen/${g.id}`}>{g.name}</a>
                  {g.children.length ? (
                    <ul class="kern-list" aria-label={`${t("offices.list.departments")}: ${g.name}`}>
                      {g.children.map((c) => (
                        <li>
                          <a class="kern-link" href={`/stellen/${c.id}`}>{c.name}</a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}

/** 404 for an unknown office id. */
export function OfficeNotFoundPage({ ctx }: { ctx: ViewContext }) {
  return (
    <div class="kern-stack">
      <PageHeading>{ctx.t("offices.notFound.title")}</PageHeading>
      <p class="kern-body">{ctx.t("offices.notFound.text")}</p>
      <p class="kern-body">
        <a class="kern-link" href="/stellen">{ctx.t("offices.notFound.back")}</a>
      </p>
    </div>
  );
}
