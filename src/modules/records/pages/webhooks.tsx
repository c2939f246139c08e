/** Staff page for webhooks of the E-Akte: endpoints of the user's departments, dead letters with replay. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { orgUnitsByIds } from "../../responsibility/index.js";
import { WEBHOOK_EVENTS, webhookRegistrar, webhookReplayer, type WebhookEvent } from "../commands/webhooks.js";

type Hook = { id: string; url: string; events: string[]; unit_id: string; created_at: Date };
type Dead = { id: string; event: string; url: string; attempts: number; last_error: string | null; dead_at: Date | null };

function WebhooksPage(props: { ctx: ViewContext; hooks: Hook[]; dead: Dead[]; units: Array<{ id: string; name: string }>; form: FormState; secret?: string; notice?: string }) {
  const { ctx, hooks, dead, units, form, secret, notice } = props;
  const { t } = ctx;
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.webhooks.title")}</PageHeading>
      {secret && (
        <Alert kind="success" title={t("records.webhooks.created")}>
          <p class="kern-body">
            <code>{secret}</code>
          </p>
        </Alert>
      )}
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("records.webhooks.intro")}</p>
      <Section id="endpunkte" title={t("records.webhooks.list")}>
        {hooks.length === 0 ? (
          <p class="kern-body">{t("records.webhooks.none")}</p>
        ) : (
          <ul class="kern-list">
            {hooks.map((h) => (
              <li>
                {h.url} – {h.events.join(", ")} ({unitName(h.unit_id)})
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="neu" title={t("records.webhooks.new")}>
        <form method="post" action="/verwaltung/akten/webhooks" class="kern-stack kp-narrow" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <SelectField name="einheit" label={t("records.webhooks.unit")} form={form} options={units.map((u) => ({ value: u.id, label: u.name }))} placeholder={t("records.webhooks.choose")} required />
          <TextField name="url" label={t("records.webhooks.url")} hint={t("records.webhooks.urlHint")} form={form} required maxLength={500} />
          <CheckboxGroup name="ereignisse" label={t("records.webhooks.events")} form={form} options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: t(`records.webhooks.event.${e}`) }))} />
          <Button variant="secondary">{t("records.webhooks.submit")}</Button>
        </form>
      </Section>
      <Section id="unzustellbar" title={t("records.webhooks.dead")}>
        {dead.length === 0 ? (
          <p class="kern-body">{t("records.webhooks.noDead")}</p>
        ) : (
          <ul class="kern-list kp-plain-list">
            {dead.map((d) => (
              <li>
                <p class="kern-body">{t("records.webhooks.deadItem", { event: d.event, url: d.url, attempts: d.attempts, error: d.last_error ?? "", at: d.dead_at ? formatDateTime(d.dead_at, ctx.locale) : "" })}</p>
                <form method="post" action={`/verwaltung/akten/webhooks/zustellungen/${d.id}`}>
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="secondary">{t("records.webhooks.replay")}</Button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

export async function webhookPages(app: FastifyInstance) {
  const { db } = app.deps;
  const render = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200, extra: { secret?: string; notice?: string } = {}) => {
    const unitIds = req.user!.orgUnitIds;
    const units = (await orgUnitsByIds(db, unitIds)).map((u) => ({ id: u.id, name: u.name }));
    const hooks = unitIds.length ? await db.selectFrom("records_webhooks").select(["id", "url", "events", "unit_id", "created_at"]).where("unit_id", "in", unitIds).where("disabled_at", "is", null).orderBy("created_at").execute() : [];
    const dead = unitIds.length
      ? await db.selectFrom("records_webhook_deliveries as d").innerJoin("records_webhooks as w", "w.id", "d.webhook_id").select(["d.id", "d.event", "w.url", "d.attempts", "d.last_error", "d.dead_at"]).where("w.unit_id", "in", unitIds).where("d.dead_at", "is not", null).orderBy("d.dead_at", "desc").limit(100).execute()
      : [];
    return reply.page(req.t("records.webhooks.title"), (ctx) => <WebhooksPage ctx={ctx} hooks={hooks} dead={dead} units={units} form={form} {...extra} />, { status, noindex: true });
  };

  app.get<{ Querystring: { ok?: string } }>("/verwaltung/akten/webhooks", { preHandler: requireStaff }, async (req, reply) => render(req, reply, emptyForm(), 200, req.query.ok ? { notice: req.t("records.webhooks.replayed") } : {}));

  app.post("/verwaltung/akten/webhooks", { preHandler: requireStaff, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) => {
    const values = readForm(req.body, ["einheit", "url"] as const);
    const raw = (req.body as Record<string, unknown> | undefined)?.ereignisse;
    const events = WEBHOOK_EVENTS.filter((e) => (Array.isArray(raw) ? raw : [raw]).includes(e));
    const form = validate({ ...values, ereignisse: events.join(" ") }, { url: [rules.required(), rules.maxLength(500)] }, req.t);
    if (!form.errors.url && !/^https?:\/\/[^\s]+$/.test(values.url)) form.errors.url = req.t("records.webhooks.urlInvalid");
    if (!req.user!.orgUnitIds.includes(values.einheit)) form.errors.einheit = req.t("records.webhooks.unitMissing");
    if (!events.length) form.errors.ereignisse = req.t("records.webhooks.eventsMissing");
    if (Object.keys(form.errors).length) return render(req, reply, form, 422);
    const created = await webhookRegistrar({ actor: req.actor(), db, requestId: req.id }, { unitId: values.einheit, url: values.url, events: events as WebhookEvent[], userId: req.user!.id });
    return render(req, reply, emptyForm(), 201, { secret: created.secret });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/webhooks/zustellungen/:id", { preHandler: requireStaff, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.callNotFound();
    const d = await db.selectFrom("records_webhook_deliveries as d").innerJoin("records_webhooks as w", "w.id", "d.webhook_id").select(["w.unit_id"]).where("d.id", "=", req.params.id).executeTakeFirst();
    if (!d || !req.user!.orgUnitIds.includes(d.unit_id)) return reply.callNotFound();
    await webhookReplayer({ actor: req.actor(), db, requestId: req.id }, { deliveryId: req.params.id });
    return reply.redirect("/verwaltung/akten/webhooks?ok=1", 303);
  });
}
