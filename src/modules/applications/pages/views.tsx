import type { Translate } from "../../../platform/i18n/index.js";
import { translator } from "../i18n.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, PageHeading, RadioGroup, SelectField, TextField, type FormState } from "../../../platform/views/components.js";
import { decided, holds, inputWidthFor, instanceCount, isRepeatingGroup, pageHasFileField, parseCardinality, type AnswerError, type Answers, type CalculationResult, type Condition, type FieldDef, type FormDefinition, type GroupDef, type ItemDef, type PageDef } from "../../forms/index.js";
import { applicationMessages } from "../messages.js";
import { feeLabel, summaryRows } from "../presenters.js";
/** Formatting lives in the presenters (the receipt PDF uses it without importing pages). */
export { feeLabel, summaryGroups, summaryRows } from "../presenters.js";
import { AttachmentList, FileField } from "./fileField.js";
import { formatEuro } from "../../../platform/i18n/format.js";

/** German texts for the receipt PDF and other places without a request. */
const de = translator("de");


/** Human text of a condition, for fields shown without JavaScript ("Nur nötig, wenn …"). */
function conditionText(def: FormDefinition, c: Condition, t: Translate): string {
  if ("all" in c) return c.all.map((x) => conditionText(def, x, t)).join(t("applications.cond.and"));
  if ("any" in c) return c.any.map((x) => conditionText(def, x, t)).join(t("applications.cond.or"));
  const field = findField(def, c.field);
  const show = (v: unknown) => (field?.type === "bool" ? t(v ? "applications.yes" : "applications.no") : field?.codeList ? (def.codeLists[field.codeList]?.find((e) => e.value === v)?.label ?? String(v)) : String(v));
  const label = field?.label ?? c.field;
  if ("equals" in c) return t("applications.cond.equals", { field: label, value: show(c.equals) });
  if ("notEquals" in c) return t("applications.cond.notEquals", { field: label, value: show(c.notEquals) });
  if ("in" in c) return t("applications.cond.in", { field: label, values: c.in.map(show).join(t("applications.cond.or")) });
  return t(c.filled ? "applications.cond.filled" : "applications.cond.empty", { field: label });
}

function findField(def: FormDefinition, dotted: string): FieldDef | undefined {
  let items: ItemDef[] = def.pages.flatMap((p) => p.items);
  let found: ItemDef | undefined;
  for (const seg of dotted.split(".")) {
    found = items.find((i) => i.id === seg);
    if (!found) return undefined;
    if (found.kind === "group") items = found.children;
  }
  return found?.kind === "field" ? found : undefined;
}

const pageOfPath = (def: FormDefinition, first: string) => def.pages.find((p) => p.items.some((i) => i.id === first));

function Field({ def, field, name, form, conditionHint, t, maxBytes }: { def: FormDefinition; field: FieldDef; name: string; form: FormState; conditionHint?: string; t: Translate; maxBytes: number }) {
  const required = field.cardinality === "1:1";
  const hint = [field.help, field.type === "date" ? t("applications.dateHint") : "", conditionHint ? t("applications.onlyIf", { condition: conditionHint }) : ""].filter(Boolean).join(" – ") || undefined;
  if (field.type === "bool") return <RadioGroup name={name} label={field.label} form={form} hint={hint} required={required} options={[{ value: "ja", label: t("applications.yes") }, { value: "nein", label: t("applications.no") }]} />;
  if (field.type === "select") {
    const options = def.codeLists[field.codeList ?? ""] ?? [];
    if (options.length <= 4) return <RadioGroup name={name} label={field.label} form={form} hint={hint} required={required} options={options} />;
    return <SelectField name={name} label={field.label} form={form} hint={hint} required={required} options={options} placeholder={t("applications.choose")} />;
  }
  if (field.type === "file") return <FileField field={field} name={name} form={form} hint={hint} t={t} portalMaxBytes={maxBytes} />;
  const numeric = field.type === "number" || field.type === "currency";
  return (
    <TextField
      name={name}
      label={field.type === "currency" ? t("applications.inEuro", { label: field.label }) : field.label}
      form={form}
      hint={hint}
      required={required}
      inputMode={numeric ? "numeric" : undefined}
      maxLength={field.type === "text" ? field.maxLength : undefined}
      width={inputWidthFor(field)}
      type={field.format === "email" ? "email" : undefined}
      autocomplete={field.prefill === "account.email" || field.format === "email" ? "email" : field.prefill === "account.displayName" ? "name" : undefined}
    />
  );
}

interface RenderCtx {
  t: Translate;
  /** The portal's upload limit (ViewContext.uploadMaxBytes). */
  maxBytes: number;
  def: FormDefinition;
  form: FormState;
  tree: Answers;
  page: PageDef;
}

/** Items of a page; conditional items whose condition was answered on another page are shown only when it holds. */
function Items({ items, prefix, rc, scope }: { items: ItemDef[]; prefix: string; rc: RenderCtx; scope: Record<string, number> }) {
  return (
    <>
      {items.map((item) => {
        const name = prefix ? `${prefix}.${item.id}` : item.id;
        let conditionHint: string | undefined;
        if (item.visibleIf) {
          // Decided by answers on other pages: shown or hidden. Decided on this page, or not decided yet (the
          // task list lets people open sections in any order): shown, with the condition as a hint.
          const elsewhere = !conditionFieldsOnPage(item.visibleIf, rc.page) && decided(item.visibleIf, rc.tree, scope);
          if (elsewhere && !holds(item.visibleIf, rc.tree, scope)) return null;
          if (!elsewhere) conditionHint = conditionText(rc.def, item.visibleIf, rc.t);
        }
        if (item.kind === "field") return <Field def={rc.def} field={item} name={name} form={rc.form} conditionHint={conditionHint} t={rc.t} maxBytes={rc.maxBytes} />;
        return <Group group={item} name={name} rc={rc} scope={scope} dotted={dottedOf(name)} conditionHint={conditionHint} />;
      })}
    </>
  );
}

const dottedOf = (name: string) => name.split(".").filter((s) => !/^\d+$/.test(s)).join(".");

function conditionFieldsOnPage(c: Condition, page: PageDef): boolean {
  if ("all" in c) return c.all.every((x) => conditionFieldsOnPage(x, page));
  if ("any" in c) return c.any.every((x) => conditionFieldsOnPage(x, page));
  return page.items.some((i) => i.id === c.field.split(".")[0]);
}

function Group({ group, name, rc, scope, dotted, conditionHint }: { group: GroupDef; name: string; rc: RenderCtx; scope: Record<string, number>; dotted: string; conditionHint?: string }) {
  const error = rc.form.errors[name];
  const hint = [group.help, conditionHint ? rc.t("applications.onlyIf", { condition: conditionHint }) : ""].filter(Boolean).join(" – ");
  if (!isRepeatingGroup(group)) {
    return (
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{group.label}</legend>
        {hint && <div class="kern-hint">{hint}</div>}
        <div class="kern-fieldset__body kern-stack">
          <Items items={group.children} prefix={name} rc={rc} scope={scope} />
        </div>
      </fieldset>
    );
  }
  const card = parseCardinality(group.cardinality)!;
  const n = instanceCount(group, rc.form.values, name);
  return (
    <div class="kern-stack" id={name} tabIndex={-1}>
      {hint && <div class="kern-hint">{hint}</div>}
      <input type="hidden" name={`${name}.__count`} value={String(n)} />
      {error && (
        <p class="kern-error" role="alert">
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span>
          <span class="kern-body">{error}</span>
        </p>
      )}
      {Array.from({ length: n }, (_, i) => (
        <fieldset class="kern-fieldset kp-repeat">
          <legend class="kern-title">
            {group.itemLabel ?? group.label} {i + 1}
          </legend>
          <div class="kern-fieldset__body kern-stack">
            <Items items={group.children} prefix={`${name}.${i}`} rc={rc} scope={{ ...scope, [dotted]: i }} />
            {n > Math.max(1, card.min) && (
              <Button variant="secondary" name="aktion" value={`entfernen:${name}:${i}`}>
                {rc.t("applications.group.remove", { item: group.itemLabel ?? group.label, n: i + 1 })}
              </Button>
            )}
          </div>
        </fieldset>
      ))}
      {(card.max === null || n < card.max) && (
        <Button variant="secondary" name="aktion" value={`hinzufuegen:${name}`}>
          {rc.t("applications.group.add", { item: group.itemLabel ?? group.label })}
        </Button>
      )}
    </div>
  );
}

/** Labels for the error summary: "Hund 2" before messages of the second dog. */
export function errorLabels(def: FormDefinition, errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(errors)) {
    const m = /^([a-zA-Z0-9_]+)\.(\d+)\./.exec(key);
    if (!m) continue;
    const g = def.pages.flatMap((p) => p.items).find((i) => i.id === m[1]);
    if (g?.kind === "group") out[key] = `${g.itemLabel ?? g.label} ${Number(m[2]) + 1}`;
  }
  return out;
}

export function StepPage({ ctx, def, page, form, tree, action, stepNo, tasksHref }: { ctx: ViewContext; def: FormDefinition; page: PageDef; form: FormState; tree: Answers; action: string; stepNo: number; tasksHref?: string }) {
  return (
    <div class="kern-stack kp-narrow">
      {tasksHref && (
        <p class="kern-body">
          <a class="kern-link" href={tasksHref}>
            <span class="kern-icon kern-icon--arrow-back kern-icon--small" aria-hidden="true"></span>
            {ctx.t("applications.step.backToTasks")}
          </a>
        </p>
      )}
      <ErrorSummary form={form} t={ctx.t} labels={errorLabels(def, form.errors)} />
      <PageHeading preline={ctx.t("applications.step.preline", { title: def.title, n: stepNo, total: def.pages.length })}>{page.title}</PageHeading>
      {page.help && <p class="kern-body">{page.help}</p>}
      <form method="post" action={action} novalidate class="kern-stack" enctype={pageHasFileField(page) ? "multipart/form-data" : undefined}>
        <CsrfField token={ctx.csrfToken} />
        {/* The first submit button is the one Enter in a field uses: "Weiter", not "add" or "remove". */}
        <button type="submit" name="aktion" value="weiter" hidden tabIndex={-1} aria-hidden="true" />
        <Items items={page.items} prefix="" rc={{ t: ctx.t, maxBytes: ctx.uploadMaxBytes, def, form, tree, page }} scope={{}} />
        <div class="kp-actions">
          <Button name="aktion" value="weiter">
            {ctx.t("applications.step.next")}
          </Button>{" "}
          <Button variant="tertiary" name="aktion" value="speichern">
            {ctx.t("applications.step.save")}
          </Button>
        </div>
      </form>
    </div>
  );
}

/** All answers, page by page, as description lists (check page and receipt). */
export function AnswerSummary({ def, answers, changeHref, t = de }: { def: FormDefinition; answers: Answers; changeHref?: (page: PageDef) => string; t?: Translate }) {
  return (
    <>
      {def.pages.map((page) => {
        const rows = summaryRows(def, page.items, answers, "", t);
        return (
          <section class="kern-stack kp-summary" aria-labelledby={`teil-${page.id}`}>
            <h2 class="kern-heading-small" id={`teil-${page.id}`}>
              {page.title}
            </h2>
            <dl class="kern-description-list">
              {rows.map((r) => (
                <div class="kern-description-list-item">
                  <dt class="kern-description-list-item__key">{r.label}</dt>
                  <dd class="kern-description-list-item__value">{r.value}</dd>
                </div>
              ))}
            </dl>
            {changeHref && (
              <p class="kern-body">
                <a class="kern-link" href={changeHref(page)}>
                  {t("applications.change")}
                  <span class="kern-sr-only">: {page.title}</span>
                </a>
              </p>
            )}
          </section>
        );
      })}
    </>
  );
}

export function Calculation({ calc }: { calc: CalculationResult }) {
  return (
    <section class="kern-stack" aria-labelledby="berechnung">
      <h2 class="kern-heading-small" id="berechnung">
        {calc.title}
      </h2>
      <dl class="kern-description-list">
        {calc.lines.map((l) => (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{l.label}</dt>
            <dd class="kern-description-list-item__value">{formatEuro(l.cents)}</dd>
          </div>
        ))}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{calc.totalLabel}</dt>
          <dd class="kern-description-list-item__value">{formatEuro(calc.totalCents)}</dd>
        </div>
      </dl>
      {calc.due && (
        <>
          <h3 class="kern-heading-x-small" id="berechnung-jetzt">
            {calc.due.title}
          </h3>
          <dl class="kern-description-list" aria-labelledby="berechnung-jetzt">
            {calc.due.lines.map((l) => (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">{l.label}</dt>
                <dd class="kern-description-list-item__value">{formatEuro(l.cents)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {calc.note && <p class="kern-body kern-body--small">{calc.note}</p>}
    </section>
  );
}

/** What the form's fee rule calls the charge ("Gebühr" unless the definition names it, e.g. "Hundesteuer"). */

export function CheckPage({ ctx, def, answers, errors, draftId, feeCents, calc }: { ctx: ViewContext; def: FormDefinition; answers: Answers; errors: AnswerError[]; draftId: string; feeCents: number; calc?: CalculationResult }) {
  const base = `/antraege/entwurf/${draftId}`;
  return (
    <div class="kern-stack kp-narrow">
      {errors.length > 0 && (
        <div class="kern-alert kern-alert--danger kp-error-summary" role="alert" tabIndex={-1} id="fehler">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
            <h2 class="kern-title">{ctx.t("applications.check.incomplete")}</h2>
          </div>
          <div class="kern-alert__body">
            <ul class="kern-list">
              {errors.map((e) => {
                const name = e.path.replace(/^\//, "").replace(/\//g, ".");
                const page = pageOfPath(def, name.split(".")[0] ?? "");
                return (
                  <li>
                    <a class="kern-link" href={`${base}/${page?.id ?? def.pages[0]!.id}?zurueck=pruefen#${name}`}>
                      {e.message}
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      )}
      <PageHeading preline={def.title}>{ctx.t("applications.check.title")}</PageHeading>
      <AnswerSummary def={def} answers={answers} changeHref={(p) => `${base}/${p.id}?zurueck=pruefen`} t={ctx.t} />
      {calc && <Calculation calc={calc} />}
      {feeCents > 0 && (
        <Alert kind="info" title={ctx.t("applications.check.fee", { what: feeLabel(def, ctx.t), amount: formatEuro(feeCents) })}>
          <p class="kern-body">{ctx.t(def.fee.kind === "computed" ? "applications.check.dueText" : "applications.check.feeText", { what: feeLabel(def, ctx.t), amount: formatEuro(feeCents) })}</p>
        </Alert>
      )}
      <form method="post" action={`${base}/absenden`} novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <p class="kern-body">{ctx.t("applications.check.confirm")}</p>
        <Button>{ctx.t(feeCents > 0 ? "applications.check.submitPaid" : "applications.check.submit")}</Button>
      </form>
    </div>
  );
}

export function StartPage({ ctx, def, loginHref, drafts }: { ctx: ViewContext; def: FormDefinition; loginHref?: string; drafts: Array<{ id: string; updated_at: Date }> }) {
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading preline={ctx.t("applications.start.preline")}>{def.title}</PageHeading>
      {def.intro && <p class="kern-body">{def.intro}</p>}
      <p class="kern-body">
        {ctx.t("applications.start.steps", { n: def.pages.length })} {ctx.t(def.anonymous ? "applications.start.anonymous" : "applications.start.account")}
      </p>
      {drafts.length > 0 && (
        <section class="kern-stack" aria-labelledby="entwuerfe">
          <h2 class="kern-heading-small" id="entwuerfe">
            {ctx.t("applications.start.drafts")}
          </h2>
          <ul class="kern-list">
            {drafts.map((d) => (
              <li>
                <a class="kern-link" href={`/antraege/entwurf/${d.id}`}>
                  {ctx.t("applications.start.resume", { when: d.updated_at.toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" }) })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {loginHref ? (
        <p class="kern-body">
          <a class="kern-btn kern-btn--primary" href={loginHref}>
            <span class="kern-label">{ctx.t("applications.start.login")}</span>
          </a>
        </p>
      ) : (
        <form method="post" action={`/antraege/${def.id}/beginnen`} class="kern-stack">
          <CsrfField token={ctx.csrfToken} />
          <Button>{ctx.t("applications.start.begin")}</Button>
        </form>
      )}
    </div>
  );
}
