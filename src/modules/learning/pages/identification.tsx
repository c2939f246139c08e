import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireStaff, currentUser } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { UUID } from "../../../platform/keys.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, LinkLine, PageHeading } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { authorizeEditor } from "../policies.js";
import { germanDay } from "../presenters.js";
import { identificationsForStaff, isLearningEditor, type IdentificationRow } from "../queries.js";
import { identityDecider, videoRoomLink } from "../commands/identification.js";
import { pick } from "../courses.js";

const ctxOf = (app: FastifyInstance, req: FastifyRequest): CommandContext => ({ actor: req.actor(), db: app.deps.db, requestId: req.id });

/** The Gesundheitsamt's list of video identifications: the Lernredaktion (and administrators) record the outcome. */
export async function identificationPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const guard = { preHandler: requireStaff };
  const editorGuard = async (req: FastifyRequest) => authorizeEditor(req.user, !!req.user && (await isLearningEditor(db, req.user.id)));
  app.get("/verwaltung/lernen/identifikation", guard, async (req, reply) => {
    await editorGuard(req);
    const rows = await identificationsForStaff(db);
    return reply.page(req.t("learning.ident.staffTitle"), (ctx) => <IdentificationListPage ctx={ctx} rows={rows} roomLink={(r) => videoRoomLink(config, r)} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/lernen/identifikation/:id", guard, async (req, reply) => {
    await editorGuard(req);
    if (!UUID.test(req.params.id)) return reply.callNotFound();
    const decision = (req.body as Record<string, unknown> | undefined)?.entscheidung;
    if (decision !== "confirmed" && decision !== "rejected") return reply.status(400).send();
    const ok = await identityDecider(ctxOf(app, req), req.params.id, decision, currentUser(req).id);
    const rows = await identificationsForStaff(db);
    const notice = ok ? { kind: "success" as const, text: req.t("learning.ident.decided") } : { kind: "warning" as const, text: req.t("learning.ident.notOpen") };
    return reply.page(req.t("learning.ident.staffTitle"), (ctx) => <IdentificationListPage ctx={ctx} rows={rows} notice={notice} roomLink={(r) => videoRoomLink(config, r)} />, { noindex: true, status: ok ? 200 : 409 });
  });
}

function IdentificationListPage({ ctx, rows, notice, roomLink }: { ctx: ViewContext; rows: IdentificationRow[]; notice?: { kind: "success" | "warning"; text: string }; roomLink: (room: string) => string }) {
  const { t, locale } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.ident.staffTitle")}</PageHeading>
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <p class="kern-body">{t("learning.ident.staffIntro")}</p>
      {rows.length === 0 ? (
        <p class="kern-body">{t("learning.ident.staffNone")}</p>
      ) : (
        <DataTable
          caption={t("learning.ident.staffTitle")}
          head={[t("learning.ident.colTime"), t("learning.ident.colPerson"), t("learning.ident.colCourse"), t("learning.ident.colState"), t("learning.ident.colAction")]}
          rows={rows.map((r) => [
            <>
              {r.ident_starts_at ? formatDateTime(r.ident_starts_at, locale) : "–"}
              <br />
              {r.ident_booking_code}
            </>,
            <>
              {r.holder_name}
              {r.birth_date ? ` (${germanDay(r.birth_date)})` : ""}
            </>,
            pick(r.title, locale),
            t(`learning.ident.state.${r.ident_status}`),
            r.ident_status === "booked" ? (
              <>
                {r.ident_room && (
                  <a class="kern-link" href={roomLink(r.ident_room)} rel="noopener noreferrer">
                    {t("learning.ident.link")}
                  </a>
                )}
                <form method="post" action={`/verwaltung/lernen/identifikation/${r.id}`} aria-label={`${r.holder_name}: ${t("learning.ident.colAction")}`}>
                  <CsrfField token={ctx.csrfToken} />
                  <Button name="entscheidung" value="confirmed">
                    {t("learning.ident.confirm")}
                  </Button>{" "}
                  <Button name="entscheidung" value="rejected" variant="secondary">
                    {t("learning.ident.reject")}
                  </Button>
                </form>
              </>
            ) : (
              "–"
            ),
          ])}
        />
      )}
      <LinkLine href="/verwaltung/lernen">{t("learning.admin.back")}</LinkLine>
    </div>
  );
}
