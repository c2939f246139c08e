/** Pages of the agency participation (TÖB), the place fields of a statement, the weighing and its published result (ADR 0048). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { MEDIA_TYPES, formatBytes, isMediaType } from "../../../platform/files/index.js";
import { DECISIONS } from "../db.js";
import { endParts, periodText } from "../presenters.js";
import { listedAgencyLabel, redisplayPossible, type AgencyInvitation, type StatementAttachment, type ListedAgency, type ProcedureDetail, type WeighingItem } from "../queries.js";
import { agencyLinkState } from "../agencies.js";
import { MapBox } from "../../../platform/views/map.js";

type T = ViewContext["t"];

/** The optional place fields of the citizen's statement form. */
export function PlaceFields({ ctx, p, form, hasPlan, tileUrl }: { ctx: ViewContext; p: ProcedureDetail; form: FormState; hasPlan: boolean; tileUrl?: string | undefined }) {
  const { t } = ctx;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t("participation.place.legend")}</legend>
      <div class="kern-hint" id="ort-bezug-hint">
        {t("participation.place.hint")}
      </div>
      <div class="kern-fieldset__body kern-stack">
        {p.documents.length > 0 && (
          <SelectField name="unterlage" label={t("participation.place.document")} form={form} placeholder={t("participation.place.noDocument")} options={p.documents.map((d) => ({ value: d.id, label: d.title }))} />
        )}
        <TextField name="stelle" label={t("participation.place.text")} hint={t("participation.place.textHint")} form={form} maxLength={200} />
        {hasPlan && (
          <>
            <TextField name="breite" label={t("participation.place.lat")} hint={t("participation.place.pointHint")} form={form} maxLength={20} />
            <TextField name="laenge" label={t("participation.place.lon")} form={form} maxLength={20} />
            {/* With JavaScript: a click or tap on the plan's map (or Enter at its crosshair) fills both fields (ADR 0059). */}
            <p class="kern-hint" id="kp-comment-map-help" hidden>
              {t("participation.place.mapHelp")}
            </p>
            <MapBox ctx={ctx} id="kp-comment-map" label={t("participation.place.map")} describedBy="kp-comment-map-help" tileUrl={tileUrl} height={340} data={{ features: `/api/v1/participation/procedures/${p.slug}/plan`, placed: t("participation.place.placed") }} />
            <p class="kern-body" id="kp-comment-map-status" aria-live="polite"></p>
            <script src="/assets/participation-map.js" defer></script>
          </>
        )}
      </div>
    </fieldset>
  );
}

export const placeLabels = (t: T) => ({ unterlage: t("participation.place.document"), stelle: t("participation.place.text"), breite: t("participation.place.lat"), laenge: t("participation.place.lon") });

function invitationState(t: T, a: AgencyInvitation, locale: ViewContext["locale"], now: Date): string {
  if (a.releasedAt) return t("participation.agency.state.released", { at: formatDateTime(a.releasedAt, locale), name: a.releasedByName ?? "" });
  if (now >= a.deadline) return t("participation.agency.state.missed");
  const base = a.draftSavedAt ? t("participation.agency.state.draft") : t("participation.agency.state.invited");
  return a.remindedAt ? `${base}, ${t("participation.agency.state.reminded")}` : base;
}

const deadlineText = (d: Date) => {
  const e = endParts(d);
  return `${e.day}, ${e.time}`;
};

/** Links to the phases' deadline pages, for the staff procedure page. */
export function PhaseDeadlineLinks({ ctx, p }: { ctx: ViewContext; p: ProcedureDetail }) {
  const { t } = ctx;
  if (p.phases.length === 0) return null;
  return (
    <div class="kern-stack">
      <h2 class="kern-heading-medium">{t("participation.deadline.phases")}</h2>
      <ul class="kern-list">
        {p.phases.map((ph) => (
          <li>
            {t(`participation.phase.${ph.kind}`)}: {periodText(t, ph)} ·{" "}
            <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/phasen/${ph.id}`}>
              {t("participation.deadline.changePhase", { phase: t(`participation.phase.${ph.kind}`) })}
            </a>
          </li>
        ))}
      </ul>
      {redisplayPossible(p.phases) && <LinkLine href={`/verwaltung/beteiligung/${p.id}/erneute-auslegung`}>{t("participation.redisplay.link")}</LinkLine>}
    </div>
  );
}

/** Staff procedure page: the phases' deadlines, the invited agencies and the invitation form. */
export function AgencySection({ ctx, p, invitations, form, now, listed = [] }: { ctx: ViewContext; p: ProcedureDetail; invitations: AgencyInvitation[]; form: FormState; now: Date; /** Active master-list entries not invited yet (ADR 0064). */ listed?: ListedAgency[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PhaseDeadlineLinks ctx={ctx} p={p} />
      <h2 class="kern-heading-medium" id="toeb-heading">
        {t("participation.agency.title")}
      </h2>
      {invitations.length === 0 ? (
        <p class="kern-body">{t("participation.agency.none")}</p>
      ) : (
        <DataTable
          caption={t("participation.agency.title")}
          head={[t("participation.agency.col.agency"), t("participation.agency.col.deadline"), t("participation.agency.col.state"), t("participation.deadline.col.action")]}
          rows={invitations.map((a) => [
            <>
              {a.releasedAt ? (
                <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/toeb/${a.id}`}>
                  {a.agencyName}
                </a>
              ) : (
                a.agencyName
              )}
              {a.phaseId && ` (${t("participation.redisplay.round")})`}
            </>,
            deadlineText(a.deadline),
            invitationState(t, a, ctx.locale, now),
            a.releasedAt ? (
              ""
            ) : (
              <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/toeb/${a.id}/frist`}>
                {t("participation.deadline.manage")}
                <span class="kern-sr-only">: {a.agencyName}</span>
              </a>
            ),
          ])}
        />
      )}
      <h3 class="kern-heading-small">{t("participation.agency.invite")}</h3>
      <form method="post" action={`/verwaltung/beteiligung/${p.id}/toeb`} novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        {listed.length > 0 && <CheckboxGroup name="traeger" label={t("participation.agencyList.pick")} hint={t("participation.agencyList.pickHint")} form={form} options={listed.map((a) => ({ value: a.id, label: `${listedAgencyLabel(a)} (${a.email})` }))} />}
        {listed.length > 0 && (
          <>
            <h4 class="kern-heading-small">{t("participation.agencyList.oneOff")}</h4>
            <p class="kern-body">{t("participation.agencyList.oneOffHint")}</p>
          </>
        )}
        <TextField name="behoerde" label={t("participation.agency.name")} form={form} required={listed.length === 0} maxLength={200} />
        <TextField name="toeb_email" type="email" label={t("participation.agency.email")} form={form} required={listed.length === 0} maxLength={254} autocomplete="off" />
        <TextField name="frist" type="date" label={t("participation.agency.lastDay")} hint={t("participation.agency.lastDayHint")} form={form} required />
        <Button variant="secondary">{t("participation.agency.send")}</Button>
      </form>
      <LinkLine href="/verwaltung/beteiligung/traeger">{t("participation.agencyList.link")}</LinkLine>
    </div>
  );
}

export const agencyInviteLabels = (t: T) => ({ traeger: t("participation.agencyList.pick"), behoerde: t("participation.agency.name"), toeb_email: t("participation.agency.email"), frist: t("participation.agency.lastDay") });

/** The agency's page behind its token link: draft and release while open, read-only afterwards. */
export function AgencyPage({ ctx, p, a, form, action, saved, now }: { ctx: ViewContext; p: ProcedureDetail; a: AgencyInvitation; form: FormState; action: string; saved: boolean; now: Date }) {
  const { t } = ctx;
  const state = agencyLinkState(a, now);
  const end = endParts(a.deadline);
  const labels = { text: t("participation.agency.body"), verfasser: t("participation.agency.author"), freigabe: t("participation.agency.releasedBy") };
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      {saved && <Alert kind="success" title={t("participation.agency.saved")} />}
      <PageHeading preline={p.title}>{t("participation.agency.page.title")}</PageHeading>
      <p class="kern-body">{t("participation.agency.page.intro", { agency: a.agencyName, title: p.title, day: end.day, time: end.time })}</p>
      {state === "released" && (
        <>
          <Alert kind="success" title={t("participation.agency.releasedTitle")}>
            <p class="kern-body">{t("participation.agency.releasedText", { at: formatDateTime(a.releasedAt!, ctx.locale), name: a.releasedByName ?? "", author: a.authorName })}</p>
          </Alert>
          <h2 class="kern-heading-medium">{t("participation.agency.body")}</h2>
          {a.body.split(/\n+/).map((para) => (
            <p class="kern-body">{para}</p>
          ))}
        </>
      )}
      {state === "closed" && (
        <Alert kind="info" title={t("participation.agency.closedTitle")}>
          <p class="kern-body">{t("participation.agency.closedText", { day: end.day, time: end.time })}</p>
        </Alert>
      )}
      {state === "open" && (
        <>
          <form method="post" action={action} novalidate class="kern-stack kp-narrow">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="schritt" value="entwurf" />
            <TextArea name="text" label={labels.text} form={form} rows={12} maxLength={50000} />
            <TextField name="verfasser" label={labels.verfasser} form={form} required maxLength={200} autocomplete="name" />
            <Button variant="secondary">{t("participation.agency.saveDraft")}</Button>
          </form>
          {a.draftSavedAt && (
            <section class="kern-stack" aria-labelledby="freigabe-heading">
              <h2 class="kern-heading-medium" id="freigabe-heading">
                {t("participation.agency.releaseTitle")}
              </h2>
              <p class="kern-body">{t("participation.agency.releaseIntro", { author: a.authorName })}</p>
              <form method="post" action={action} novalidate class="kern-stack kp-narrow">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="schritt" value="freigabe" />
                <TextField name="freigabe" label={labels.freigabe} form={form} required maxLength={200} autocomplete="off" />
                <Button>{t("participation.agency.release")}</Button>
              </form>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** The weighing form (topic, decision, reason) of one item; read-only text once published. */
export function WeighForm({ ctx, action, form, published }: { ctx: ViewContext; action: string; form: FormState; published: boolean }) {
  const { t } = ctx;
  if (published) return <Alert kind="info" title={t("participation.weighing.error.published")} />;
  return (
    <form method="post" action={action} novalidate class="kern-stack kp-narrow">
      <CsrfField token={ctx.csrfToken} />
      <TextField name="thema" label={t("participation.weighing.topic")} hint={t("participation.weighing.topicHint")} form={form} maxLength={100} />
      <RadioGroup name="entscheidung" label={t("participation.staff.decision")} form={form} required options={DECISIONS.map((d) => ({ value: d, label: t(`participation.decision.${d}`) }))} />
      <TextArea name="begruendung" label={t("participation.staff.reason")} form={form} rows={6} maxLength={20000} />
      <Button>{t("participation.staff.save")}</Button>
    </form>
  );
}

export const weighLabels = (t: T) => ({ thema: t("participation.weighing.topic"), entscheidung: t("participation.staff.decision"), begruendung: t("participation.staff.reason") });

/** Staff: one released agency statement with the weighing form. */
export function AgencyStatementPage({ ctx, p, a, form, saved, published }: { ctx: ViewContext; p: ProcedureDetail; a: AgencyInvitation; form: FormState; saved: boolean; published: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={weighLabels(t)} />
      {saved && <Alert kind="success" title={t("participation.staff.saved")} />}
      <PageHeading preline={p.title}>{t("participation.agency.staffTitle", { agency: a.agencyName })}</PageHeading>
      <p class="kern-body">{t("participation.agency.releasedText", { at: formatDateTime(a.releasedAt!, ctx.locale), name: a.releasedByName ?? "", author: a.authorName })}</p>
      <h2 class="kern-heading-medium">{t("participation.agency.body")}</h2>
      {a.body.split(/\n+/).map((para) => (
        <p class="kern-body">{para}</p>
      ))}
      <h2 class="kern-heading-medium">{t("participation.staff.weigh")}</h2>
      <WeighForm ctx={ctx} action={`/verwaltung/beteiligung/${p.id}/toeb/${a.id}`} form={form} published={published} />
      <LinkLine href={`/verwaltung/beteiligung/${p.id}/abwaegung`}>{t("participation.weighing.link")}</LinkLine>
    </div>
  );
}

/** Items grouped by topic: [topic or null, items]. */
export function byTopic(items: WeighingItem[]): Array<[string | null, WeighingItem[]]> {
  const groups: Array<[string | null, WeighingItem[]]> = [];
  for (const it of items) {
    const last = groups.at(-1);
    if (last && last[0] === it.topic) last[1].push(it);
    else groups.push([it.topic, [it]]);
  }
  return groups;
}

/** "Erneute Auslegung (§ 4a Abs. 3 BauGB): 01.02.2027 bis einschließlich 15.02.2027": the round of an item (citizen or agency). */
export const roundText = (t: T, it: WeighingItem) => (it.phase ? t("participation.staff.phaseGroup", { phase: t(`participation.phase.${it.phase.kind}`), period: periodText(t, it.phase) }) : "");

const resultText = (t: T, it: WeighingItem) => `${t(`participation.decision.${it.decision ?? "none"}`)}${it.consideration ? `: ${it.consideration}` : ""}`;

/** Staff: the weighing page (all items by topic), exports and publishing. */
export function WeighingPage({ ctx, p, items, publishedAt, error, notice }: { ctx: ViewContext; p: ProcedureDetail; items: WeighingItem[]; publishedAt: Date | null; error?: string; notice?: string }) {
  const { t } = ctx;
  const base = `/verwaltung/beteiligung/${p.id}`;
  return (
    <div class="kern-stack">
      {error && (
        <Alert kind="danger" title={t("participation.weighing.publish")}>
          <p class="kern-body">{error}</p>
        </Alert>
      )}
      {notice && <Alert kind="success" title={notice} />}
      <PageHeading preline={p.title}>{t("participation.weighing.title", { title: p.title })}</PageHeading>
      <p class="kern-body">{t("participation.weighing.intro")}</p>
      {publishedAt && (
        <p class="kern-body">
          {t("participation.weighing.published", { at: formatDateTime(publishedAt, ctx.locale) })}{" "}
          <a class="kern-link" href={`/beteiligung/${p.slug}/abwaegung`}>
            {t("participation.weighing.publicLink")}
          </a>
        </p>
      )}
      {items.length === 0 ? (
        <p class="kern-body">{t("participation.weighing.empty")}</p>
      ) : (
        <>
          <ul class="kern-list">
            <li>
              <a class="kern-link" href={`${base}/abwaegung.pdf`} download>
                {t("participation.weighing.pdf")}
              </a>
            </li>
            <li>
              <a class="kern-link" href={`${base}/abwaegung.csv`} download>
                {t("participation.weighing.csv")}
              </a>
            </li>
          </ul>
          {byTopic(items).map(([topic, group]) => (
            <DataTable
              caption={topic ?? t("participation.weighing.noTopic")}
              head={[t("participation.weighing.col.item"), t("participation.staff.col.phase"), t("participation.weighing.col.place"), t("participation.weighing.col.result")]}
              rows={group.map((it) => [
                <>
                  <a class="kern-link" href={it.kind === "statement" ? `${base}/stellungnahmen/${it.key}` : `${base}/toeb/${it.key}`}>
                    {it.kind === "statement" ? `${t("participation.weighing.citizen")} ${it.label}` : `${t("participation.weighing.agency")}: ${it.label}`}
                  </a>
                  {it.attachments.length > 0 && <AttachmentList ctx={ctx} href={(f) => `${base}/stellungnahmen/${it.key}/anlagen/${f.fileId}`} files={it.attachments} />}
                </>,
                roundText(t, it) || "–",
                it.place ?? "–",
                resultText(t, it),
              ])}
            />
          ))}
        </>
      )}
      {!publishedAt && (
        <form method="post" action={`${base}/abwaegung/veroeffentlichen`} class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          <p class="kern-body">{t("participation.weighing.publishHint")}</p>
          <Button>{t("participation.weighing.publish")}</Button>
        </form>
      )}
      <LinkLine href={base}>{t("participation.staff.back")}</LinkLine>
    </div>
  );
}

/** Public: the published weighing result (citizens by number only, agencies by name). */
export function PublicWeighingPage({ ctx, p, items, publishedAt }: { ctx: ViewContext; p: ProcedureDetail; items: WeighingItem[]; publishedAt: Date }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={p.title}>{t("participation.weighing.publicTitle", { title: p.title })}</PageHeading>
      <p class="kern-body">{t("participation.weighing.publicIntro", { at: formatDateTime(publishedAt, ctx.locale) })}</p>
      {byTopic(items).map(([topic, group]) => (
        <DataTable
          caption={topic ?? t("participation.weighing.noTopic")}
          head={[t("participation.weighing.col.item"), t("participation.staff.decision"), t("participation.staff.reason")]}
          rows={group.map((it) => [it.kind === "statement" ? `${t("participation.weighing.citizen")} ${it.label}` : `${t("participation.weighing.agency")}: ${it.label}`, t(`participation.decision.${it.decision ?? "none"}`), it.consideration ?? ""])}
        />
      ))}
      <LinkLine href={`/beteiligung/${p.slug}`}>{t("participation.receipt.back")}</LinkLine>
    </div>
  );
}

/** Links to a statement's attachments for staff: "plan.pdf (PDF, 1,2 MB)". */
export function AttachmentList({ ctx, files, href }: { ctx: ViewContext; files: StatementAttachment[]; href: (f: StatementAttachment) => string }) {
  return (
    <ul class="kern-list" aria-label={ctx.t("participation.attachments.label")}>
      {files.map((f) => (
        <li>
          <a class="kern-link" href={href(f)}>
            {f.name}
          </a>{" "}
          ({isMediaType(f.mediaType) ? MEDIA_TYPES[f.mediaType].label : f.mediaType}, {formatBytes(f.size)})
        </li>
      ))}
    </ul>
  );
}
