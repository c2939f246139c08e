/**
 * "Meine Stellungnahmen" under /konto/stellungnahmen (linked from Mein Konto like "Meine Termine"): the statements the
 * signed-in person submitted with their account; the weighing's result only once it is published.
 */
import type { FastifyInstance } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { DataTable, LinkLine, PageHeading } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { statementsOfUser, type OwnStatement } from "../queries.js";

function MyStatementsPage({ ctx, statements }: { ctx: ViewContext; statements: OwnStatement[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("participation.account.title")}</PageHeading>
      <p class="kern-body">{t("participation.account.intro")}</p>
      {statements.length === 0 ? (
        <p class="kern-body">{t("participation.account.none")}</p>
      ) : (
        <DataTable
          caption={t("participation.account.title")}
          head={[t("participation.account.col.procedure"), t("participation.staff.col.reference"), t("participation.staff.col.submitted"), t("participation.staff.col.phase"), t("participation.account.col.status")]}
          rows={statements.map((s) => [
            <a class="kern-link" href={`/beteiligung/${s.procedure.slug}`}>
              {s.procedure.title}
            </a>,
            s.reference,
            formatDateTime(s.submittedAt, ctx.locale),
            t(`participation.phase.${s.phaseKind}`),
            s.result ? (
              <>
                {t(`participation.decision.${s.result.decision ?? "none"}`)}
                {s.result.consideration && <p class="kern-body">{s.result.consideration}</p>}
                <a class="kern-link" href={`/beteiligung/${s.procedure.slug}/abwaegung`}>
                  {t("participation.weighing.publicLink")}
                </a>
              </>
            ) : (
              t("participation.account.received")
            ),
          ])}
        />
      )}
      <LinkLine href="/konto">{t("participation.account.back")}</LinkLine>
    </div>
  );
}

export async function participationAccountPages(app: FastifyInstance) {
  const { db } = app.deps;
  app.get("/konto/stellungnahmen", { preHandler: requireLogin }, async (req, reply) => {
    const statements = await statementsOfUser(db, req.user!.id);
    return reply.page(req.t("participation.account.title"), (ctx) => <MyStatementsPage ctx={ctx} statements={statements} />, { noindex: true });
  });
}
