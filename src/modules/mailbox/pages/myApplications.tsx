/** "Meine Anträge": the account's drafts and submissions with their case status and mailbox (GET /antraege). */
import type { FastifyInstance } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, PageHeading } from "../../../platform/views/components.js";
import { DRAFT_RETENTION_DAYS, listOwnApplications } from "../../applications/index.js";
import type { CitizenStatus } from "../caseLink.js";
import { applicantOverview } from "../overview.js";
import { StatusBadge } from "./views.js";

export async function myApplicationsPage(app: FastifyInstance) {
  const { db } = app.deps;
  app.get<{ Querystring: { entwurf?: string } }>("/antraege", { preHandler: requireLogin }, async (req, reply) => {
    const own = await listOwnApplications(db, req.user!.id);
    const cases = await applicantOverview(db, req.user!.id);
    return reply.page(req.t("applications.mine.title"), (ctx) => <MyApplicationsPage ctx={ctx} draftDeleted={req.query.entwurf === "geloescht"} drafts={own.drafts} submissions={own.submissions.map((s) => ({ ...s, case: cases.get(s.reference) }))} />, { noindex: true });
  });
}

export function MyApplicationsPage({ ctx, drafts, submissions, draftDeleted }: { ctx: ViewContext; draftDeleted?: boolean; drafts: Array<{ id: string; title: string; updated_at: Date }>; submissions: Array<{ reference: string; title: string; submitted_at: Date; case?: { status: CitizenStatus; unread: number; mailboxHref: string } }> }) {
  const when = (d: Date) => d.toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" });
  return (
    <div class="kern-stack">
      <PageHeading>{ctx.t("applications.mine.title")}</PageHeading>
      {draftDeleted && <Alert kind="success" title={ctx.t("applications.mine.draftDeleted")} />}
      <h2 class="kern-heading-medium">{ctx.t("applications.mine.drafts")}</h2>
      <p class="kern-body">{ctx.t("applications.mine.retention", { days: DRAFT_RETENTION_DAYS })}</p>
      {drafts.length === 0 ? (
        <p class="kern-body">{ctx.t("applications.mine.noDrafts")}</p>
      ) : (
        <ul class="kern-list">
          {drafts.map((d) => (
            <li>
              <a class="kern-link" href={`/antraege/entwurf/${d.id}`}>
                {d.title}
              </a>{" "}
              {ctx.t("applications.mine.saved", { when: when(d.updated_at) })} –{" "}
              <a class="kern-link" href={`/antraege/entwurf/${d.id}/loeschen`}>
                {ctx.t("applications.mine.deleteDraft")}
                <span class="kern-sr-only">: {d.title}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-heading-medium">{ctx.t("applications.mine.submitted")}</h2>
      {submissions.length === 0 ? (
        <p class="kern-body">{ctx.t("applications.mine.noSubmissions")}</p>
      ) : (
        <ul class="kern-list">
          {submissions.map((s) => (
            <li>
              <a class="kern-link" href={`/antraege/eingang/${s.reference}`}>
                {s.reference}
              </a>{" "}
              {ctx.t("applications.mine.submittedAt", { title: s.title, when: when(s.submitted_at) })}
              {s.case && (
                <>
                  {" "}
                  – {ctx.t("mailbox.list.status")}: <StatusBadge t={ctx.t} status={s.case.status} />{" "}
                  {s.case.unread > 0 && (
                    <span class="kern-badge kern-badge--warning">
                      <span class="kern-label">{ctx.t("mailbox.list.unread", { n: s.case.unread })}</span>
                    </span>
                  )}{" "}
                  <a class="kern-link" href={s.case.mailboxHref}>
                    {ctx.t("mailbox.list.open")}
                    <span class="kern-sr-only"> {s.reference}</span>
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
