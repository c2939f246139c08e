import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DescriptionList, DataTable, ErrorSummary, PageHeading, RadioGroup, TextArea, TextField, type FormState, LinkLine, FileField } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { Translate } from "../../../platform/i18n/index.js";
import type { CaseInfo, CitizenStatus } from "../caseLink.js";
import type { FileDocumentRow, MessageRow, SubmissionRef } from "../queries.js";

const BADGE: Record<CitizenStatus, string> = { received: "info", in_progress: "info", action_required: "warning", decided: "success", closed: "success" };

/** The current status as a KERN badge. */
export function StatusBadge({ t, status }: { t: Translate; status: CitizenStatus }) {
  return (
    <span class={`kern-badge kern-badge--${BADGE[status]}`}>
      <span class="kern-label">{t(`mailbox.status.${status}`)}</span>
    </span>
  );
}

/** The applicant-visible history of a case, oldest first, in plain German. */
export function StatusTimeline({ ctx, info }: { ctx: ViewContext; info: CaseInfo }) {
  const { t, locale } = ctx;
  return (
    <ol class="kp-timeline">
      {info.timeline.map((e) => (
        <li class="kp-timeline__item">
          <p class="kern-body kern-body--bold">
            {t(`mailbox.status.${e.status}`)} <span class="kern-body--small">– {formatDateTime(e.at, locale)}</span>
          </p>
          <p class="kern-body">{e.text}</p>
        </li>
      ))}
    </ol>
  );
}

/** Status page for whoever holds the receipt's code (no account needed). */
export function StatusPage({ ctx, sub, info, mailboxHref }: { ctx: ViewContext; sub: SubmissionRef; info: CaseInfo; mailboxHref?: string }) {
  const { t, locale } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading preline={sub.title}>{t("mailbox.status.title", { reference: sub.reference })}</PageHeading>
      <DescriptionList
        rows={[
          [t("mailbox.status.current"), <StatusBadge t={t} status={info.status} />],
          [t("mailbox.status.submittedAt"), formatDateTime(sub.submittedAt, locale)],
        ]}
      />
      <h2 class="kern-heading-medium">{t("mailbox.status.timeline")}</h2>
      <StatusTimeline ctx={ctx} info={info} />
      {mailboxHref ? (
        <LinkLine href={mailboxHref}>{t("mailbox.status.toMailbox")}</LinkLine>
      ) : (
        <p class="kern-body kern-body--small">{t("mailbox.status.loginHint")}</p>
      )}
    </div>
  );
}

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace(".", ",")} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * The messages of a case, oldest first, with attachments and unread markers. `perspective` decides
 * the labels (the applicant reads "from you"/"from the authority"). Exported for the staff case page.
 */
export function MessageList({ ctx, reference, messages, perspective }: { ctx: ViewContext; reference: string; messages: MessageRow[]; perspective: "applicant" | "staff" }) {
  const { t, locale } = ctx;
  if (messages.length === 0) return <p class="kern-body">{t("mailbox.thread.none")}</p>;
  const incoming = perspective === "applicant" ? "to_applicant" : "from_applicant";
  return (
    <ol class="kp-messages">
      {messages.map((m) => {
        const unread = m.direction === incoming && !m.readAt;
        const from =
          perspective === "applicant"
            ? m.direction === "from_applicant"
              ? t("mailbox.thread.fromYou")
              : t("mailbox.thread.fromOffice")
            : m.direction === "from_applicant"
              ? t("mailbox.thread.fromApplicant")
              : `${t("mailbox.thread.toApplicant")}${m.authorName ? ` (${m.authorName})` : ""}`;
        return (
          <li class={`kp-message kp-message--${m.direction === "to_applicant" ? "out" : "in"}`} id={`nachricht-${m.id}`}>
            <article aria-label={`${t(`mailbox.kind.${m.kind}`)}: ${m.subject}`}>
              <h3 class="kern-heading-small">
                {unread && (
                  <>
                    <span class="kern-badge kern-badge--info">
                      <span class="kern-label">{t("mailbox.thread.new")}</span>
                    </span>{" "}
                  </>
                )}
                {t(`mailbox.kind.${m.kind}`)}: {m.subject}
              </h3>
              <p class="kern-body kern-body--small">
                {from}, {t("mailbox.thread.sentAt", { at: formatDateTime(m.createdAt, locale) })}
              </p>
              {m.body && <p class="kern-body kp-message__body">{m.body}</p>}
              {m.attachments.length > 0 && (
                <>
                  <p class="kern-body kern-body--bold">{t("mailbox.thread.attachments")}</p>
                  <ul class="kern-list">
                    {m.attachments.map((a) => (
                      <li>
                        <a class="kern-link" href={`/akte/${reference}/dokumente/${a.documentId}/${a.version}`}>
                          {a.name}
                        </a>{" "}
                        ({a.filename}, {sizeText(a.sizeBytes)}
                        {a.version > 1 ? `, ${t("mailbox.file.version")} ${a.version}` : ""})
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

export interface UploadLimits {
  /** Largest file, readable ("10 MB"). */
  maxText: string;
  maxFiles: number;
  accept: string;
}

/** The applicant's mailbox of one application: status, timeline, messages, answer form with upload. */
export function ApplicantMailboxPage(props: { ctx: ViewContext; sub: SubmissionRef; info: CaseInfo; messages: MessageRow[]; form: FormState; sent: boolean; limits: UploadLimits }) {
  const { ctx, sub, info, messages, form, sent, limits } = props;
  const { t } = ctx;
  const closed = info.status === "closed";
  return (
    <div class="kern-stack">
      <PageHeading preline={sub.title}>{t("mailbox.thread.title", { reference: sub.reference })}</PageHeading>
      <LinkLine href="/antraege">{t("mailbox.back")}</LinkLine>
      {sent && <Alert kind="success" title={t("mailbox.reply.sent")} />}
      <ErrorSummary form={form} t={t} />
      <DescriptionList rows={[[t("mailbox.status.current"), <StatusBadge t={t} status={info.status} />]]} />
      {info.status === "action_required" && <Alert kind="warning" title={t("mailbox.status.action_required")}>{<p class="kern-body">{t("mailbox.reply.requestHint")}</p>}</Alert>}
      <h2 class="kern-heading-medium">{t("mailbox.thread.messages")}</h2>
      <MessageList ctx={ctx} reference={sub.reference} messages={messages} perspective="applicant" />
      <h2 class="kern-heading-medium" id="antworten">
        {t("mailbox.reply.title")}
      </h2>
      {closed ? (
        <p class="kern-body">{t("mailbox.error.closed")}</p>
      ) : (
        <form method="post" action={`/postfach/${sub.reference}`} enctype="multipart/form-data" novalidate class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          <TextArea name="nachricht" label={t("mailbox.reply.body")} hint={t("mailbox.reply.bodyHint")} form={form} rows={5} maxLength={5000} optional />
          <TextField name="bezeichnung" label={t("mailbox.reply.documentName")} hint={t("mailbox.reply.documentNameHint")} form={form} maxLength={200} />
          <FileField name="dateien" label={t("mailbox.reply.file")} hint={t("mailbox.reply.fileHint", { max: limits.maxText, n: limits.maxFiles })} error={form.errors.dateien} accept={limits.accept} multiple optional />
          <Button>{t("mailbox.reply.submit")}</Button>
        </form>
      )}
      <h2 class="kern-heading-medium">{t("mailbox.status.timeline")}</h2>
      <StatusTimeline ctx={ctx} info={info} />
      <LinkLine href={`/akte/${sub.reference}`}>{t("mailbox.file.documents")}</LinkLine>
    </div>
  );
}

/** Staff view of the thread: messages, and the form to write or request documents (with attachments). */
export function StaffMailboxPage(props: { ctx: ViewContext; sub: SubmissionRef; info: CaseInfo; messages: MessageRow[]; form: FormState; sent: boolean; limits: UploadLimits; caseHref?: string; canSend: boolean }) {
  const { ctx, sub, info, messages, form, sent, limits, caseHref, canSend } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={sub.title}>{t("mailbox.staff.title", { reference: sub.reference })}</PageHeading>
      <p class="kern-body">
        {caseHref && (
          <>
            <a class="kern-link" href={caseHref}>
              {sub.reference}
            </a>
            {" · "}
          </>
        )}
        <a class="kern-link" href={`/akte/${sub.reference}`}>
          {t("mailbox.staff.caseFile")}
        </a>
      </p>
      {sent && <Alert kind="success" title={t("mailbox.staff.sent")} />}
      {!sub.userId && <Alert kind="info" title={t("mailbox.staff.noAccount")} />}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">
        {t("mailbox.status.current")}: <StatusBadge t={t} status={info.status} />
      </p>
      <h2 class="kern-heading-medium">{t("mailbox.thread.messages")}</h2>
      <MessageList ctx={ctx} reference={sub.reference} messages={messages} perspective="staff" />
      {canSend && (
        <h2 class="kern-heading-medium" id="senden">
          {t("mailbox.staff.send")}
        </h2>
      )}
      {canSend && (
      <form method="post" action={`/verwaltung/postfach/${sub.reference}`} enctype="multipart/form-data" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup
          name="art"
          label={t("mailbox.staff.kind")}
          form={form}
          options={[
            { value: "message", label: t("mailbox.kind.message") },
            { value: "document_request", label: t("mailbox.kind.document_request") },
          ]}
        />
        <TextField name="betreff" label={t("mailbox.staff.subject")} form={form} maxLength={200} />
        <TextArea name="nachricht" label={t("mailbox.staff.body")} form={form} rows={6} maxLength={5000} />
        <FileField name="dateien" label={t("mailbox.reply.file")} hint={t("mailbox.reply.fileHint", { max: limits.maxText, n: limits.maxFiles })} error={form.errors.dateien} accept={limits.accept} multiple optional />
        <Button>{t("mailbox.staff.submit")}</Button>
      </form>
      )}
    </div>
  );
}

export interface HistoryEntry {
  at: Date;
  who: string;
  what: string;
}

/** The case file: every document with its versions (newest first) and who did what. */
export function CaseFilePage({ ctx, sub, documents, history, staff }: { ctx: ViewContext; sub: SubmissionRef; documents: Array<FileDocumentRow & { href: (v: number) => string }>; history: HistoryEntry[]; staff: boolean }) {
  const { t, locale } = ctx;
  const rows = documents.flatMap((d) =>
    d.versions.map((v) => [
      <>
        {d.name}
        {staff && d.visibility === "internal" ? ` (${t("mailbox.file.internal")})` : ""}
      </>,
      t(`mailbox.role.${d.role}`),
      String(v.version),
      v.addedByName ?? t(v.addedByType === "system" ? "mailbox.file.system" : v.addedByType === "staff" ? "mailbox.file.staff" : "mailbox.file.applicant"),
      formatDateTime(v.addedAt, locale),
      <a class="kern-link" href={d.href(v.version)} aria-label={t("mailbox.file.downloadVersion", { name: d.name, version: v.version })}>
        {t("mailbox.file.download")} ({v.filename}
        {v.sizeBytes ? `, ${sizeText(v.sizeBytes)}` : ""})
      </a>,
    ]),
  );
  return (
    <div class="kern-stack">
      <PageHeading preline={sub.title}>{t("mailbox.file.title", { reference: sub.reference })}</PageHeading>
      <LinkLine href={staff ? `/verwaltung/postfach/${sub.reference}` : `/postfach/${sub.reference}`}>{t("mailbox.thread.title", { reference: sub.reference })}</LinkLine>
      <h2 class="kern-heading-medium">{t("mailbox.file.documents")}</h2>
      {rows.length === 0 ? (
        <p class="kern-body">{t("mailbox.file.none")}</p>
      ) : (
        <DataTable caption={t("mailbox.file.documents")} head={[t("mailbox.file.document"), t("mailbox.file.kind"), t("mailbox.file.version"), t("mailbox.file.addedBy"), t("mailbox.file.addedAt"), t("mailbox.file.download")]} rows={rows} />
      )}
      <h2 class="kern-heading-medium">{t("mailbox.file.history")}</h2>
      <DataTable caption={t("mailbox.file.history")} head={[t("mailbox.file.addedAt"), t("mailbox.file.addedBy"), t("mailbox.file.what")]} rows={history.map((h) => [formatDateTime(h.at, locale), h.who, h.what])} />
    </div>
  );
}

/** For the staff case page: "Postfach (n Nachrichten, m ungelesen)" and "Akte" (use with staffMailboxLinks). */
export function MailboxLinks({ t, links }: { t: Translate; links: { threadHref: string; fileHref: string; unread: number; total: number } }) {
  return (
    <p class="kern-body">
      <a class="kern-link" href={links.threadHref}>
        {t("mailbox.links.thread", { total: links.total })}
      </a>
      {links.unread > 0 && (
        <>
          {" "}
          <span class="kern-badge kern-badge--warning">
            <span class="kern-label">{t("mailbox.list.unread", { n: links.unread })}</span>
          </span>
        </>
      )}
      {" · "}
      <a class="kern-link" href={links.fileHref}>
        {t("mailbox.staff.caseFile")}
      </a>
    </p>
  );
}
