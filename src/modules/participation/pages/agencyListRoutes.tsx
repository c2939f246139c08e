/**
 * The county's master list of agencies (Träger öffentlicher Belange, § 4 BauGB; ADR 0064):
 * `/verwaltung/beteiligung/traeger` (list), `…/traeger/neu` (add), `…/traeger/<id>` (change, deactivate).
 * Kept by administrators and staff of a municipal or the county authority (policies.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, CsrfField, DataTable, ErrorSummary, FormActions, LinkLine, PageHeading, RadioGroup, SelectField, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import { orgUnitsByIds } from "../../responsibility/index.js";
import { agencyListSaver, type AgencyFields } from "../commands/agencyList.js";
import { AGENCY_KINDS, type AgencyKind } from "../db.js";
import { canKeepAgencyList } from "../policies.js";
import { findListedAgency, listAgencyList, listedAgencyLabel, type ListedAgency } from "../queries.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const BASE = "/verwaltung/beteiligung/traeger";
const FIELDS = ["name", "abteilung", "strasse", "plz", "ort", "email", "art", "status"] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** "Zähringerallee 3, 75177 Pforzheim" (parts that exist). */
export const agencyAddress = (a: Pick<ListedAgency, "street" | "postcode" | "city">) => [a.street, [a.postcode, a.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");

const labelsOf = (t: ViewContext["t"]) => ({
  name: t("participation.agencyList.name"),
  abteilung: t("participation.agencyList.department"),
  strasse: t("participation.agencyList.street"),
  plz: t("participation.agencyList.postcode"),
  ort: t("participation.agencyList.city"),
  email: t("participation.agencyList.email"),
  art: t("participation.agencyList.kind"),
  status: t("participation.agencyList.state"),
});

function AgencyListPage({ ctx, agencies, notice }: { ctx: ViewContext; agencies: ListedAgency[]; notice?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      {notice && <Alert kind="success" title={notice} />}
      <PageHeading>{t("participation.agencyList.title")}</PageHeading>
      <p class="kern-body">{t("participation.agencyList.intro")}</p>
      <LinkLine href={`${BASE}/neu`}>{t("participation.agencyList.add")}</LinkLine>
      {agencies.length === 0 ? (
        <p class="kern-body">{t("participation.agencyList.none")}</p>
      ) : (
        <DataTable
          caption={t("participation.agencyList.title")}
          head={[t("participation.agencyList.col.name"), t("participation.agencyList.col.kind"), t("participation.agencyList.col.email"), t("participation.agencyList.col.address"), t("participation.agencyList.col.state")]}
          rows={agencies.map((a) => [
            <a class="kern-link" href={`${BASE}/${a.id}`}>
              {listedAgencyLabel(a)}
            </a>,
            t(`participation.agencyList.kind.${a.kind}`),
            a.email,
            agencyAddress(a),
            [t(a.active ? "participation.agencyList.active" : "participation.agencyList.inactive"), a.demo ? ` (${t("participation.agencyList.demo")})` : ""].join(""),
          ])}
        />
      )}
      <LinkLine href="/verwaltung/beteiligung">{t("participation.staff.title")}</LinkLine>
    </div>
  );
}

function AgencyFormPage({ ctx, form, action, title }: { ctx: ViewContext; form: FormState; action: string; title: string }) {
  const { t } = ctx;
  const labels = labelsOf(t);
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading preline={t("participation.agencyList.title")}>{title}</PageHeading>
      <form method="post" action={action} novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={labels.name} form={form} required maxLength={200} autocomplete="organization" />
        <TextField name="abteilung" label={labels.abteilung} form={form} maxLength={200} />
        <TextField name="email" type="email" label={labels.email} hint={t("participation.agencyList.emailHint")} form={form} required maxLength={254} autocomplete="email" />
        <TextField name="strasse" label={labels.strasse} form={form} maxLength={200} autocomplete="street-address" />
        <TextField name="plz" label={labels.plz} form={form} maxLength={5} inputMode="numeric" autocomplete="postal-code" width={8} />
        <TextField name="ort" label={labels.ort} form={form} maxLength={100} autocomplete="address-level2" />
        <SelectField name="art" label={labels.art} form={form} required placeholder={t("participation.agencyList.error.choice")} options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`participation.agencyList.kind.${k}`) }))} />
        <RadioGroup
          name="status"
          label={labels.status}
          hint={t("participation.agencyList.stateHint")}
          form={form}
          required
          options={[
            { value: "aktiv", label: t("participation.agencyList.active") },
            { value: "inaktiv", label: t("participation.agencyList.inactive") },
          ]}
        />
        <FormActions submit={t("participation.agencyList.save")} cancelHref={BASE} cancelLabel={t("participation.agencyList.cancel")} />
      </form>
    </div>
  );
}

const valuesOf = (a: ListedAgency): Values => ({ name: a.name, abteilung: a.department ?? "", strasse: a.street ?? "", plz: a.postcode ?? "", ort: a.city ?? "", email: a.email, art: a.kind, status: a.active ? "aktiv" : "inaktiv" });

/** Reads and checks the entry form; `fields` only when there are no errors. */
function readAgencyForm(body: unknown, t: FastifyRequest["t"]): { form: FormState; fields?: AgencyFields } {
  const values = readForm(body, FIELDS);
  const form = validate(values, {
    name: [rules.required("participation.agencyList.error.name"), rules.minLength(2), rules.maxLength(200)],
    abteilung: [rules.maxLength(200)],
    strasse: [rules.maxLength(200)],
    ort: [rules.maxLength(100)],
    email: [rules.required(), rules.email(), rules.maxLength(254)],
  }, t);
  if (values.plz !== "" && !/^[0-9]{5}$/.test(values.plz)) form.errors.plz = t("participation.agencyList.error.postcode");
  if (!AGENCY_KINDS.includes(values.art as AgencyKind)) form.errors.art = t("participation.agencyList.error.choice");
  if (values.status !== "aktiv" && values.status !== "inaktiv") form.errors.status = t("participation.agencyList.error.choice");
  if (Object.keys(form.errors).length) return { form };
  const opt = (v: string) => (v === "" ? null : v.replace(/\s+/g, " "));
  return {
    form,
    fields: { name: values.name.replace(/\s+/g, " "), department: opt(values.abteilung), street: opt(values.strasse), postcode: opt(values.plz), city: opt(values.ort), email: values.email, kind: values.art as AgencyKind, active: values.status === "aktiv" },
  };
}

export async function participationAgencyListPages(app: FastifyInstance) {
  const { db } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  async function authorize(req: FastifyRequest) {
    const units = await orgUnitsByIds(db, req.user?.orgUnitIds ?? []);
    if (!canKeepAgencyList(req.user, units.map((u) => u.kind))) throw new ForbiddenError("Keine Berechtigung für die Liste der Träger öffentlicher Belange");
  }

  const renderForm = (req: FastifyRequest, reply: FastifyReply, form: FormState, action: string, title: string, status = 200) =>
    reply.page(title, (ctx) => <AgencyFormPage ctx={ctx} form={form} action={action} title={title} />, { status, noindex: true });

  app.get<{ Querystring: { gespeichert?: string } }>(BASE, { preHandler: requireStaff }, async (req, reply) => {
    await authorize(req);
    const agencies = await listAgencyList(db);
    return reply.page(req.t("participation.agencyList.title"), (ctx) => <AgencyListPage ctx={ctx} agencies={agencies} notice={req.query.gespeichert === "1" ? req.t("participation.agencyList.saved") : undefined} />, { noindex: true });
  });

  app.get(`${BASE}/neu`, { preHandler: requireStaff }, async (req, reply) => {
    await authorize(req);
    return renderForm(req, reply, emptyForm({ status: "aktiv" }), `${BASE}/neu`, req.t("participation.agencyList.newTitle"));
  });

  app.post(`${BASE}/neu`, { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    await authorize(req);
    const title = req.t("participation.agencyList.newTitle");
    const { form, fields } = readAgencyForm(req.body, req.t);
    if (!fields) return renderForm(req, reply, form, `${BASE}/neu`, title, 422);
    const result = await agencyListSaver(ctxOf(req), { fields, userId: req.user!.id });
    if (!result.ok) return renderForm(req, reply, { ...form, errors: { name: req.t("participation.agencyList.error.duplicate") } }, `${BASE}/neu`, title, 409);
    return reply.redirect(`${BASE}?gespeichert=1`, 303);
  });

  app.get<{ Params: { agency: string } }>(`${BASE}/:agency`, { preHandler: requireStaff }, async (req, reply) => {
    await authorize(req);
    const a = await findListedAgency(db, req.params.agency);
    if (!a) return reply.callNotFound();
    return renderForm(req, reply, emptyForm(valuesOf(a)), `${BASE}/${a.id}`, req.t("participation.agencyList.editTitle", { name: listedAgencyLabel(a) }));
  });

  app.post<{ Params: { agency: string } }>(`${BASE}/:agency`, { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    await authorize(req);
    const a = await findListedAgency(db, req.params.agency);
    if (!a) return reply.callNotFound();
    const title = req.t("participation.agencyList.editTitle", { name: listedAgencyLabel(a) });
    const { form, fields } = readAgencyForm(req.body, req.t);
    if (!fields) return renderForm(req, reply, form, `${BASE}/${a.id}`, title, 422);
    const result = await agencyListSaver(ctxOf(req), { id: a.id, fields, userId: req.user!.id });
    if (!result.ok) return result.reason === "missing" ? reply.callNotFound() : renderForm(req, reply, { ...form, errors: { name: req.t("participation.agencyList.error.duplicate") } }, `${BASE}/${a.id}`, title, 409);
    return reply.redirect(`${BASE}?gespeichert=1`, 303);
  });
}
