/**
 * Editors import an XZuFi-shaped catalogue file: paste it, see the diff preview (changed services with their
 * fields, unchanged count, refused items with reasons), then apply it. Each change goes through the
 * catalogue's updater (audited, optimistic locking). Input is kept; errors in German with a summary.
 */
import type { FastifyInstance } from "fastify";
import type { ViewContext } from "../../../platform/views/context.js";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, TextArea, type FormState } from "../../../platform/views/components.js";
import { applyXZuFiImport, previewXZuFiImport, type ImportPreview } from "../xzufi/catalogue.js";
import { XZuFiFileError } from "../xzufi/parse.js";

const formLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const PATH = "/verwaltung/katalog/xzufi-import";

type Outcome = { kind: "preview"; preview: ImportPreview } | { kind: "applied"; updated: number; conflicts: string[]; refused: ImportPreview["refused"]; unchanged: number };

function Refusals({ ctx, refused }: { ctx: ViewContext; refused: ImportPreview["refused"] }) {
  const { t } = ctx;
  if (refused.length === 0) return null;
  return <DataTable caption={t("interop.xzufi.refused", { n: refused.length })} head={[t("interop.xzufi.item"), t("interop.xzufi.leika"), t("interop.xzufi.reasons")]} rows={refused.map((r) => [r.index ? String(r.index) : "–", r.leikaKey ?? "–", r.reasons.join("; ")])} />;
}

export function XZuFiImportPage({ ctx, form, outcome }: { ctx: ViewContext; form: FormState; outcome?: Outcome }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("interop.xzufi.title")}</PageHeading>
      <p class="kern-body">{t("interop.xzufi.intro")}</p>
      <LinkLine href="/api/v1/interop/xzufi/katalog.xml">{t("interop.xzufi.export")}</LinkLine>
      {outcome?.kind === "applied" && (
        <Alert kind="success" title={t("interop.xzufi.applied", { n: outcome.updated })}>
          {outcome.conflicts.length > 0 && <p class="kern-body">{t("interop.xzufi.conflicts", { keys: outcome.conflicts.join(", ") })}</p>}
        </Alert>
      )}
      {outcome?.kind === "preview" && (
        <section aria-labelledby="preview-heading" class="kern-stack">
          <h2 class="kern-heading-medium" id="preview-heading">{t("interop.xzufi.preview")}</h2>
          <p class="kern-body" role="status">{t("interop.xzufi.summary", { changed: outcome.preview.changed.length, unchanged: outcome.preview.unchanged, refused: outcome.preview.refused.length })}</p>
          {outcome.preview.changed.length > 0 && (
            <DataTable caption={t("interop.xzufi.changed")} head={[t("interop.xzufi.leika"), t("interop.xzufi.service"), t("interop.xzufi.fields")]} rows={outcome.preview.changed.map((c) => [c.leikaKey, c.name, c.fields.map((f) => t(`interop.xzufi.field.${f}`)).join(", ")])} />
          )}
        </section>
      )}
      {outcome && <Refusals ctx={ctx} refused={outcome.kind === "preview" ? outcome.preview.refused : outcome.refused} />}
      <ErrorSummary form={form} t={t} labels={{ xml: t("interop.xzufi.file") }} />
      <form method="post" action={PATH} class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="xml" label={t("interop.xzufi.file")} hint={t("interop.xzufi.fileHint")} form={form} rows={12} />
        <div class="kern-stack">
          <Button name="action" value="preview">{t("interop.xzufi.showPreview")}</Button>
          {outcome?.kind === "preview" && outcome.preview.changed.length > 0 && (
            <Button variant="secondary" name="action" value="apply">
              {t("interop.xzufi.apply", { n: outcome.preview.changed.length })}
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}

export async function xzufiImportPages(app: FastifyInstance) {
  const { db } = app.deps;
  const authorize = (user: { kind: string; isEditor: boolean } | undefined) => {
    if (!user || user.kind !== "staff" || !user.isEditor) throw new ForbiddenError("Nur für die Katalogredaktion");
  };

  app.get(PATH, { preHandler: requireStaff }, async (req, reply) => {
    authorize(req.user);
    return reply.page(req.t("interop.xzufi.title"), (ctx) => <XZuFiImportPage ctx={ctx} form={{ values: {}, errors: {} }} />, { noindex: true });
  });

  app.post(PATH, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorize(req.user);
    const values = readForm(req.body, ["xml", "action"] as const);
    const form: FormState = { values: { xml: values.xml }, errors: {} };
    const show = (outcome: Outcome | undefined, status = 200) => reply.page(req.t("interop.xzufi.title"), (ctx) => <XZuFiImportPage ctx={ctx} form={form} outcome={outcome} />, { noindex: true, status });
    if (values.xml.trim() === "") {
      form.errors.xml = req.t("interop.xzufi.required");
      return show(undefined, 422);
    }
    try {
      if (values.action === "apply") {
        const r = await applyXZuFiImport({ actor: req.actor(), db, requestId: req.id }, values.xml);
        return show({ kind: "applied", updated: r.updated.length, conflicts: r.conflicts, refused: r.refused, unchanged: r.unchanged });
      }
      return show({ kind: "preview", preview: await previewXZuFiImport(db, values.xml) });
    } catch (err) {
      if (!(err instanceof XZuFiFileError)) throw err;
      form.errors.xml = err.message;
      return show(undefined, 422);
    }
  });
}
