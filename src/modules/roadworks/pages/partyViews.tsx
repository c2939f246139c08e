/** The page on which a consulted party (police, bus operator, municipality) answers: the application's summary and the statement form. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DescriptionList, ErrorSummary, LinkLine, PageHeading, RadioGroup, Section, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { locationText } from "../presenters.js";
import type { RoadworkRow } from "../queries.js";
import type { Party } from "../rules.js";
import { periodText } from "./publicViews.js";

export interface PartyPageProps {
  ctx: ViewContext;
  r: RoadworkRow;
  party: Party;
  dueOn: string;
  signPlan?: { name: string; href: string };
  form: FormState;
  /** Where the form posts; with `token` it is sent as a hidden field (never in the URL path). */
  action: string;
  token?: string;
  /** A change round (extension, changed end or area): what is asked about (migration 0076). */
  change?: { from: string; to: string; area: string | null; reason: string };
}

export function PartyAnswerPage({ ctx, r, party, dueOn, signPlan, form, action, token, change }: PartyPageProps) {
  const { t } = ctx;
  const intro = { authority: r.authority_name, party: t(`roadworks.party.${party}`), date: dueOn };
  return (
    <div class="kern-stack">
      <PageHeading preline={t(`roadworks.party.${party}`)}>{t(change ? "roadworks.ext.party.title" : "roadworks.party.title", { reference: r.reference })}</PageHeading>
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t(change ? "roadworks.ext.party.intro" : "roadworks.party.intro", intro)}</p>
      {change && (
        <Section id="aenderung" title={t("roadworks.ext.party.change")}>
          <DescriptionList
            rows={[
              [t("roadworks.ext.party.from"), change.from],
              [t("roadworks.ext.newEnd"), change.to],
              [t("roadworks.ext.party.area"), change.area ?? t("roadworks.ext.mailAreaSame")],
              [t("roadworks.ext.reason"), change.reason || "–"],
            ]}
          />
        </Section>
      )}
      <Section id="antrag" title={t("roadworks.party.summary")}>
        <DescriptionList
          rows={[
            [t("roadworks.field.title"), r.title],
            [t("roadworks.field.location"), locationText(r)],
            [t("roadworks.field.period"), periodText(ctx, r)],
            [t("roadworks.field.closure"), t(`roadworks.closure.${r.closure}`)],
            [t("roadworks.field.lanes"), String(r.lanes)],
            [t("roadworks.field.rsaPlan"), r.rsa_plan],
            [
              t("roadworks.party.signPlanRef"),
              signPlan ? (
                <a class="kern-link" href={signPlan.href}>
                  {signPlan.name}
                </a>
              ) : (
                t("roadworks.party.noSignPlan")
              ),
            ],
            [t("roadworks.field.authority"), r.authority_name],
          ]}
        />
      </Section>
      <Section id="stellungnahme" title={t("roadworks.party.answer")}>
        <form method="post" action={action} novalidate class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          {token && <input type="hidden" name="t" value={token} />}
          <RadioGroup
            name="antwort"
            label={t("roadworks.party.answer")}
            form={form}
            required
            options={[
              { value: "agree", label: t("roadworks.party.kind.agree") },
              { value: "conditions", label: t("roadworks.party.kind.conditions") },
              { value: "objection", label: t("roadworks.party.kind.objection") },
            ]}
          />
          <TextArea name="auflagen" label={t("roadworks.party.conditions")} hint={t(change ? "roadworks.ext.party.conditionsHint" : "roadworks.party.conditionsHint")} form={form} rows={3} maxLength={2000} optional />
          <TextArea name="begruendung" label={t("roadworks.party.reason")} hint={t("roadworks.party.reasonHint")} form={form} rows={3} maxLength={2000} optional />
          <TextField name="name" label={t("roadworks.party.name")} hint={t("roadworks.party.nameHint")} form={form} required maxLength={200} autocomplete="name" width={30} />
          <div>
            <Button>{t("roadworks.party.send")}</Button>
          </div>
        </form>
      </Section>
    </div>
  );
}

/** Thanks, or why no statement is possible (unknown or expired link, already answered, no longer coordinated). */
export function PartyMessagePage({ kind, title, text, back }: { kind: "success" | "warning"; title: string; text?: string; back?: { href: string; label: string } }) {
  return (
    <div class="kern-stack">
      <PageHeading>{title}</PageHeading>
      <Alert kind={kind} title={text ?? title} />
      {back && <LinkLine href={back.href}>{back.label}</LinkLine>}
    </div>
  );
}
