/** Staff set which police station and bus operator are asked for the works in each municipality (migration 0050). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, Section, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { orgUnitsByKeys } from "../../responsibility/index.js";
import { authorizeEditPartyContacts } from "../policies.js";
import { listPartyContacts, type PartyContactRow } from "../queries.js";
import { partyContactSaver, type PartyContact } from "../commands/partyContacts.js";

const formLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };
type Place = { ags: string; name: string };
const FIELDS = ["polizeiName", "polizeiEmail", "busName", "busEmail"] as const;

function AreasPage({ ctx, places, contacts, notice }: { ctx: ViewContext; places: Place[]; contacts: PartyContactRow[]; notice?: string }) {
  const { t } = ctx;
  const cell = (ags: string, party: "police" | "bus") => {
    const c = contacts.find((x) => x.ags === ags && x.party === party);
    return c ? `${c.name} <${c.email}>${c.is_demo ? ` (${t("roadworks.areas.demo")})` : ""}` : t("roadworks.areas.fallback");
  };
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.areas.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">{t("roadworks.areas.intro")}</p>
      <DataTable
        caption={t("roadworks.areas.caption")}
        head={[t("roadworks.field.municipality"), t("roadworks.party.police"), t("roadworks.party.bus"), t("roadworks.areas.edit")]}
        rows={places.map((p) => [
          p.name,
          cell(p.ags, "police"),
          cell(p.ags, "bus"),
          <a class="kern-link" href={`/verwaltung/baustellen/beteiligte/${p.ags}`}>
            {t("roadworks.areas.editFor", { name: p.name })}
          </a>,
        ])}
      />
      <LinkLine href="/verwaltung/baustellen">{t("roadworks.staff.title")}</LinkLine>
    </div>
  );
}

function AreaForm({ ctx, place, form }: { ctx: ViewContext; place: Place; form: FormState }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("roadworks.areas.title")}>{place.name}</PageHeading>
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("roadworks.areas.formIntro")}</p>
      <form method="post" action={`/verwaltung/baustellen/beteiligte/${place.ags}`} novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <Section id="polizei" title={t("roadworks.party.police")}>
          <TextField name="polizeiName" label={t("roadworks.areas.name")} form={form} maxLength={200} />
          <TextField name="polizeiEmail" label={t("roadworks.areas.email")} form={form} type="email" maxLength={200} />
        </Section>
        <Section id="bus" title={t("roadworks.party.bus")}>
          <TextField name="busName" label={t("roadworks.areas.name")} form={form} maxLength={200} />
          <TextField name="busEmail" label={t("roadworks.areas.email")} form={form} type="email" maxLength={200} />
        </Section>
        <div>
          <Button>{t("roadworks.areas.save")}</Button>
        </div>
      </form>
      <LinkLine href="/verwaltung/baustellen/beteiligte">{t("roadworks.areas.back")}</LinkLine>
    </div>
  );
}

export async function areaPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async (): Promise<Place[]> => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));
  async function authorize(req: FastifyRequest) {
    const unit = (await orgUnitsByKeys(db, [`lra-${config.countyKey}-ordnung`]))[0];
    authorizeEditPartyContacts(req.user, unit?.id);
  }
  async function place(req: FastifyRequest<{ Params: { ags: string } }>) {
    await authorize(req);
    return (await places()).find((p) => p.ags === req.params.ags);
  }
  const renderForm = (req: FastifyRequest, reply: FastifyReply, p: Place, form: FormState, status = 200) => reply.page(`${req.t("roadworks.areas.title")}: ${p.name}`, (ctx) => <AreaForm ctx={ctx} place={p} form={form} />, { status, noindex: true });

  app.get<{ Querystring: { ok?: string } }>("/verwaltung/baustellen/beteiligte", { preHandler: requireStaff }, async (req, reply) => {
    await authorize(req);
    const [ps, contacts] = await Promise.all([places(), listPartyContacts(db)]);
    return reply.page(req.t("roadworks.areas.title"), (ctx) => <AreasPage ctx={ctx} places={ps} contacts={contacts} notice={req.query.ok ? req.t("roadworks.areas.saved") : undefined} />, { noindex: true });
  });

  app.get<{ Params: { ags: string } }>("/verwaltung/baustellen/beteiligte/:ags", { preHandler: requireStaff }, async (req, reply) => {
    const p = await place(req);
    if (!p) return reply.callNotFound();
    const rows = (await listPartyContacts(db)).filter((c) => c.ags === p.ags);
    const police = rows.find((c) => c.party === "police");
    const bus = rows.find((c) => c.party === "bus");
    return renderForm(req, reply, p, { values: { polizeiName: police?.name ?? "", polizeiEmail: police?.email ?? "", busName: bus?.name ?? "", busEmail: bus?.email ?? "" }, errors: {} });
  });

  app.post<{ Params: { ags: string } }>("/verwaltung/baustellen/beteiligte/:ags", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const p = await place(req);
    if (!p) return reply.callNotFound();
    const values = readForm(req.body, FIELDS);
    const form = validate(values, { polizeiName: [rules.maxLength(200)], busName: [rules.maxLength(200)], polizeiEmail: [rules.email(), rules.maxLength(200)], busEmail: [rules.email(), rules.maxLength(200)] }, req.t);
    // Name and address go together; both empty removes the area's contact (the county-wide address applies).
    const pair = (name: "polizeiName" | "busName", email: "polizeiEmail" | "busEmail"): PartyContact | null => {
      const n = values[name].trim();
      const e = values[email].trim();
      if (!n && !e) return null;
      if (!n) form.errors[name] ??= req.t("roadworks.areas.nameMissing");
      if (!e) form.errors[email] ??= req.t("roadworks.areas.emailMissing");
      return { name: n, email: e };
    };
    const contacts = { police: pair("polizeiName", "polizeiEmail"), bus: pair("busName", "busEmail") };
    if (hasErrors(form)) return renderForm(req, reply, p, form, 422);
    await partyContactSaver({ actor: req.actor(), db, requestId: req.id }, p.ags, contacts);
    return reply.redirect("/verwaltung/baustellen/beteiligte?ok=1", 303);
  });
}
