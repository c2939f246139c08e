import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, DescriptionList, ErrorSummary, LinkLine, PageHeading, RadioGroup, Section, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { insideTownOf, PARTIES, refusalFeeCents } from "../rules.js";
import { euro, locationText } from "../presenters.js";
import type { CompanyRow, Conflict, ConsentRow, EventConflict, ExtensionsOf, OpenMunicipalityConsent, RoadworkRow, SpecialUseRow } from "../queries.js";
import { ConflictList } from "./applyViews.js";
import { RoadworkFacts } from "./publicViews.js";
import { SpecialUseSection } from "./specialUseViews.js";
import { ExtensionSection } from "./extensionViews.js";
import { EventConflictList } from "./eventViews.js";

export function StaffListPage({ ctx, rows, companies, companiesShown, memberForm, notice, municipalityConsents = [] }: { ctx: ViewContext; rows: RoadworkRow[]; companies: CompanyRow[]; /** Only the county's traffic office and administrators approve companies. */ companiesShown: boolean; memberForm: FormState & { company?: string }; notice?: string; municipalityConsents?: OpenMunicipalityConsent[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.staff.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={memberForm} t={t} />
      <LinkLine href="/verwaltung/baustellen/beteiligte">{t("roadworks.areas.title")}</LinkLine>
      <LinkLine href="/verwaltung/baustellen/veranstaltungen">{t("roadworks.events.title")}</LinkLine>
      {municipalityConsents.length > 0 && (
        <Section id="stellungnahmen" title={t("roadworks.staff.municipalityConsents")}>
          <DataTable
            caption={t("roadworks.staff.municipalityConsentsCaption")}
            head={[t("roadworks.field.reference"), t("roadworks.field.title"), t("roadworks.field.location"), t("roadworks.staff.party")]}
            rows={municipalityConsents.map((c) => [
              <a class="kern-link" href={`/verwaltung/baustellen/${c.id}/stellungnahme-gemeinde${c.change ? "/aenderung" : ""}`}>
                {c.reference}
              </a>,
              c.change ? `${t("roadworks.staff.changeRound")}: ${c.title}` : c.title,
              locationText(c),
              t("roadworks.staff.due", { date: c.due_on }),
            ])}
          />
        </Section>
      )}
      <Section id="antraege" title={t("roadworks.staff.applications")}>
        <DataTable
          caption={t("roadworks.staff.tableApplications")}
          head={[t("roadworks.field.reference"), t("roadworks.field.title"), t("roadworks.field.municipality"), t("roadworks.field.period"), t("roadworks.field.status")]}
          rows={rows.map((r) => [
            <a class="kern-link" href={`/verwaltung/baustellen/${r.id}`}>
              {r.reference}
            </a>,
            r.title,
            r.municipality,
            `${r.start_date} – ${r.end_date}`,
            t(`roadworks.status.${r.status}`),
          ])}
        />
      </Section>
      {companiesShown && (
      <Section id="firmen" title={t("roadworks.staff.companies")}>
        <ul class="kern-list">
          {companies.map((c) => (
            <li class="kern-stack">
              <p class="kern-body">
                <strong>{c.name}</strong> ({c.email}) – {t(c.status === "approved" ? "roadworks.company.approved" : "roadworks.company.pending")}
              </p>
              {c.status === "pending" && (
                <form method="post" action={`/verwaltung/baustellen/firmen/${c.id}/freigeben`}>
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="secondary">
                    {t("roadworks.staff.approve")}: {c.name}
                  </Button>
                </form>
              )}
              <form method="post" action={`/verwaltung/baustellen/firmen/${c.id}/konten`} novalidate class="kern-stack kp-narrow">
                <CsrfField token={ctx.csrfToken} />
                <TextField name={`email-${c.id}`} label={`${t("roadworks.staff.addMember")} – ${c.name}`} form={memberForm} type="email" />
                <div>
                  <Button variant="secondary">{t("roadworks.staff.addMemberSubmit")}</Button>
                </div>
              </form>
            </li>
          ))}
        </ul>
      </Section>
      )}
    </div>
  );
}

function ConsentForm({ ctx, r, c, form }: { ctx: ViewContext; r: RoadworkRow; c: ConsentRow; form: FormState }) {
  const { t } = ctx;
  return (
    <form method="post" action={`/verwaltung/baustellen/${r.id}/zustimmung`} novalidate class="kern-stack kp-narrow">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="party" value={c.party} />
      <RadioGroup name={`antwort-${c.party}`} label={`${t("roadworks.staff.answer")}: ${t(`roadworks.party.${c.party}`)}`} form={form} required options={[{ value: "consent", label: t("roadworks.staff.answer.consent") }, { value: "refusal", label: t("roadworks.staff.answer.refusal") }]} />
      <TextArea name={`auflage-${c.party}`} label={`${t("roadworks.staff.condition")}: ${t(`roadworks.party.${c.party}`)}`} form={form} rows={2} maxLength={2000} optional />
      <div>
        <Button variant="secondary">{t("roadworks.staff.recordAnswer")}</Button>
      </div>
    </form>
  );
}

export function StaffDetailPage({ ctx, r, company, consents, conflicts, signPlan, specialUse, extensions, eventConflicts = [], form, notice, roadOwner }: { ctx: ViewContext; r: RoadworkRow; company: string; /** The special use's road owner. */ roadOwner?: string; consents: ConsentRow[]; conflicts: Conflict[]; signPlan?: { id: string; name: string }; specialUse?: SpecialUseRow; extensions?: ExtensionsOf; eventConflicts?: EventConflict[]; form: FormState; notice?: string }) {
  const { t } = ctx;
  const ready = consents.length === PARTIES.length && consents.every((c) => c.answer === "consent");
  return (
    <div class="kern-stack">
      <PageHeading preline={t(`roadworks.status.${r.status}`)}>{t("roadworks.staff.detail", { reference: r.reference })}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={form} t={t} />
      <RoadworkFacts ctx={ctx} r={r} />
      <DescriptionList
        rows={[
          [t("roadworks.field.title"), r.title],
          [t("roadworks.staff.company"), company],
          [t("roadworks.field.roadClass"), t(`roadworks.roadClass.${r.road_class}`)],
          [t("roadworks.field.authority"), `${r.authority_name} (${t(`roadworks.authority.${r.authority_kind}`)})`],
          [t("roadworks.field.lanes"), String(r.lanes)],
          [t("roadworks.field.rsaPlan"), r.rsa_plan],
          [t("roadworks.field.siteManager"), `${r.site_manager}, ${r.site_phone}`],
          [t("roadworks.field.contractor"), r.contractor],
          [t("roadworks.field.client"), r.client],
          [t("roadworks.field.fee"), r.paid_at ? t("roadworks.pay.done", { fee: euro(r.fee_cents) }) : t("roadworks.pay.open", { fee: euro(r.fee_cents) })],
          [
            t("roadworks.staff.signPlan"),
            signPlan && (
              <a class="kern-link" href={`/verwaltung/baustellen/${r.id}/zeichenplan`}>
                {signPlan.name}
              </a>
            ),
          ],
        ]}
      />
      <InsideTownSection ctx={ctx} r={r} form={form} />
      <Section id="konflikte" title={t("roadworks.staff.conflicts")}>
        {conflicts.length === 0 ? <p class="kern-body">{t("roadworks.apply.noConflicts")}</p> : <ConflictList ctx={ctx} conflicts={conflicts} />}
        {eventConflicts.length > 0 && <EventConflictList ctx={ctx} conflicts={eventConflicts} />}
      </Section>
      <Section id="beteiligung" title={t("roadworks.staff.consents")}>
        {consents.length === 0 && r.status === "submitted" && (
          <form method="post" action={`/verwaltung/baustellen/${r.id}/beteiligen`}>
            <CsrfField token={ctx.csrfToken} />
            <Button>{t("roadworks.staff.requestConsents")}</Button>
          </form>
        )}
        {consents.length > 0 && (
          <DataTable
            caption={t("roadworks.staff.tableConsents")}
            head={[t("roadworks.staff.party"), t("roadworks.field.status"), t("roadworks.staff.answeredBy"), t("roadworks.staff.conditionOrReason")]}
            rows={consents.map((c) => [
              t(`roadworks.party.${c.party}`),
              `${c.answer ? t(`roadworks.staff.answer.${c.answer}`) : t("roadworks.staff.open")} · ${t("roadworks.staff.due", { date: c.due_on })}${c.late ? ` · ${t("roadworks.staff.late")}` : ""}${c.reminded_at && !c.answer ? ` · ${t("roadworks.staff.reminded")}` : ""}`,
              c.answer
                ? [c.answered_name, c.answered_via ? t(`roadworks.staff.via.${c.answered_via}`) : ""].filter(Boolean).join(", ")
                : c.invited_email
                  ? t("roadworks.staff.invited", { email: c.invited_name ? `${c.invited_name} <${c.invited_email}>` : c.invited_email })
                  : t("roadworks.staff.notInvited"),
              c.answer === "refusal" ? c.reason || c.condition : c.condition,
            ])}
          />
        )}
        {r.status === "coordination" && consents.map((c) => <ConsentForm ctx={ctx} r={r} c={c} form={form} />)}
        {r.status === "coordination" &&
          (ready ? (
            <form method="post" action={`/verwaltung/baustellen/${r.id}/anordnen`}>
              <CsrfField token={ctx.csrfToken} />
              <Button>{t("roadworks.staff.issueOrder")}</Button>
            </form>
          ) : (
            <p class="kern-body">{t("roadworks.staff.notReady")}</p>
          ))}
        {(r.status === "submitted" || r.status === "coordination") && (
          <form method="post" action={`/verwaltung/baustellen/${r.id}/ablehnen`} novalidate class="kern-stack kp-narrow">
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="gruende" label={t("roadworks.staff.refusalReasons")} hint={t("roadworks.staff.refusalReasonsHint")} form={form} rows={4} maxLength={4000} />
            <RadioGroup
              name="gebuehr"
              label={t("roadworks.staff.refusalFee")}
              form={{ ...form, values: { gebuehr: "erheben", ...form.values } }}
              required
              options={[
                { value: "erheben", label: t("roadworks.staff.refusalFeeCharge", { fee: euro(refusalFeeCents(r.fee_cents)) }) },
                { value: "keine", label: t("roadworks.staff.refusalFeeNone") },
              ]}
            />
            <div>
              <Button variant="secondary">{t("roadworks.staff.refuse")}</Button>
            </div>
          </form>
        )}
        {r.status === "refused" && <LinkLine href={`/baustellen/${r.id}/ablehnung.pdf`}>{t("roadworks.staff.refusalNotice")}</LinkLine>}
        {r.status === "ordered" && <LinkLine href={`/baustellen/${r.id}/anordnung.pdf`}>{t("roadworks.mine.order")}</LinkLine>}
      </Section>
      {r.status === "ordered" && extensions && <ExtensionSection ctx={ctx} r={r} ext={extensions} form={form} />}
      <SpecialUseSection ctx={ctx} r={r} su={specialUse} form={form} roadOwner={roadOwner} />
      <LinkLine href="/verwaltung/baustellen">{t("roadworks.staff.title")}</LinkLine>
    </div>
  );
}

/** Inside or outside the town as stated (or guessed for older works), with the form to correct it (audited). */
function InsideTownSection({ ctx, r, form }: { ctx: ViewContext; r: RoadworkRow; form: FormState }) {
  const { t } = ctx;
  const inside = insideTownOf(r);
  const value = t(inside ? "roadworks.insideTown.yes" : "roadworks.insideTown.no");
  const shown = { values: { innerorts: form.values.innerorts ?? (inside ? "ja" : "nein") }, errors: form.errors };
  return (
    <Section id="ortslage" title={t("roadworks.field.insideTown")}>
      <p class="kern-body">{r.inside_town === null ? t("roadworks.insideTown.guessed", { value }) : value}</p>
      <form method="post" action={`/verwaltung/baustellen/${r.id}/innerorts`} novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup name="innerorts" label={t("roadworks.insideTown.correct")} hint={t("roadworks.insideTown.intro")} form={shown} required options={[{ value: "ja", label: t("roadworks.insideTown.yes") }, { value: "nein", label: t("roadworks.insideTown.no") }]} />
        <div>
          <Button variant="secondary">{t("roadworks.insideTown.correct")}</Button>
        </div>
      </form>
    </Section>
  );
}
