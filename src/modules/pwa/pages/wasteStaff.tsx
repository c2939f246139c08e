/**
 * Staff upload of a waste calendar export (/verwaltung/abfuhrkalender): ICS of one street or CSV of many,
 * for a municipality. Allowed for admins and the Redaktion of that municipality or of the county.
 */
import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { currentUser, requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, FileField, PageHeading, SelectField, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { mayPublish, newsScopesOf } from "../news.js";
import { parseWasteCsv, parseWasteIcs } from "../wasteFormats.js";
import { wasteImporter } from "../commands/wasteImporter.js";

function WasteUploadPage({ ctx, form, places, notice }: { ctx: ViewContext; form: FormState; places: Array<{ value: string; label: string }>; notice?: string }) {
  const { t } = ctx;
  const fileError = form.errors.datei;
  return (
    <div class="kern-stack">
      <PageHeading>{t("pwa.waste.staff.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={form} t={t} labels={{ gemeinde: t("pwa.waste.municipality"), strasse: t("pwa.waste.staff.street"), datei: t("pwa.waste.staff.file") }} />
      <p class="kern-body">{t("pwa.waste.staff.intro")}</p>
      <form method="post" action="/verwaltung/abfuhrkalender" enctype="multipart/form-data" noValidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <SelectField name="gemeinde" label={t("pwa.waste.municipality")} form={form} options={places} placeholder={t("pwa.waste.choose")} required />
        <TextField name="strasse" label={t("pwa.waste.staff.street")} hint={t("pwa.waste.staff.streetHint")} form={form} maxLength={200} />
        <FileField name="datei" label={t("pwa.waste.staff.file")} error={fileError} accept=".ics,.csv,text/calendar,text/csv" />
        <div>
          <Button>{t("pwa.waste.staff.import")}</Button>
        </div>
      </form>
    </div>
  );
}

export async function wasteStaffRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const allowedPlaces = async (req: FastifyRequest) => {
    const scopes = await newsScopesOf(db, currentUser(req));
    const places = await listMunicipalities(db, servedKreise(config));
    return places.filter((p) => mayPublish(scopes, "kreis") || mayPublish(scopes, p.ags)).map((p) => ({ value: p.ags, label: p.short_name }));
  };
  const render = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200, notice?: string) => {
    const places = await allowedPlaces(req);
    return reply.page(req.t("pwa.waste.staff.title"), (ctx) => <WasteUploadPage ctx={ctx} form={form} places={places} notice={notice} />, { noindex: true, status });
  };

  app.get<{ Querystring: { strassen?: string; termine?: string } }>("/verwaltung/abfuhrkalender", { preHandler: requireStaff }, (req, reply) =>
    render(req, reply, emptyForm(), 200, req.query.termine ? req.t("pwa.waste.staff.done", { streets: Number(req.query.strassen) || 0, dates: Number(req.query.termine) || 0 }) : undefined),
  );

  app.post("/verwaltung/abfuhrkalender", { preHandler: requireStaff, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["gemeinde", "strasse"] as const);
    const form: FormState = { values, errors: {} };
    if (!(await allowedPlaces(req)).some((p) => p.value === values.gemeinde)) form.errors.gemeinde = t("pwa.waste.required");
    const upload = (req.uploads ?? []).find((f) => f.field === "datei");
    const text = upload && !upload.truncated ? await readFile(upload.tempPath, "utf8") : "";
    const isIcs = /BEGIN:VCALENDAR/.test(text.slice(0, 2000));
    if (!upload || !text) form.errors.datei = t("pwa.waste.staff.fileMissing");
    else if (isIcs && !values.strasse.trim()) form.errors.strasse = t("pwa.waste.streetRequired");
    if (Object.keys(form.errors).length) return render(req, reply, form, 422);
    const parsed = isIcs ? { entries: parseWasteIcs(text, values.strasse.trim()).entries } : parseWasteCsv(text);
    if (parsed.entries.length === 0) {
      form.errors.datei = t("pwa.waste.staff.fileEmpty");
      return render(req, reply, form, 422);
    }
    const res = await wasteImporter({ actor: req.actor(), db, requestId: req.id }, { ags: values.gemeinde, entries: parsed.entries, source: isIcs ? "ics" : "csv" });
    return reply.redirect(`/verwaltung/abfuhrkalender?strassen=${res.streets}&termine=${res.dates}`, 303);
  });
}
