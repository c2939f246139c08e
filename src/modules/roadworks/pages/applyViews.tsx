import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, FileField, LinkLine, PageHeading, RadioGroup, Section, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatBytes } from "../../../platform/files/index.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { CLOSURES, MAX_DAYS_WITHOUT_EXTENSION, ROAD_CLASSES, RSA_PLANS } from "../rules.js";
import { euro, locationText } from "../presenters.js";
import type { CompanyRow, Conflict, EventConflict, RoadworkRow } from "../queries.js";
import { EventConflictList } from "./eventViews.js";
import type { Place } from "./publicViews.js";
import { MapBox } from "../../../platform/views/map.js";
import { SpecialUseCell, SpecialUseFields } from "./specialUseViews.js";

export interface CheckResult {
  feeCents: number;
  authority: string;
  conflicts: Conflict[];
  /** Known events (Veranstaltungen) in the same period on the same road or nearby. */
  eventConflicts?: EventConflict[];
  /** The expected special-use fee, when the special use is applied for too. */
  specialUseFeeCents?: number;
  /** The road owner (Straßenbaulastträger) who grants the special use, when one is applied for. */
  roadOwner?: string;
}

function ConflictList({ ctx, conflicts }: { ctx: ViewContext; conflicts: Conflict[] }) {
  const { t } = ctx;
  return (
    <DataTable
      caption={t("roadworks.apply.conflicts")}
      head={[t("roadworks.field.title"), t("roadworks.field.location"), t("roadworks.field.period"), t("roadworks.field.closure"), t("roadworks.conflict.reason")]}
      rows={conflicts.map((c) => [c.other.title, locationText(c.other), `${c.other.start_date} – ${c.other.end_date}`, t(`roadworks.closure.${c.other.closure}`), t(`roadworks.conflict.${c.reason}`)])}
    />
  );
}

export { ConflictList };

function SignPlanField({ ctx, form, keptName }: { ctx: ViewContext; form: FormState; keptName?: string }) {
  const { t } = ctx;
  const hint = keptName ? t("roadworks.field.signPlanKept", { name: keptName }) : `PDF, PNG, JPEG – max. ${formatBytes(ctx.uploadMaxBytes)}`;
  return <FileField name="zeichenplan" label={t("roadworks.field.signPlan")} hint={hint} error={form.errors.zeichenplan} accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" />;
}

export function ApplyPage({ ctx, form, companies, places, check, keptName, tileUrl }: { ctx: ViewContext; tileUrl?: string; form: FormState; companies: CompanyRow[]; places: Place[]; check?: CheckResult; keptName?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.apply.title")}</PageHeading>
      <p class="kern-body">{t("roadworks.apply.intro")}</p>
      <ErrorSummary form={form} t={t} />
      {check && (
        <Section id="pruefung" title={t("roadworks.apply.checked", { fee: euro(check.feeCents), authority: check.authority })}>
          {check.specialUseFeeCents !== undefined && <p class="kern-body">{t("roadworks.su.checked", { fee: euro(check.specialUseFeeCents) })}</p>}
          {check.roadOwner && <p class="kern-body">{t("roadworks.su.roadOwnerChecked", { owner: check.roadOwner })}</p>}
          {check.conflicts.length === 0 ? (
            <Alert kind="success" title={t("roadworks.apply.noConflicts")} />
          ) : (
            <>
              <Alert kind="warning" title={t("roadworks.apply.conflicts")}>
                <p class="kern-body">{t("roadworks.apply.conflictsIntro")}</p>
              </Alert>
              <ConflictList ctx={ctx} conflicts={check.conflicts} />
            </>
          )}
          {check.eventConflicts && check.eventConflicts.length > 0 && (
            <>
              <Alert kind="warning" title={t("roadworks.events.conflicts")}>
                <p class="kern-body">{t("roadworks.events.conflictsIntro")}</p>
              </Alert>
              <EventConflictList ctx={ctx} conflicts={check.eventConflicts} />
            </>
          )}
        </Section>
      )}
      <form method="post" action="/baustellen/antrag" enctype="multipart/form-data" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="zeichenplanId" value={form.values.zeichenplanId ?? ""} />
        <SelectField name="firma" label={t("roadworks.apply.company")} form={form} required placeholder={t("roadworks.field.choose")} options={companies.map((c) => ({ value: c.id, label: c.name }))} />
        <TextField name="titel" label={t("roadworks.field.title")} form={form} required maxLength={200} />
        <TextField name="strasse" label={t("roadworks.field.roadName")} form={form} required maxLength={120} autocomplete="off" />
        <TextField name="hausVon" label={t("roadworks.field.houseFrom")} form={form} maxLength={10} width={8} />
        <TextField name="hausBis" label={t("roadworks.field.houseTo")} form={form} maxLength={10} width={8} />
        <RadioGroup name="innerorts" label={t("roadworks.field.insideTown")} hint={t("roadworks.field.insideTownHint")} form={form} options={[{ value: "ja", label: t("roadworks.insideTown.yes") }, { value: "nein", label: t("roadworks.insideTown.no") }]} />
        <SelectField name="gemeinde" label={t("roadworks.field.municipality")} form={form} required placeholder={t("roadworks.field.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
        <RadioGroup name="strassenklasse" label={t("roadworks.field.roadClass")} form={form} required options={ROAD_CLASSES.map((c) => ({ value: c, label: t(`roadworks.roadClass.${c}`) }))} />
        <TextArea name="lage" label={t("roadworks.field.geometry")} hint={t("roadworks.field.geometryHint")} form={form} rows={3} maxLength={100_000} />
        {tileUrl && (
          <>
            <p class="kern-body" id="kp-roadworks-picker-help">
              {t("roadworks.picker.help")}
            </p>
            <div id="kp-roadworks-picker-tools" class="kern-stack" hidden>
              <fieldset class="kern-fieldset">
                <legend class="kern-label">{t("roadworks.picker.target")}</legend>
                <div class="kern-fieldset__body kp-inline-list">
                  {(["lage", "umleitung"] as const).map((f) => (
                    <div class="kern-form-check">
                      <input class="kern-form-check__radio" type="radio" id={`kp-picker-target-${f}`} name="kp-picker-target" value={f} checked={f === "lage"} />
                      <label class="kern-label" for={`kp-picker-target-${f}`}>
                        {t(f === "lage" ? "roadworks.field.geometry" : "roadworks.field.detourInput")}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <p class="kern-body kp-inline-list">
                <button type="button" class="kern-btn kern-btn--secondary" data-picker="undo">
                  <span class="kern-label">{t("roadworks.picker.undo")}</span>
                </button>{" "}
                <button type="button" class="kern-btn kern-btn--secondary" data-picker="close">
                  <span class="kern-label">{t("roadworks.picker.close")}</span>
                </button>{" "}
                <button type="button" class="kern-btn kern-btn--secondary" data-picker="clear">
                  <span class="kern-label">{t("roadworks.picker.clear")}</span>
                </button>
              </p>
            </div>
            <MapBox ctx={ctx} id="kp-roadworks-picker" label={t("roadworks.picker.label")} describedBy="kp-roadworks-picker-help" tileUrl={tileUrl} height={340} data={{ target: "lage", added: t("roadworks.picker.added"), removed: t("roadworks.picker.removed"), closed: t("roadworks.picker.closed"), cleared: t("roadworks.picker.cleared") }} />
            <p class="kern-body" id="kp-roadworks-picker-status" aria-live="polite"></p>
            <script src="/assets/roadworks-picker.js" defer></script>
          </>
        )}
        <TextArea name="umleitung" label={t("roadworks.field.detourInput")} hint={t("roadworks.field.detourHint")} form={form} rows={2} maxLength={100_000} optional />
        <TextField name="beginn" label={t("roadworks.field.start")} hint={t("roadworks.field.dateHint")} form={form} required width={12} />
        <TextField name="ende" label={t("roadworks.field.end")} hint={t("roadworks.field.dateHint")} form={form} required width={12} />
        <TextField name="taeglichVon" label={t("roadworks.field.dailyFrom")} form={form} required width={8} />
        <TextField name="taeglichBis" label={t("roadworks.field.dailyTo")} form={form} required width={8} />
        <TextField name="fahrstreifen" label={t("roadworks.field.lanes")} form={form} required inputMode="numeric" width={4} />
        <RadioGroup name="sperrung" label={t("roadworks.field.closure")} form={form} required options={CLOSURES.map((c) => ({ value: c, label: t(`roadworks.closure.${c}`) }))} />
        <SelectField name="regelplan" label={t("roadworks.field.rsaPlan")} form={form} required placeholder={t("roadworks.field.choose")} options={RSA_PLANS.map((p) => ({ value: p, label: p }))} />
        <SignPlanField ctx={ctx} form={form} keptName={keptName} />
        <TextField name="bauleitung" label={t("roadworks.field.siteManager")} form={form} required maxLength={120} autocomplete="name" />
        <TextField name="telefon" label={t("roadworks.field.sitePhone")} form={form} type="tel" required maxLength={40} autocomplete="tel" />
        <TextField name="ausfuehrende" label={t("roadworks.field.contractor")} form={form} required maxLength={200} />
        <TextField name="auftraggeber" label={t("roadworks.field.client")} form={form} required maxLength={200} />
        <SpecialUseFields ctx={ctx} form={form} />
        <div>
          <Button variant={check ? "secondary" : "primary"} name="aktion" value="pruefen">
            {t("roadworks.apply.check")}
          </Button>{" "}
          {check && (
            <Button name="aktion" value="einreichen">
              {t("roadworks.apply.submit")}
            </Button>
          )}
        </div>
      </form>
      <p class="kern-body">{t("roadworks.error.tooLong", { days: MAX_DAYS_WITHOUT_EXTENSION })}</p>
    </div>
  );
}

export function NoCompanyPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.apply.title")}</PageHeading>
      <Alert kind="info" title={t("roadworks.apply.noCompany")} />
      <LinkLine href="/baustellen/firma">{t("roadworks.company.title")}</LinkLine>
      <LinkLine href="/baustellen/meine">{t("roadworks.mine.title")}</LinkLine>
    </div>
  );
}

export function CompanyPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.company.title")}</PageHeading>
      <p class="kern-body">{t("roadworks.company.intro")}</p>
      <ErrorSummary form={form} t={t} />
      <form method="post" action="/baustellen/firma" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={t("roadworks.company.name")} form={form} required maxLength={200} autocomplete="organization" />
        <TextField name="email" label={t("roadworks.company.email")} form={form} type="email" required maxLength={200} autocomplete="email" />
        <TextField name="telefon" label={t("roadworks.company.phone")} form={form} type="tel" maxLength={50} autocomplete="tel" />
        <div>
          <Button>{t("roadworks.company.submit")}</Button>
        </div>
      </form>
    </div>
  );
}

export function MinePage({ ctx, companies, rows, notice, refusalFees = new Map(), specialUses = new Map(), changes = new Map() }: { ctx: ViewContext; companies: CompanyRow[]; rows: RoadworkRow[]; notice?: string; /** Granted change rounds per work: their change notices. */ changes?: ReadonlyMap<string, { id: string; kind: "round" | "early_end"; decided_at: Date | null }[]>; refusalFees?: ReadonlyMap<string, { fee_cents: number; paid_at: Date | null }>; specialUses?: ReadonlyMap<string, Parameters<typeof SpecialUseCell>[0]["su"] & object> }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.mine.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <Section id="firmen" title={t("roadworks.mine.companies")}>
        <ul class="kern-list">
          {companies.map((c) => (
            <li>
              {c.name} – {t(c.status === "approved" ? "roadworks.company.approved" : "roadworks.company.pending")}
            </li>
          ))}
        </ul>
        <LinkLine href="/baustellen/firma">{t("roadworks.company.title")}</LinkLine>
      </Section>
      <Section id="antraege" title={t("roadworks.mine.applications")}>
        {rows.length === 0 ? (
          <p class="kern-body">{t("roadworks.mine.none")}</p>
        ) : (
          <DataTable
            caption={t("roadworks.mine.tableCaption")}
            head={[t("roadworks.field.reference"), t("roadworks.field.title"), t("roadworks.field.period"), t("roadworks.field.status"), t("roadworks.mine.documents"), t("roadworks.su.column")]}
            rows={rows.map((r) => [
              r.reference,
              r.title,
              `${r.start_date} – ${r.end_date}`,
              t(`roadworks.status.${r.status}`),
              <>
                {r.status === "ordered" && (
                  <a class="kern-link" href={`/baustellen/${r.id}/anordnung.pdf`}>
                    {t("roadworks.mine.order")}
                  </a>
                )}
                {r.status === "ordered" &&
                  (changes.get(r.id) ?? []).map((c) => (
                    <>
                      {" "}
                      <a class="kern-link" href={`/baustellen/${r.id}/aenderung/${c.id}/bescheid.pdf`}>
                        {t(c.kind === "early_end" ? "roadworks.early.link" : "roadworks.change.link", { date: c.decided_at ? formatDay(c.decided_at) : "–" })}
                      </a>
                    </>
                  ))}
                {r.status === "refused" && (
                  <a class="kern-link" href={`/baustellen/${r.id}/ablehnung.pdf`}>
                    {t("roadworks.mine.refusal")}
                  </a>
                )}{" "}
                <FeeCell ctx={ctx} r={r} fee={r.status === "refused" ? refusalFees.get(r.id) : r} />
              </>,
              <SpecialUseCell ctx={ctx} r={r} su={specialUses.get(r.id)} />,
            ])}
          />
        )}
        <LinkLine href="/baustellen/antrag">{t("roadworks.apply.title")}</LinkLine>
      </Section>
    </div>
  );
}

/** The fee of an application (or, refused, of its refusal): paid, or a button paying it through the payment port. */
function FeeCell({ ctx, r, fee }: { ctx: ViewContext; r: RoadworkRow; fee: { fee_cents: number; paid_at: Date | null } | undefined }) {
  const { t } = ctx;
  if (!fee || fee.fee_cents <= 0) return null;
  if (fee.paid_at) return <>{t("roadworks.pay.done", { fee: euro(fee.fee_cents) })}</>;
  return (
    <form method="post" action={`/baustellen/${r.id}/bezahlen`}>
      <CsrfField token={ctx.csrfToken} />
      <Button variant="secondary">{t("roadworks.pay.button", { fee: euro(fee.fee_cents), reference: r.reference })}</Button>
    </form>
  );
}
