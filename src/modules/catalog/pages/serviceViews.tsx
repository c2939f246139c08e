import type { ComponentChildren } from "preact";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, DescriptionList, PageHeading, Section, LinkLine } from "../../../platform/views/components.js";
import type { ServiceResponse, OfficeResponse } from "../schemas.js";
import type { PlaceChoice } from "../place.js";
import type { ServiceListItem } from "../queries.js";
import { SearchBox } from "./catalogViews.js";

/** A text block of the service, left out when the editors have not written it. */
function TextSection({ id, title, text }: { id: string; title: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <Section id={id} title={title}>
      <Paragraphs text={text} />
    </Section>
  );
}

function ListSection({ id, title, items }: { id: string; title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <Section id={id} title={title}>
      <ul class="kern-list kern-list--bullet">
        {items.map((r) => (
          <li>{r}</li>
        ))}
      </ul>
    </Section>
  );
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p class="kern-body">{p}</p>
        ))}
    </>
  );
}

function ExternalLink({ href, children, t }: { href: string; children: ComponentChildren; t: ViewContext["t"] }) {
  return (
    <a class="kern-link" href={href} rel="noopener noreferrer external">
      {children}
      <span class="kern-sr-only"> {t("catalog.service.external")}</span>
    </a>
  );
}

function Office({ office, t }: { office: OfficeResponse; t: ViewContext["t"] }) {
  const rows: Array<[string, ComponentChildren]> = [];
  if (office.address) rows.push([t("catalog.responsible.address"), [office.address.street, [office.address.postcode, office.address.city].filter(Boolean).join(" ")].filter(Boolean).join(", ")]);
  if (office.phone)
    rows.push([
      t("catalog.responsible.phone"),
      <a class="kern-link" href={`tel:${office.phone.replace(/[^+\d]/g, "")}`}>
        {office.phone}
      </a>,
    ]);
  if (office.email)
    rows.push([
      t("catalog.responsible.email"),
      <a class="kern-link" href={`mailto:${office.email}`}>
        {office.email}
      </a>,
    ]);
  if (office.website && /^https?:\/\//.test(office.website))
    rows.push([
      t("catalog.responsible.website"),
      <ExternalLink href={office.website} t={t}>
        {office.website.replace(/^https?:\/\//, "")}
      </ExternalLink>,
    ]);
  if (office.openingHours.length)
    rows.push([
      t("catalog.responsible.hours"),
      <ul class="kp-plain-list">
        {office.openingHours.map((h) => (
          <li>
            {h.days}: {h.hours}
          </li>
        ))}
      </ul>,
    ]);
  if (office.accessibility) rows.push([t("catalog.responsible.accessibility"), office.accessibility]);
  return (
    <div class="kern-card kp-office">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <h3 class="kern-title">{office.name}</h3>
          {office.parentName && <p class="kern-body kern-body--small">{t("catalog.responsible.part", { parent: office.parentName })}</p>}
        </div>
        {rows.length > 0 && (
          <div class="kern-card__body">
            <DescriptionList rows={rows} />
          </div>
        )}
      </div>
    </div>
  );
}

/** The municipality form: a select of the portal's municipalities or a postcode (GET, no JS needed). */
function PlaceForm({ ctx, leikaKey, municipalities, selected }: { ctx: ViewContext; leikaKey: string; municipalities: Array<{ ags: string; name: string }>; selected?: string }) {
  const { t } = ctx;
  return (
    <form method="get" action={`/leistungen/${leikaKey}#zustaendig`} class="kern-stack">
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{t("catalog.responsible.choose")}</legend>
        <div class="kern-hint" id="ort-hint">
          {t("catalog.responsible.chooseHint")}
        </div>
        <div class="kern-fieldset__body kern-stack">
          <div class="kern-form-input">
            <label class="kern-label" for="ags">
              {t("catalog.responsible.municipality")}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="ags" name="ags" aria-describedby="ort-hint">
                <option value="">{t("catalog.responsible.municipalityChoose")}</option>
                {municipalities.map((m) => (
                  <option value={m.ags} selected={m.ags === selected}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="plz">
              {t("catalog.responsible.postcode")}
            </label>
            <input class="kern-form-input__input kern-form-input__input--width-4" type="text" id="plz" name="plz" inputMode="numeric" autocomplete="postal-code" maxLength={5} pattern="[0-9]{5}" />
          </div>
        </div>
      </fieldset>
      <div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">{t("catalog.responsible.show")}</span>
        </button>
      </div>
    </form>
  );
}

export interface ServicePageProps {
  ctx: ViewContext;
  service: ServiceResponse;
  choice: PlaceChoice;
  municipalities: Array<{ ags: string; name: string }>;
  canEdit: boolean;
  updated: string;
  /** Online forms of the applications module for this service ("Online beantragen"). */
  forms?: Array<{ title: string; href: string }>;
  /** Link to appointment booking when the service is bookable ("Termin vereinbaren"). */
  booking?: string;
  /** Link to paying online (fines: "Bußgeld online bezahlen"). */
  payment?: string;
}

/** /leistungen/:leikaKey – every XZuFi field, and the office for the chosen municipality. */
export function ServicePage({ ctx, service: s, choice, municipalities, canEdit, updated, forms = [], booking, payment }: ServicePageProps) {
  const { t } = ctx;
  const preline = [s.topic?.name, s.lifeSituation?.name].filter(Boolean).join(" · ") || undefined;
  const taskLabel = s.taskCategory ? t(`catalog.task.${s.taskCategory.key}`) : null;
  return (
    <div class="kern-stack kp-service">
      <PageHeading preline={preline}>{s.name}</PageHeading>
      {s.shortText ? <p class="kern-body kern-body--large">{s.shortText}</p> : <Alert kind="info" title={t("catalog.service.noContent")} />}
      {canEdit && (
        <LinkLine href={`/verwaltung/leistungen/${s.leikaKey}`}>{t("catalog.service.edit")}</LinkLine>
      )}
      {forms.map((f) => (
        <p class="kern-body">
          <a class="kern-btn kern-btn--primary" href={f.href}>
            <span class="kern-label">
              Online beantragen<span class="kern-sr-only">: {f.title}</span>
            </span>
          </a>
        </p>
      ))}
      {payment && (
        <p class="kern-body">
          <a class="kern-btn kern-btn--primary" href={payment}>
            <span class="kern-label">{t("fines.service.pay")}</span>
          </a>
        </p>
      )}
      {booking && (
        <p class="kern-body">
          <a class="kern-btn kern-btn--secondary" href={booking}>
            <span class="kern-label">Termin vereinbaren</span>
          </a>
        </p>
      )}
      {s.onlineService && (
        <Section id="online" title={t("catalog.service.online")}>
          <p class="kern-body">
            <ExternalLink href={s.onlineService.url} t={t}>
              {t("catalog.service.onlineLink")}
            </ExternalLink>
            {s.onlineService.trustLevel && <span class="kern-body kern-body--small"> ({t("catalog.service.trustLevel", { level: s.onlineService.trustLevel })})</span>}
          </p>
        </Section>
      )}
      <Section id="zustaendig" title={t("catalog.responsible.title")}>
        {choice.kind === "place" && (
          <p class="kern-body">
            <strong>{t(choice.source === "account" ? "catalog.responsible.fromAccount" : "catalog.responsible.for", { place: choice.place.name })}</strong>
          </p>
        )}
        {choice.kind === "place" && (s.responsible ? <Office office={s.responsible} t={t} /> : <p class="kern-body">{t("catalog.responsible.none")}</p>)}
        {choice.kind === "unknown" && <Alert kind="warning" title={t("catalog.responsible.unknown", { value: choice.value })} />}
        {choice.kind === "ambiguous" && (
          <div class="kern-stack">
            <p class="kern-body">{t("catalog.responsible.ambiguous", { postcode: choice.postcode })}</p>
            <ul class="kern-list kern-list--bullet">
              {choice.candidates.map((c) => (
                <li>
                  <a class="kern-link" href={`/leistungen/${s.leikaKey}?ags=${c.ags}#zustaendig`}>
                    {c.name}
                    {c.place && c.place !== c.name ? ` (${c.place})` : ""}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {choice.kind === "place" ? (
          <details>
            <summary class="kern-link">{t("catalog.responsible.change")}</summary>
            <PlaceForm ctx={ctx} leikaKey={s.leikaKey} municipalities={municipalities} selected={choice.place.ags} />
          </details>
        ) : (
          <PlaceForm ctx={ctx} leikaKey={s.leikaKey} municipalities={municipalities} />
        )}
      </Section>
      <TextSection id="beschreibung" title={t("catalog.service.description")} text={s.fullText} />
      <ListSection id="voraussetzungen" title={t("catalog.service.requirements")} items={s.requirements} />
      <ListSection id="unterlagen" title={t("catalog.service.documents")} items={s.documents} />
      <TextSection id="kosten" title={t("catalog.service.fees")} text={s.fees} />
      <TextSection id="fristen" title={t("catalog.service.deadlines")} text={s.deadlines} />
      <TextSection id="dauer" title={t("catalog.service.processingTime")} text={s.processingTime} />
      {s.forms.length > 0 && (
        <Section id="formulare" title={t("catalog.service.forms")}>
          <ul class="kern-list kern-list--bullet">
            {s.forms.map((f) => (
              <li>
                <ExternalLink href={f.url} t={t}>
                  {f.title}
                </ExternalLink>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {s.legalBasis.length > 0 && (
        <Section id="rechtsgrundlagen" title={t("catalog.service.legalBasis")}>
          <ul class="kern-list kern-list--bullet">
            {s.legalBasis.map((l) => (
              <li>{l.url ? <ExternalLink href={l.url} t={t}>{l.title}</ExternalLink> : l.title}</li>
            ))}
          </ul>
        </Section>
      )}
      <Section id="angaben" title={t("catalog.service.facts")}>
        <DescriptionList
          rows={[
            [t("catalog.service.leikaKey"), s.leikaKey],
            [t("catalog.service.ozgService"), s.ozgService?.name],
            [t("catalog.service.lifeSituation"), s.lifeSituation ? <a class="kern-link" href={`/leistungen/lebenslage/${s.lifeSituation.id}`}>{s.lifeSituation.name}</a> : null],
            [t("catalog.service.object"), s.serviceObject],
            [t("catalog.service.activity"), [s.activity, s.activityDetail].filter(Boolean).join(" – ") || null],
            [t("catalog.service.taskCategory"), taskLabel],
            [t("catalog.service.updated"), updated],
          ]}
        />
      </Section>
      <LinkLine href="/leistungen">{t("catalog.back")}</LinkLine>
    </div>
  );
}

/** 404 for an unknown key: a message and the search box. */
export function ServiceNotFound({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("catalog.service.notFound.title")}</PageHeading>
      <p class="kern-body">{t("catalog.service.notFound.body")}</p>
      <SearchBox ctx={ctx} id="suche-404" />
      <LinkLine href="/leistungen">{t("catalog.back")}</LinkLine>
    </div>
  );
}
