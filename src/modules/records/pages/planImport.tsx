/**
 * Filing plan import in the browser (admins): upload a CSV (or paste it), see what would change (new,
 * changed field by field, unchanged, positions kept), then confirm. Errors are listed per line next to the
 * upload and the content stays in the text field for correcting it; nothing is imported before the confirmation.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAdmin } from "../../../platform/auth/guards.js";
import { stripControlChars } from "../../../platform/controlChars.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, FileField, LinkLine, PageHeading, Section, TextArea, emptyForm, type FormState } from "../../../platform/views/components.js";
import { parsePlanCsv, planImporter } from "../commands/filing.js";
import { planDiff, type PlanDiff } from "../planDiff.js";
import { uploadBytes } from "../service.js";

const BASE = "/verwaltung/akten/aktenplan/import";
/** A filing plan has hundreds of lines, not megabytes (the confirmation carries it in a form field). */
const MAX_PLAN_BYTES = 256 * 1024;

/** UTF-8 (with or without BOM); a spreadsheet's Windows-1252 export otherwise. */
function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** One form of the text on every path (browsers send line breaks in form fields as CRLF). */
const normalized = (text: string) => stripControlChars(text.normalize("NFC")).replace(/\r\n?/g, "\n").trim();
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

interface Preview {
  csv: string;
  diff: PlanDiff;
}

function PlanImportPage(props: { ctx: ViewContext; form: FormState; lineErrors: string[]; preview?: Preview; done?: string }) {
  const { ctx, form, lineErrors, preview, done } = props;
  const { t } = ctx;
  const field = (f: string) => t(`records.planImport.field.${f}`);
  return (
    <div class="kern-stack">
      <PageHeading preline={t("records.plan.title")}>{t("records.planImport.title")}</PageHeading>
      {done && <Alert kind="success" title={done} />}
      <ErrorSummary form={form} t={t} />
      {preview ? (
        <>
          <p class="kern-body">{t("records.planImport.previewIntro", { added: preview.diff.added.length, changed: preview.diff.changed.length, unchanged: preview.diff.unchanged, kept: preview.diff.kept.length })}</p>
          {preview.diff.added.length > 0 && (
            <Section id="neu" title={t("records.planImport.added")}>
              <DataTable
                caption={t("records.planImport.added.caption")}
                head={[field("code"), field("parent"), field("title"), field("retention_years"), field("disposal"), field("process_ids")]}
                rows={preview.diff.added.map((u) => [u.code, u.parent ?? "–", u.title, String(u.retentionYears), u.disposal, u.processIds.join(" ") || "–"])}
              />
            </Section>
          )}
          {preview.diff.changed.length > 0 && (
            <Section id="geaendert" title={t("records.planImport.changed")}>
              <DataTable
                caption={t("records.planImport.changed.caption")}
                head={[field("code"), field("title"), t("records.planImport.col.field"), t("records.planImport.col.before"), t("records.planImport.col.after")]}
                rows={preview.diff.changed.flatMap((c) => c.fields.map((f) => [c.code, c.title, field(f.field), f.before || "–", f.after || "–"]))}
              />
              <p class="kern-body">{t("records.planImport.filesKeep")}</p>
            </Section>
          )}
          {preview.diff.kept.length > 0 && (
            <Section id="bleibt" title={t("records.planImport.kept")}>
              <ul class="kern-list">
                {preview.diff.kept.map((k) => (
                  <li>
                    {k.code} {k.title}
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {preview.diff.added.length + preview.diff.changed.length === 0 ? (
            <p class="kern-body">{t("records.planImport.nothing")}</p>
          ) : (
            <form method="post" action={`${BASE}/uebernehmen`} class="kern-stack">
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="csv" value={preview.csv} />
              <input type="hidden" name="pruefsumme" value={sha(preview.csv)} />
              <Button>{t("records.planImport.confirm")}</Button>
            </form>
          )}
          <LinkLine href={BASE}>{t("records.planImport.again")}</LinkLine>
        </>
      ) : (
        <>
          <p class="kern-body">{t("records.planImport.intro")}</p>
          {lineErrors.length > 0 && (
            <Alert kind="danger" title={t("records.planImport.errors", { n: lineErrors.length })}>
              <ul class="kern-list" id="zeilenfehler">
                {lineErrors.slice(0, 200).map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </Alert>
          )}
          <form method="post" action={BASE} enctype="multipart/form-data" class="kern-stack kp-narrow" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <FileField name="datei" label={t("records.planImport.file")} hint={t("records.planImport.file.hint")} error={form.errors.datei} accept=".csv,text/csv" optional />
            <TextArea name="csv" label={t("records.planImport.text")} hint={t("records.planImport.text.hint")} form={form} rows={12} optional />
            <Button>{t("records.planImport.preview")}</Button>
          </form>
        </>
      )}
      <LinkLine href="/verwaltung/akten/aktenplan">{t("records.plan.title")}</LinkLine>
    </div>
  );
}

export async function planImportPages(app: FastifyInstance) {
  const { db } = app.deps;
  const admin = { preHandler: requireAdmin, config: { rateLimit: { max: 30, timeWindow: 60_000 } } };
  const page = (req: FastifyRequest, reply: FastifyReply, props: { form: FormState; lineErrors?: string[]; preview?: Preview; done?: string }, status = 200) =>
    reply.page(req.t("records.planImport.title"), (ctx) => <PlanImportPage ctx={ctx} form={props.form} lineErrors={props.lineErrors ?? []} preview={props.preview} done={props.done} />, { status, noindex: true });
  const current = () => db.selectFrom("records_plan_units").select(["code", "parent_code", "title", "retention_years", "disposal", "process_ids"]).execute();
  /** Checks the CSV; on errors the page lists them and keeps the content in the text field. */
  const checked = async (req: FastifyRequest, reply: FastifyReply, csv: string) => {
    const { units, errors } = parsePlanCsv(csv);
    if (!errors.length) return units;
    const form = emptyForm({ csv });
    form.errors.csv = req.t("records.planImport.invalid", { n: errors.length });
    await page(req, reply, { form, lineErrors: errors }, 422);
    return undefined;
  };

  app.get<{ Querystring: { neu?: string; geaendert?: string } }>(BASE, admin, async (req, reply) => {
    const { neu, geaendert } = req.query;
    const done = neu !== undefined && /^\d{1,6}$/.test(neu) && geaendert !== undefined && /^\d{1,6}$/.test(geaendert) ? req.t("records.planImport.done", { added: neu, changed: geaendert }) : undefined;
    return page(req, reply, { form: emptyForm(), done });
  });

  app.post(BASE, admin, async (req, reply) => {
    const upload = (req.uploads ?? []).find((f) => f.field === "datei" && f.size > 0);
    const raw = (req.body as Record<string, unknown> | undefined)?.csv;
    const pasted = typeof raw === "string" ? normalized(raw) : "";
    const form = emptyForm({ csv: pasted });
    if (upload && (upload.truncated || upload.size > MAX_PLAN_BYTES)) form.errors.datei = req.t("records.planImport.tooBig");
    else if (!upload && !pasted.trim()) form.errors.datei = req.t("records.planImport.missing");
    if (form.errors.datei) return page(req, reply, { form }, 422);
    const csv = upload ? normalized(decodeCsv(await uploadBytes(upload))) : pasted;
    if (csv.length > MAX_PLAN_BYTES) return page(req, reply, { form: { values: {}, errors: { datei: req.t("records.planImport.tooBig") } } }, 422);
    const units = await checked(req, reply, csv);
    if (!units) return reply;
    return page(req, reply, { form: emptyForm(), preview: { csv, diff: planDiff(await current(), units) } });
  });

  app.post(`${BASE}/uebernehmen`, admin, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const csv = typeof body.csv === "string" ? normalized(body.csv) : "";
    // The confirmation imports exactly what the preview showed.
    if (!csv || body.pruefsumme !== sha(csv)) return page(req, reply, { form: { values: {}, errors: { datei: req.t("records.planImport.missing") } } }, 422);
    const units = await checked(req, reply, csv);
    if (!units) return reply;
    const result = await planImporter({ actor: req.actor(), db, requestId: req.id }, units);
    return reply.redirect(`${BASE}?neu=${result.inserted}&geaendert=${result.updated}`, 303);
  });
}
