/**
 * Import of an incoming XBau 0200 (from another portal) by the administration: paste the message; a message
 * that fails XBau 2.6 is refused with its errors (element path, line); a valid one opens a case.
 */
import type { FastifyInstance } from "fastify";
import type { ViewContext } from "../../../platform/views/context.js";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextArea, type FormState } from "../../../platform/views/components.js";
import { canManageDeliveries } from "../policies.js";
import { importAntrag0200, type ImportAntragResult } from "../xbau/importAntrag.js";

const PATH = "/verwaltung/xbau-import";
const formLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

export function XBauImportPage({ ctx, form, result }: { ctx: ViewContext; form: FormState; result?: ImportAntragResult }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("interop.import.title")}</PageHeading>
      <p class="kern-body">{t("interop.import.intro")}</p>
      {result?.kind === "imported" && (
        <Alert kind="success" title={t(result.replayed ? "interop.import.replayed" : "interop.import.done", { reference: result.reference })}>
          <p class="kern-body">
            <a class="kern-link" href={`/verwaltung/vorgaenge/${result.caseId}`}>{t("interop.import.open", { reference: result.reference })}</a>
          </p>
        </Alert>
      )}
      <ErrorSummary form={form} t={t} labels={{ xml: t("interop.import.file") }} />
      {result?.kind === "invalid" && (
        <DataTable caption={t("interop.import.errors")} head={[t("interop.xbau.errorPath"), t("interop.xbau.errorLine"), t("interop.xbau.errorMessage")]} rows={result.errors.map((e) => [<code>{e.path ?? "–"}</code>, e.line === null ? "–" : String(e.line), e.message])} />
      )}
      <form method="post" action={PATH} class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="xml" label={t("interop.import.file")} form={form} rows={12} />
        <Button>{t("interop.import.submit")}</Button>
      </form>
    </div>
  );
}

export async function xbauImportPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const authorize = (user: Parameters<typeof canManageDeliveries>[0]) => {
    if (!canManageDeliveries(user)) throw new ForbiddenError("Nur für die Administration");
  };
  app.get(PATH, { preHandler: requireStaff }, async (req, reply) => {
    authorize(req.user);
    return reply.page(req.t("interop.import.title"), (ctx) => <XBauImportPage ctx={ctx} form={{ values: {}, errors: {} }} />, { noindex: true });
  });
  app.post(PATH, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorize(req.user);
    const { xml } = readForm(req.body, ["xml"] as const);
    const form: FormState = { values: { xml }, errors: {} };
    if (xml.trim() === "") form.errors.xml = req.t("interop.import.required");
    const result = form.errors.xml ? undefined : await importAntrag0200({ actor: req.actor(), db, requestId: req.id, statusSecret: config.sessionSecret }, xml);
    if (result?.kind === "invalid") form.errors.xml = req.t("interop.import.invalid");
    return reply.page(req.t("interop.import.title"), (ctx) => <XBauImportPage ctx={ctx} form={form} result={result} />, { noindex: true, status: form.errors.xml ? 422 : 200 });
  });
}
