/** Staff pages of the cases: inbox with filters, case page (timeline, documents, comments, participation, decision), figures. */
import type { ComponentChildren } from "preact";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, DescriptionList, CsrfField, DataTable, ErrorSummary, PageHeading, SelectField, TextArea, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { CITIZEN_STATUSES, nextEvent, type ProcessDefinition } from "../definition.js";
import type { CaseResponse, CaseListItem } from "../schemas.js";
import type { Static } from "@sinclair/typebox";
import type { InboxFilter } from "../queries.js";

type Item = Static<typeof CaseListItem>;
type CaseView = Static<typeof CaseResponse>;

const fmtDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
export const BASE = "/verwaltung/vorgaenge";

export function InboxPage({ ctx, filter, items, next, services, units, query, tasks }: { ctx: ViewContext; filter: InboxFilter; items: Item[]; next: string | null; services: Array<{ form_id: string; service_title: string }>; units: Array<{ id: string; name: string }>; query: string; tasks?: ComponentChildren }) {
  const t = ctx.t;
  const form = emptyForm({ status: filter.status ?? "", service: filter.service ?? "", reference: filter.reference ?? "", stelle: filter.unitId ?? "" });
  const scopes: Array<InboxFilter["scope"]> = ["department", "mine", "participation"];
  return (
    <>
      <PageHeading>{t("cases.inbox.title")}</PageHeading>
      <p class="kern-body">{t("cases.inbox.lead")}</p>
      <nav aria-label={t("cases.inbox.title")}>
        <ul class="kern-list kp-inline-list">
          {scopes.map((s) => (
            <li>
              <a class="kern-link" href={`${BASE}?ansicht=${s}`} aria-current={filter.scope === s ? "page" : undefined}>
                {t(`cases.scope.${s}`)}
              </a>
            </li>
          ))}
          <li>
            <a class="kern-link" href={`${BASE}/kennzahlen`}>{t("cases.inbox.figures")}</a>
          </li>
        </ul>
      </nav>
      {tasks}
      <form method="get" action={BASE} class="kp-filter">
        <h2 class="kern-heading-small">{t("cases.filter.title")}</h2>
        <input type="hidden" name="ansicht" value={filter.scope} />
        {units.length > 1 && <SelectField name="stelle" label={t("cases.filter.unit")} form={form} placeholder={t("cases.filter.allUnits")} options={units.map((u) => ({ value: u.id, label: u.name }))} />}
        <SelectField name="status" label={t("cases.filter.status")} form={form} placeholder={t("cases.filter.all")} options={CITIZEN_STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))} />
        <SelectField name="service" label={t("cases.filter.service")} form={form} placeholder={t("cases.filter.all")} options={services.map((s) => ({ value: s.form_id, label: s.service_title }))} />
        <TextField name="reference" label={t("cases.filter.reference")} hint={t("cases.filter.reference.hint")} form={form} maxLength={40} width={4} />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="overdue" name="overdue" value="1" checked={!!filter.overdue} />
          <label class="kern-label" for="overdue">{t("cases.filter.overdue")}</label>
        </div>
        <Button variant="secondary">{t("cases.filter.apply")}</Button>
      </form>
      {items.length === 0 ? (
        <p class="kern-body">{t("cases.inbox.empty")}</p>
      ) : (
        <DataTable
          caption={t("cases.inbox.title")}
          head={[t("cases.col.reference"), t("cases.col.service"), t("cases.col.state"), t("cases.col.owner"), t("cases.col.assignee"), t("cases.col.deadline"), t("cases.col.received")]}
          rows={items.map((i) => [
            <a class="kern-link" href={`${BASE}/${i.id}`}>{i.reference}</a>,
            i.service,
            <>
              {i.stateLabel}
              {i.pendingApproval && <> ({t("cases.pendingApproval")})</>}
            </>,
            i.ownerUnit.name,
            i.assignee?.name ?? t("cases.unassigned"),
            i.nextDue ? (
              <>
                {fmtDate(i.nextDue)}
                {i.overdue && <strong> ({t("cases.overdue")})</strong>}
              </>
            ) : (
              "–"
            ),
            formatDateTime(i.createdAt, ctx.locale),
          ])}
        />
      )}
      {next && (
        <p class="kern-body">
          <a class="kern-link" href={`${BASE}?${query}${query ? "&" : ""}nach=${encodeURIComponent(next)}`}>{t("cases.inbox.more")}</a>
        </p>
      )}
    </>
  );
}

export interface CasePageState {
  /** Which form failed (event name, "assign", "comment", "statement:<id>", "approval") and its errors. */
  failed?: { form: string; state: FormState };
  notice?: { kind: "success" | "danger" | "warning"; text: string };
}

export function CasePage({ ctx, view, def, members, userId, userUnits, state, comments, pendingByName, pendingText, history, panels = [] }: {
  ctx: ViewContext;
  view: CaseView;
  def: ProcessDefinition;
  members: Array<{ id: string; display_name: string }>;
  userId: string;
  userUnits: readonly string[];
  state: CasePageState;
  comments: Array<{ id: string; body: string; created_at: Date; author_name: string | null }>;
  pendingByName: string | null;
  /** The reasons/notes the proposer wrote for a pending four-eyes decision (they go into the notice). */
  pendingText: string | null;
  /** The timeline's lines in words (describeCaseEvent), in the order of view.timeline. */
  history: string[];
  /** Other modules' panels (registry.casePanels), shown before the comments. */
  panels?: readonly ComponentChildren[];
}) {
  const t = ctx.t;
  const a = view.abilities;
  const action = `${BASE}/${view.id}`;
  const formFor = (name: string) => (state.failed?.form === name ? state.failed.state : emptyForm());
  return (
    <>
      <p class="kern-body">
        <a class="kern-link" href={BASE}>{t("cases.page.back")}</a>
      </p>
      <PageHeading preline={view.service}>{view.reference}</PageHeading>
      {state.notice && <Alert kind={state.notice.kind} title={state.notice.kind === "danger" ? t("cases.conflict.title") : state.notice.text}>{state.notice.kind === "danger" ? <p class="kern-body">{state.notice.text}</p> : undefined}</Alert>}
      {state.failed && <ErrorSummary form={state.failed.state} t={t} />}
      <DescriptionList
        rows={[
          [t("cases.page.state"), view.stateLabel],
          [t("cases.page.citizenStatus"), t(`cases.status.${view.status}`)],
          [t("cases.page.owner"), view.ownerUnit.name],
          [t("cases.page.assignee"), view.assignee?.name ?? t("cases.unassigned")],
          [t("cases.page.process"), `${view.process.title} (Version ${view.process.version})`],
          [t("cases.page.received"), formatDateTime(view.createdAt, ctx.locale)],
        ]}
      />
      {!a.transition && <Alert kind="info" title={t("cases.page.readOnly")} />}

      {view.pendingApproval && (
        <section aria-labelledby="approval-heading">
          <h2 class="kern-heading-medium" id="approval-heading">{t("cases.approval.title")}</h2>
          <p class="kern-body">{t("cases.approval.text", { label: view.pendingApproval.label, name: pendingByName ?? "–", at: formatDateTime(view.pendingApproval.proposedAt, ctx.locale) })}</p>
          {pendingText && (
            <>
              <h3 class="kern-heading-small">{t("cases.approval.proposedText")}</h3>
              <p class="kern-body">{pendingText}</p>
            </>
          )}
          {def.transitions.find((x) => x.event === view.pendingApproval!.event)?.notice && (
            <p class="kern-body">
              <a class="kern-link" href={`${action}/bescheid-entwurf.pdf`}>{t("cases.approval.draft")}</a>
            </p>
          )}
          {view.pendingApproval.proposedBy === userId && <p class="kern-body">{t("cases.approval.own")}</p>}
          {a.approve && (
            <form method="post" action={`${action}/freigabe`}>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(view.version)} />
              <TextArea name="note" label={t("cases.approval.note")} form={formFor("approval")} optional maxLength={5000} rows={2} />
              <div class="kp-button-row">
                <Button name="decision" value="approve">{t("cases.approval.approve")}</Button> <Button variant="secondary" name="decision" value="reject">{t("cases.approval.reject")}</Button>
              </div>
            </form>
          )}
        </section>
      )}

      {a.transition && (
        <section aria-labelledby="actions-heading">
          <h2 class="kern-heading-medium" id="actions-heading">{t("cases.actions.title")}</h2>
          {view.pendingApproval ? (
            <p class="kern-body">{t("cases.actions.waiting", { label: view.pendingApproval.label })}</p>
          ) : view.transitions.length === 0 ? (
            <p class="kern-body">{t("cases.actions.none")}</p>
          ) : (
            (() => {
              const next = nextEvent(def, view.state);
              const primary = view.transitions.filter((tr) => tr.event === next);
              const others = view.transitions.filter((tr) => tr.event !== next);
              return (
                <>
                  {primary.map((tr) => <TransitionForm ctx={ctx} action={action} view={view} def={def} tr={tr} primary form={formFor(tr.event)} />)}
                  {others.length > 0 && (
                    <>
                      <h3 class="kern-heading-small">{t("cases.actions.more")}</h3>
                      {others.map((tr) => <TransitionForm ctx={ctx} action={action} view={view} def={def} tr={tr} primary={false} form={formFor(tr.event)} />)}
                    </>
                  )}
                </>
              );
            })()
          )}
        </section>
      )}

      {(a.claim || a.assign) && (
        <section aria-labelledby="assign-heading">
          <h2 class="kern-heading-medium" id="assign-heading">{t("cases.assign.title")}</h2>
          {view.assignee?.id !== userId && (
            <form method="post" action={`${action}/zuweisung`}>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(view.version)} />
              <input type="hidden" name="assignee" value={userId} />
              <Button variant="secondary">{t("cases.assign.claim")}</Button>
            </form>
          )}
          <form method="post" action={`${action}/zuweisung`}>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="version" value={String(view.version)} />
            <SelectField
              name="assignee"
              label={t("cases.assign.to")}
              form={state.failed?.form === "assign" ? state.failed.state : emptyForm({ assignee: view.assignee?.id ?? "" })}
              placeholder={t("cases.assign.nobody")}
              options={members.map((m) => ({ value: m.id, label: m.display_name }))}
            />
            <Button variant="secondary">{t("cases.assign.submit")}</Button>
          </form>
        </section>
      )}

      <section aria-labelledby="participation-heading">
        <h2 class="kern-heading-medium" id="participation-heading">{t("cases.participation.title")}</h2>
        {view.participations.length === 0 && <p class="kern-body">{t("cases.participation.none")}</p>}
        {view.participations.map((p) => {
          const mine = p.status === "open" && userUnits.includes(p.unit.id);
          const field = `statement-${p.id}`;
          const resultField = `result-${p.id}`;
          const f = formFor(`statement:${p.id}`);
          return (
            <div class="kp-participation">
              <h3 class="kern-heading-small">{p.label}: {p.unit.name}</h3>
              <p class="kern-body">
                {t("cases.participation.due", { date: fmtDate(p.dueDate) })}
                {p.overdue && <strong> ({t("cases.overdue")})</strong>}
                {" · "}
                {p.status === "given" ? t("cases.participation.given", { date: p.givenAt ? formatDateTime(p.givenAt, ctx.locale) : "", name: p.unit.name }) : t("cases.participation.open")}
              </p>
              {p.result && (
                <p class="kern-body">
                  <strong>{t(`cases.participation.result.${p.result}`)}</strong>
                  {p.statement && <>: {p.statement}</>}
                </p>
              )}
              {mine && (
                <form method="post" action={`${action}/beteiligung/${p.id}`}>
                  <CsrfField token={ctx.csrfToken} />
                  <SelectField
                    name={resultField}
                    label={t("cases.participation.result")}
                    form={f}
                    placeholder="–"
                    required
                    options={(["agree", "agree_with_conditions", "object"] as const).map((r) => ({ value: r, label: t(`cases.participation.result.${r}`) }))}
                  />
                  <TextArea name={field} label={t("cases.participation.statement")} hint={t("cases.participation.statement.hint")} form={f} maxLength={5000} rows={4} optional />
                  <Button>{t("cases.participation.submit")}</Button>
                </form>
              )}
            </div>
          );
        })}
      </section>

      <section aria-labelledby="documents-heading">
        <h2 class="kern-heading-medium" id="documents-heading">{t("cases.documents.title")}</h2>
        <ul class="kern-list">
          {view.submissionId && (
            <>
              <li><a class="kern-link" href={`${action}/antrag.pdf`}>{t("cases.documents.receiptPdf")}</a></li>
              <li><a class="kern-link" href={`${action}/antrag.json`}>{t("cases.documents.receiptJson")}</a></li>
              {/* Mailbox module: the thread with the applicant and the whole case file (uploads, attachments, versions). */}
              <li><a class="kern-link" href={`/verwaltung/postfach/${view.reference}`}>{t("mailbox.links.mailbox")}</a></li>
              <li><a class="kern-link" href={`/akte/${view.reference}`}>{t("mailbox.staff.caseFile")}</a></li>
              {/* Interop module: the XBau messages of the case (building permits), with their check result. */}
              <li><a class="kern-link" href={`${action}/xbau`}>{t("interop.xbau.caseLink")}</a></li>
            </>
          )}
          {view.documents.map((d) => (
            <li>
              {/* Statements carry their number in the title; only notices have versions (a second notice replaces the first). */}
              <a class="kern-link" href={d.url}>{d.title}</a> ({d.kind === "statement" ? "PDF" : `${t("cases.documents.version", { version: d.version })}, PDF`})
            </li>
          ))}
        </ul>
      </section>

      {panels}

      <section aria-labelledby="comments-heading">
        <h2 class="kern-heading-medium" id="comments-heading">{t("cases.comments.title")}</h2>
        {comments.length === 0 ? (
          <p class="kern-body">{t("cases.comments.none")}</p>
        ) : (
          <ul class="kern-list">
            {comments.map((c) => (
              <li>
                <strong>{c.author_name ?? "–"}</strong>, {formatDateTime(c.created_at, ctx.locale)}: {c.body}
              </li>
            ))}
          </ul>
        )}
        {a.comment && (
          <form method="post" action={`${action}/kommentar`}>
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="body" label={t("cases.comments.body")} hint={t("cases.comments.hint")} form={formFor("comment")} maxLength={5000} rows={3} />
            <Button variant="secondary">{t("cases.comments.submit")}</Button>
          </form>
        )}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 class="kern-heading-medium" id="timeline-heading">{t("cases.timeline.title")}</h2>
        <ol class="kern-list">
          {view.timeline.map((e, i) => (
            <li>
              {formatDateTime(e.at, ctx.locale)} – {e.actor ?? t("cases.timeline.applicant")}: {history[i] ?? ""}{" "}
              <span class="kern-hint">({e.visibility === "citizen" ? t("cases.timeline.citizen") : t("cases.timeline.internal")})</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** One transition as its own form: the next step as the primary button, every other step secondary. */
function TransitionForm({ ctx, action, view, def, tr, primary, form }: { ctx: ViewContext; action: string; view: CaseView; def: ProcessDefinition; tr: CaseView["transitions"][number]; primary: boolean; form: FormState }) {
  const t = ctx.t;
  const def_ = def.transitions.find((x) => x.event === tr.event && x.from.includes(view.state));
  const withText = tr.requiresText || !!def_?.notice;
  const field = `text-${tr.event}`;
  // A step into a stage with participation: staff choose which departments to ask (four-eyes steps keep the definition's).
  const steps = tr.fourEyes ? [] : (def.states[tr.to]?.participation ?? []);
  return (
    <form method="post" action={`${action}/schritt`} class="kp-action">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="event" value={tr.event} />
      <input type="hidden" name="version" value={String(view.version)} />
      {withText && (
        <TextArea
          name={field}
          label={t("cases.actions.text", { label: tr.label })}
          hint={def_?.notice ? t("cases.actions.reason.hint") : tr.requiresText ? t("cases.actions.text.hint") : t("cases.actions.note.hint")}
          form={form}
          optional={!tr.requiresText}
          maxLength={5000}
          rows={3}
        />
      )}
      {steps.length > 0 && (
        <>
          <input type="hidden" name="beteiligung-auswahl" value="1" />
          <CheckboxGroup
            name="beteiligt"
            label={t("cases.actions.participants")}
            hint={t("cases.actions.participants.hint")}
            form={{ values: { beteiligt: form.values.beteiligt ?? steps.filter((p) => p.preselected !== false).map((p) => p.key).join(" ") }, errors: form.errors }}
            options={steps.map((p) => ({ value: p.key, label: p.label }))}
          />
        </>
      )}
      {tr.fourEyes && <p class="kern-hint">{t("cases.actions.fourEyes")}</p>}
      <Button variant={primary ? "primary" : "secondary"}>{tr.label}</Button>
    </form>
  );
}

export function FiguresPage({ ctx, figures }: { ctx: ViewContext; figures: { byStatus: Array<{ status: string; count: number }>; byService: Array<{ service: string; count: number; open: number; decided: number; median_days: number | null }>; byDepartment: Array<{ department: string; count: number; open: number; overdue: number }> } }) {
  const t = ctx.t;
  const n = (x: number | null) => (x === null ? t("cases.figures.none") : x.toLocaleString(ctx.locale === "de" ? "de-DE" : "en-GB"));
  return (
    <>
      <p class="kern-body"><a class="kern-link" href={BASE}>{t("cases.page.back")}</a></p>
      <PageHeading>{t("cases.figures.title")}</PageHeading>
      <h2 class="kern-heading-medium">{t("cases.figures.byStatus")}</h2>
      <DataTable caption={t("cases.figures.byStatus")} head={[t("cases.filter.status"), t("cases.figures.count")]} rows={figures.byStatus.map((s) => [t(`cases.status.${s.status}`), n(s.count)])} />
      <h2 class="kern-heading-medium">{t("cases.figures.byService")}</h2>
      <DataTable
        caption={t("cases.figures.byService")}
        head={[t("cases.col.service"), t("cases.figures.count"), t("cases.figures.open"), t("cases.figures.decided"), t("cases.figures.median")]}
        rows={figures.byService.map((s) => [s.service, n(s.count), n(s.open), n(s.decided), n(s.median_days)])}
      />
      <h2 class="kern-heading-medium">{t("cases.figures.byDepartment")}</h2>
      <DataTable
        caption={t("cases.figures.byDepartment")}
        head={[t("cases.col.owner"), t("cases.figures.count"), t("cases.figures.open"), t("cases.figures.overdue")]}
        rows={figures.byDepartment.map((d) => [d.department, n(d.count), n(d.open), n(d.overdue)])}
      />
    </>
  );
}
