/**
 * Staff page for webhooks of the E-Akte: receivers of the user's departments (administrators: all) with
 * disable / re-enable and secret rotation (ADR 0062), dead letters with replay.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { orgUnitsByIds } from "../../responsibility/index.js";
import { WEBHOOK_EVENTS, webhookDeleter, webhookRegistrar, webhookReplayer, webhookSecretRotator, webhookSwitcher, type WebhookEvent } from "../commands/webhooks.js";
import { webhookHostPolicy, webhookUrlRefusal } from "../webhookHosts.js";
import type { Db } from "../../../platform/db/index.js";
import type { SessionUser } from "../../../platform/auth/session.js";

type Hook = { id: string; url: string; events: string[]; unit_id: string; created_at: Date; disabled_at: Date | null; secret_rotated_at: Date | null; waiting: number };

/** The receiver if the user may manage it: a member of its department, or an administrator. */
async function manageableHook(db: Db, user: SessionUser, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const h = await db.selectFrom("records_webhooks").select(["id", "unit_id"]).where("id", "=", id).executeTakeFirst();
  return h && (user.isAdmin || user.orgUnitIds.includes(h.unit_id)) ? h : undefined;
}
const hostForMessage = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};
type Dead = { id: string; event: string; url: string; attempts: number; last_error: string | null; dead_at: Date | null };

function WebhooksPage(props: { ctx: ViewContext; hooks: Hook[]; dead: Dead[]; units: Array<{ id: string; name: string }>; hookUnits: Array<{ id: string; name: string }>; form: FormState; secret?: string; rotated?: string; notice?: string }) {
  const { ctx, hooks, dead, units, hookUnits, form, secret, rotated, notice } = props;
  const { t } = ctx;
  const unitName = (id: string) => hookUnits.find((u) => u.id === id)?.name ?? id;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.webhooks.title")}</PageHeading>
      {secret && !rotated && (
        <Alert kind="success" title={t("records.webhooks.created")}>
          <p class="kern-body">
            <code>{secret}</code>
          </p>
        </Alert>
      )}
      {rotated && (
        <Alert kind="success" title={t("records.webhooks.rotated", { url: rotated })}>
          <p class="kern-body">
            <code>{secret}</code>
          </p>
        </Alert>
      )}
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("records.webhooks.intro")}</p>
      <p class="kern-body">{t("records.webhooks.manageIntro")}</p>
      <Section id="endpunkte" title={t("records.webhooks.list")}>
        {hooks.length === 0 ? (
          <p class="kern-body">{t("records.webhooks.none")}</p>
        ) : (
          <ul class="kern-list kp-plain-list">
            {hooks.map((h) => (
              <li>
                <p class="kern-body">
                  {h.url} – {h.events.join(", ")} ({unitName(h.unit_id)})
                </p>
                <p class="kern-body">
                  {h.disabled_at ? t("records.webhooks.disabledSince", { at: formatDateTime(h.disabled_at, ctx.locale), waiting: h.waiting }) : t("records.webhooks.active")}
                  {h.secret_rotated_at ? ` ${t("records.webhooks.rotatedAt", { at: formatDateTime(h.secret_rotated_at, ctx.locale) })}` : ""}
                </p>
                <form method="post" action={`/verwaltung/akten/webhooks/${h.id}/status`} class="kp-inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="aktiv" value={h.disabled_at ? "ja" : "nein"} />
                  <Button variant="secondary">{h.disabled_at ? t("records.webhooks.enable") : t("records.webhooks.disable")}</Button>
                </form>
                <form method="post" action={`/verwaltung/akten/webhooks/${h.id}/geheimnis`} class="kp-inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="secondary">{t("records.webhooks.rotate")}</Button>
                </form>
                <p class="kern-body">
                  <a class="kern-link" href={`/verwaltung/akten/webhooks/${h.id}/loeschen`}>
                    {t("records.webhooks.delete", { url: h.url })}
                  </a>
                </p>
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

/** Confirmation before a receiver is deleted: its address, and how many deliveries are dropped with it. */
function DeleteWebhookPage(props: { ctx: ViewContext; hook: { id: string; url: string; events: string[] }; unitName: string; waiting: number; dead: number }) {
  const { ctx, hook, unitName, waiting, dead } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.webhooks.deleteTitle")}</PageHeading>
      <p class="kern-body">{t("records.webhooks.deleteQuestion", { url: hook.url, unit: unitName, events: hook.events.join(", ") })}</p>
      <p class="kern-body">{t("records.webhooks.deleteDrops", { waiting, dead })}</p>
      <form method="post" action={`/verwaltung/akten/webhooks/${hook.id}/loeschen`} class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <Button variant="primary">{t("records.webhooks.deleteConfirm")}</Button>
      </form>
      <LinkLine href="/verwaltung/akten/webhooks">{t("records.webhooks.deleteCancel")}</LinkLine>
    </div>
  );
}

export async function webhookPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const render = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200, extra: { secret?: string; rotated?: string; notice?: string } = {}) => {
    const unitIds = req.user!.orgUnitIds;
    const units = (await orgUnitsByIds(db, unitIds)).map((u) => ({ id: u.id, name: u.name }));
    // Administrators see (and manage) the receivers of every department; staff those of their own.
    const all = req.user!.isAdmin;
    const hooks: Hook[] =
      all || unitIds.length
        ? (
            await db
              .selectFrom("records_webhooks as w")
              .select((eb) => [
                "w.id", "w.url", "w.events", "w.unit_id", "w.created_at", "w.disabled_at", "w.secret_rotated_at",
                eb.selectFrom("records_webhook_deliveries as d").select((e) => e.fn.countAll<string>().as("n")).whereRef("d.webhook_id", "=", "w.id").where("d.delivered_at", "is", null).where("d.dead_at", "is", null).as("waiting"),
              ])
              .$if(!all, (q) => q.where("w.unit_id", "in", unitIds))
              .orderBy("w.created_at")
              .limit(500)
              .execute()
          ).map((h) => ({ ...h, waiting: Number(h.waiting ?? 0) }))
        : [];
    const hookUnits = (await orgUnitsByIds(db, [...new Set(hooks.map((h) => h.unit_id))])).map((u) => ({ id: u.id, name: u.name }));
    const dead = unitIds.length
      ? await db.selectFrom("records_webhook_deliveries as d").innerJoin("records_webhooks as w", "w.id", "d.webhook_id").select(["d.id", "d.event", "w.url", "d.attempts", "d.last_error", "d.dead_at"]).where("w.unit_id", "in", unitIds).where("d.dead_at", "is not", null).orderBy("d.dead_at", "desc").limit(100).execute()
      : [];
    return reply.page(req.t("records.webhooks.title"), (ctx) => <WebhooksPage ctx={ctx} hooks={hooks} dead={dead} units={units} hookUnits={hookUnits} form={form} {...extra} />, { status, noindex: true });
  };

  const notices: Record<string, string> = { "1": "records.webhooks.replayed", aus: "records.webhooks.disabledNotice", an: "records.webhooks.enabledNotice", geloescht: "records.webhooks.deletedNotice" };
  app.get<{ Querystring: { ok?: string } }>("/verwaltung/akten/webhooks", { preHandler: requireStaff }, async (req, reply) => {
    const notice = req.query.ok ? notices[req.query.ok] : undefined;
    return render(req, reply, emptyForm(), 200, notice ? { notice: req.t(notice) } : {});
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/webhooks/:id/status", { preHandler: requireStaff, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    const hook = await manageableHook(db, req.user!, req.params.id);
    if (!hook) return reply.callNotFound();
    const on = readForm(req.body, ["aktiv"] as const).aktiv === "ja";
    await webhookSwitcher({ actor: req.actor(), db, requestId: req.id }, { webhookId: hook.id, on, userId: req.user!.id });
    return reply.redirect(`/verwaltung/akten/webhooks?ok=${on ? "an" : "aus"}`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/webhooks/:id/geheimnis", { preHandler: requireStaff, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) => {
    const hook = await manageableHook(db, req.user!, req.params.id);
    if (!hook) return reply.callNotFound();
    const rotated = await webhookSecretRotator({ actor: req.actor(), db, requestId: req.id }, { webhookId: hook.id });
    if (!rotated) return reply.callNotFound();
    const url = (await db.selectFrom("records_webhooks").select("url").where("id", "=", hook.id).executeTakeFirstOrThrow()).url;
    // The new secret is on this answer only: never cached.
    reply.header("cache-control", "no-store");
    return render(req, reply, emptyForm(), 200, { secret: rotated.secret, rotated: url });
  });

  app.post("/verwaltung/akten/webhooks", { preHandler: requireStaff, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) => {
    const values = readForm(req.body, ["einheit", "url"] as const);
    const raw = (req.body as Record<string, unknown> | undefined)?.ereignisse;
    const events = WEBHOOK_EVENTS.filter((e) => (Array.isArray(raw) ? raw : [raw]).includes(e));
    const form = validate({ ...values, ereignisse: events.join(" ") }, { url: [rules.required(), rules.maxLength(500)] }, req.t);
    if (!form.errors.url && !/^https?:\/\/[^\s]+$/.test(values.url)) form.errors.url = req.t("records.webhooks.urlInvalid");
    // Where a receiver may point (ADR 0077): the allow-list, or in production no internal address.
    if (!form.errors.url) {
      const { refusal } = await webhookUrlRefusal(values.url, webhookHostPolicy(config));
      if (refusal) form.errors.url = req.t(`records.webhooks.host.${refusal}`, { host: hostForMessage(values.url), hosts: (config.records.webhookAllowedHosts ?? []).join(", ") });
    }
    if (!req.user!.orgUnitIds.includes(values.einheit)) form.errors.einheit = req.t("records.webhooks.unitMissing");
    if (!events.length) form.errors.ereignisse = req.t("records.webhooks.eventsMissing");
    if (Object.keys(form.errors).length) return render(req, reply, form, 422);
    const created = await webhookRegistrar({ actor: req.actor(), db, requestId: req.id }, { unitId: values.einheit, url: values.url, events: events as WebhookEvent[], userId: req.user!.id });
    reply.header("cache-control", "no-store");
    return render(req, reply, emptyForm(), 201, { secret: created.secret });
  });

  // Deleting a receiver: a confirmation page, then the deletion (its deliveries are dropped with it).
  app.get<{ Params: { id: string } }>("/verwaltung/akten/webhooks/:id/loeschen", { preHandler: requireStaff }, async (req, reply) => {
    const hook = await manageableHook(db, req.user!, req.params.id);
    if (!hook) return reply.callNotFound();
    const full = await db.selectFrom("records_webhooks").select(["id", "url", "events", "unit_id"]).where("id", "=", hook.id).executeTakeFirstOrThrow();
    const counts = await db
      .selectFrom("records_webhook_deliveries")
      .select((eb) => [eb.fn.countAll<string>().filterWhere("delivered_at", "is", null).filterWhere("dead_at", "is", null).as("waiting"), eb.fn.countAll<string>().filterWhere("dead_at", "is not", null).as("dead")])
      .where("webhook_id", "=", hook.id)
      .executeTakeFirstOrThrow();
    const unitName = (await orgUnitsByIds(db, [full.unit_id]))[0]?.name ?? full.unit_id;
    return reply.page(req.t("records.webhooks.deleteTitle"), (ctx) => <DeleteWebhookPage ctx={ctx} hook={full} unitName={unitName} waiting={Number(counts.waiting)} dead={Number(counts.dead)} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/webhooks/:id/loeschen", { preHandler: requireStaff, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) => {
    const hook = await manageableHook(db, req.user!, req.params.id);
    if (!hook) return reply.callNotFound();
    if (!(await webhookDeleter({ actor: req.actor(), db, requestId: req.id }, { webhookId: hook.id }))) return reply.callNotFound();
    return reply.redirect("/verwaltung/akten/webhooks?ok=geloescht", 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/webhooks/zustellungen/:id", { preHandler: requireStaff, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.callNotFound();
    const d = await db.selectFrom("records_webhook_deliveries as d").innerJoin("records_webhooks as w", "w.id", "d.webhook_id").select(["w.unit_id"]).where("d.id", "=", req.params.id).executeTakeFirst();
    if (!d || !req.user!.orgUnitIds.includes(d.unit_id)) return reply.callNotFound();
    await webhookReplayer({ actor: req.actor(), db, requestId: req.id }, { deliveryId: req.params.id });
    return reply.redirect("/verwaltung/akten/webhooks?ok=1", 303);
  });
}
