/** Extension and change of an ordered work on the staff detail page: the request, the consent round, the decision (ADR 0065). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CsrfField, DataTable, RadioGroup, Section, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { PARTIES } from "../rules.js";
import type { ExtensionsOf, RoadworkRow } from "../queries.js";

export function ExtensionSection({ ctx, r, ext, form }: { ctx: ViewContext; r: RoadworkRow; ext: ExtensionsOf; form: FormState }) {
  const { t } = ctx;
  const { open, consents, past } = ext;
  const ready = consents.length === PARTIES.length && consents.every((c) => c.answer === "consent");
  const area = (changed: boolean) => (changed ? t("roadworks.ext.areaChanged") : "");
  return (
    <Section id="verlaengerung" title={t("roadworks.ext.title")}>
      <p class="kern-body">{t("roadworks.ext.intro")}</p>
      {!open && (
        <form method="post" action={`/verwaltung/baustellen/${r.id}/ende`} novalidate class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="neuesEnde" label={t("roadworks.ext.newEnd")} hint={t("roadworks.ext.newEndHint")} form={form} width={12} />
          <TextArea name="neueLage" label={t("roadworks.ext.newArea")} hint={t("roadworks.ext.newAreaHint")} form={form} rows={2} maxLength={100_000} optional />
          <TextArea name="begruendung" label={t("roadworks.ext.reason")} form={form} rows={2} maxLength={2000} optional />
          <div>
            <Button variant="secondary">{t("roadworks.ext.submit")}</Button>
          </div>
        </form>
      )}
      {open && (
        <>
          <p class="kern-body">
            <strong>{t("roadworks.ext.open", { from: open.old_end, to: open.new_end, area: area(!!open.new_geometry) })}</strong>
            {open.reason ? ` – ${open.reason}` : ""}
          </p>
          <p class="kern-body">{t("roadworks.ext.earlyEndBlocked")}</p>
          <DataTable
            caption={t("roadworks.ext.caption")}
            head={[t("roadworks.staff.party"), t("roadworks.field.status"), t("roadworks.staff.conditionOrReason")]}
            rows={consents.map((c) => [
              t(`roadworks.party.${c.party}`),
              `${c.answer ? t(`roadworks.staff.answer.${c.answer}`) : t("roadworks.staff.open")} · ${t("roadworks.staff.due", { date: c.due_on })}${c.late ? ` · ${t("roadworks.staff.late")}` : ""}${c.answer && c.answered_via ? ` · ${c.answered_via === "link" ? t("roadworks.ext.via.link", { name: c.answered_name }) : c.answered_via === "login" ? t("roadworks.ext.via.login", { name: c.answered_name }) : t("roadworks.ext.via.staff")}` : ""}${!c.answer && c.reminded_at ? ` · ${t("roadworks.ext.reminded")}` : ""}`,
              c.answer ? c.text : c.invited_email ? t("roadworks.staff.invited", { email: c.invited_email }) : t("roadworks.staff.notInvited"),
            ])}
          />
          {open.conflicts.length === 0 ? (
            <p class="kern-body">{t("roadworks.ext.noConflicts")}</p>
          ) : (
            <DataTable
              caption={t("roadworks.ext.conflicts")}
              head={[t("roadworks.ext.conflictKind"), t("roadworks.field.title"), t("roadworks.field.location"), t("roadworks.field.period"), t("roadworks.conflict.reason")]}
              rows={open.conflicts.map((c) => [
                t(`roadworks.ext.conflictKind.${c.kind}`),
                c.kind === "roadwork" && c.id ? (
                  <a class="kern-link" href={`/verwaltung/baustellen/${c.id}`}>
                    {c.title}
                  </a>
                ) : (
                  c.title
                ),
                c.place,
                `${c.start} – ${c.end}`,
                t(`roadworks.conflict.${c.reason}`),
              ])}
            />
          )}
          {consents.map((c) => (
            <form method="post" action={`/verwaltung/baustellen/${r.id}/verlaengerung/zustimmung`} novalidate class="kern-stack kp-narrow">
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="party" value={c.party} />
              <input type="hidden" name="verlaengerung" value={open.id} />
              <RadioGroup name={`ext-antwort-${c.party}`} label={`${t("roadworks.ext.answer")}: ${t(`roadworks.party.${c.party}`)}`} form={form} required options={[{ value: "consent", label: t("roadworks.staff.answer.consent") }, { value: "refusal", label: t("roadworks.staff.answer.refusal") }]} />
              <TextArea name={`ext-text-${c.party}`} label={`${t("roadworks.ext.text")}: ${t(`roadworks.party.${c.party}`)}`} form={form} rows={2} maxLength={2000} optional />
              <div>
                <Button variant="secondary">{t("roadworks.ext.record")}</Button>
              </div>
            </form>
          ))}
          <form method="post" action={`/verwaltung/baustellen/${r.id}/verlaengerung/entscheiden`} class="kern-stack">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="verlaengerung" value={open.id} />
            {!ready && <p class="kern-body">{t("roadworks.ext.notReady")}</p>}
            <p class="kern-body kp-inline-list">
              {ready && (
                <>
                  <Button name="entscheidung" value="granted">
                    {t("roadworks.ext.grant")}
                  </Button>{" "}
                </>
              )}
              <Button variant="secondary" name="entscheidung" value="refused">
                {t("roadworks.ext.refuse")}
              </Button>
            </p>
          </form>
        </>
      )}
      {past.length > 0 && (
        <>
          <h3 class="kern-heading-small">{t("roadworks.ext.past")}</h3>
          <ul class="kern-list">
            {past.map((p) => (
              <li>
                {p.kind === "early_end" ? `${t("roadworks.early.pastItem", { from: p.old_end, to: p.new_end })}${p.reason ? ` – ${p.reason}` : ""}` : t("roadworks.ext.pastItem", { from: p.old_end, to: p.new_end, area: area(!!p.new_geometry), status: t(`roadworks.ext.status.${p.status}`) })}
                {p.signed_by && ` (${t("roadworks.ext.decidedBy", { name: p.signed_by })})`}
                {p.status === "granted" && (
                  <>
                    {" – "}
                    <a class="kern-link" href={`/baustellen/${r.id}/aenderung/${p.id}/bescheid.pdf`}>
                      {t(p.kind === "early_end" ? "roadworks.early.link" : "roadworks.change.link", { date: p.decided_at ? formatDay(p.decided_at) : "–" })}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
