/**
 * The administration's list of destinations (Fachverfahren receiving submissions): add one with its binding
 * (responsible office or AGS prefix), Submission API URL and public key (JWK), change it in place (a key rotation
 * keeps the destination and its log), deactivate or reactivate it. Errors next to the field with a summary; what was
 * typed is kept.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ViewContext } from "../../../platform/views/context.js";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { isUuid } from "../../../platform/keys.js";
import { checkDestination, destinationAdder, destinationDeactivator, destinationReactivator, destinationUpdater, type DestinationProps } from "../commands/destinationEditor.js";
import { authorizeDeliveries } from "../policies.js";
import { findDestination, listDestinations } from "../queries.js";

const PATH = "/verwaltung/zustellungen/ziele";
const FIELDS = ["name", "leikaKey", "officeKey", "agsPrefix", "submissionUrl", "publicJwk"] as const;
const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };

type Row = Awaited<ReturnType<typeof listDestinations>>[number];

export function DestinationsPage({ ctx, rows, form, notice }: { ctx: ViewContext; rows: Row[]; form: FormState; notice?: string }) {
  const { t } = ctx;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`interop.destinations.field.${f}`)]));
  return (
    <div class="kern-stack">
      <PageHeading>{t("interop.destinations.title")}</PageHeading>
      {notice && <Alert kind="success" title={t(notice)} />}
      <p class="kern-body">{t("interop.destinations.intro")}</p>
      <LinkLine href="/verwaltung/zustellungen">{t("interop.destinations.toLog")}</LinkLine>
      {rows.length === 0 ? (
        <p class="kern-body">{t("interop.destinations.none")}</p>
      ) : (
        <DataTable
          caption={t("interop.destinations.title")}
          head={[labels.name!, labels.leikaKey!, t("interop.destinations.binding"), labels.submissionUrl!, t("interop.destinations.kid"), t("interop.deliveries.actions")]}
          rows={rows.map((r) => [
            r.active ? r.name : `${r.name} (${t("interop.destinations.inactive")})`,
            r.leika_key,
            r.office_key ? t("interop.destinations.boundOffice", { key: r.office_key }) : r.ags_prefix ? t("interop.destinations.boundAgs", { prefix: r.ags_prefix }) : t("interop.destinations.everywhere"),
            r.submission_url,
            String(r.public_jwk.kid ?? "–"),
            <div class="kern-stack">
              <a class="kern-link" href={`${PATH}/${r.id}`}>
                {t("interop.destinations.edit")}
                <span class="kern-sr-only"> {r.name}</span>
              </a>
              <form method="post" action={`${PATH}/${r.id}/${r.active ? "deaktivieren" : "aktivieren"}`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">
                  {t(r.active ? "interop.destinations.deactivate" : "interop.destinations.reactivate")}
                  <span class="kern-sr-only"> {r.name}</span>
                </Button>
              </form>
            </div>,
          ])}
        />
      )}
      <section aria-labelledby="add-heading" class="kern-stack">
        <h2 class="kern-heading-medium" id="add-heading">{t("interop.destinations.add")}</h2>
        <DestinationForm ctx={ctx} form={form} action={PATH} />
      </section>
    </div>
  );
}

function DestinationForm({ ctx, form, action }: { ctx: ViewContext; form: FormState; action: string }) {
  const { t } = ctx;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`interop.destinations.field.${f}`)]));
  return (
    <>
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="post" action={action} class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={labels.name!} form={form} required maxLength={200} />
        <TextField name="leikaKey" label={labels.leikaKey!} hint={t("interop.destinations.hint.leikaKey")} form={form} required inputMode="numeric" width={20} />
        <TextField name="officeKey" label={labels.officeKey!} hint={t("interop.destinations.hint.officeKey")} form={form} width={30} />
        <TextField name="agsPrefix" label={labels.agsPrefix!} hint={t("interop.destinations.hint.agsPrefix")} form={form} inputMode="numeric" width={12} />
        <TextField name="submissionUrl" label={labels.submissionUrl!} hint={t("interop.destinations.hint.submissionUrl")} form={form} required />
        <TextArea name="publicJwk" label={labels.publicJwk!} hint={t("interop.destinations.hint.publicJwk")} form={form} rows={8} />
        <Button>{t("interop.destinations.save")}</Button>
      </form>
    </>
  );
}

function EditDestinationPage({ ctx, name, id, form }: { ctx: ViewContext; name: string; id: string; form: FormState }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("interop.destinations.editTitle", { name })}</PageHeading>
      <p class="kern-body">{t("interop.destinations.editIntro")}</p>
      <LinkLine href={PATH}>{t("interop.destinations.toList")}</LinkLine>
      <DestinationForm ctx={ctx} form={form} action={`${PATH}/${id}`} />
    </div>
  );
}

/** The typed form as checked props plus the message keys of what is wrong (empty = fine). */
async function readDestination(req: FastifyRequest, db: FastifyInstance["deps"]["db"], httpsOnly: boolean): Promise<{ values: Record<string, string>; props: DestinationProps; keys: Record<string, string> }> {
  const values = readForm(req.body, FIELDS);
  let jwk: Record<string, unknown> = {};
  let jwkReadable = true;
  try {
    const parsed = JSON.parse(values.publicJwk) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) jwk = parsed as Record<string, unknown>;
    else jwkReadable = false;
  } catch {
    jwkReadable = false;
  }
  const props = { name: values.name, leikaKey: values.leikaKey.replace(/\s/g, ""), officeKey: values.officeKey.trim() || undefined, agsPrefix: values.agsPrefix.trim() || undefined, submissionUrl: values.submissionUrl.trim(), publicJwk: jwk };
  const keys = await checkDestination({ actor: req.actor(), db, requestId: req.id }, props, { httpsOnly });
  if (!jwkReadable) keys.publicJwk = "interop.destinations.error.json";
  return { values, props, keys };
}

const formErrors = (req: FastifyRequest, values: Record<string, string>, keys: Record<string, string>): FormState => ({ values, errors: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, req.t(v)])) });

export async function destinationPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });
  app.get<{ Querystring: { ok?: string } }>(PATH, { preHandler: requireStaff }, async (req, reply) => {
    authorizeDeliveries(req.user);
    const rows = await listDestinations(db);
    const notice = { gespeichert: "interop.destinations.saved", geaendert: "interop.destinations.changed", deaktiviert: "interop.destinations.deactivated", aktiviert: "interop.destinations.reactivated" }[req.query.ok ?? ""];
    return reply.page(req.t("interop.destinations.title"), (ctx) => <DestinationsPage ctx={ctx} rows={rows} form={{ values: {}, errors: {} }} notice={notice} />, { noindex: true });
  });

  app.post(PATH, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
    const { values, props, keys } = await readDestination(req, db, config.env === "production");
    if (Object.keys(keys).length > 0) {
      const rows = await listDestinations(db);
      return reply.page(req.t("interop.destinations.title"), (ctx) => <DestinationsPage ctx={ctx} rows={rows} form={formErrors(req, values, keys)} />, { noindex: true, status: 422 });
    }
    await destinationAdder(ctxOf(req), props);
    return reply.redirect(`${PATH}?ok=gespeichert`, 303);
  });

  app.get<{ Params: { id: string } }>(`${PATH}/:id`, { preHandler: requireStaff }, async (req, reply) => {
    authorizeDeliveries(req.user);
    const row = isUuid(req.params.id) ? await findDestination(db, req.params.id) : undefined;
    if (!row) return reply.callNotFound();
    const values = { name: row.name, leikaKey: row.leika_key, officeKey: row.office_key ?? "", agsPrefix: row.ags_prefix, submissionUrl: row.submission_url, publicJwk: JSON.stringify(row.public_jwk, null, 2) };
    return reply.page(req.t("interop.destinations.editTitle", { name: row.name }), (ctx) => <EditDestinationPage ctx={ctx} name={row.name} id={row.id} form={{ values, errors: {} }} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>(`${PATH}/:id`, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
    const row = isUuid(req.params.id) ? await findDestination(db, req.params.id) : undefined;
    if (!row) return reply.callNotFound();
    const { values, props, keys } = await readDestination(req, db, config.env === "production");
    if (Object.keys(keys).length > 0) return reply.page(req.t("interop.destinations.editTitle", { name: row.name }), (ctx) => <EditDestinationPage ctx={ctx} name={row.name} id={row.id} form={formErrors(req, values, keys)} />, { noindex: true, status: 422 });
    await destinationUpdater(ctxOf(req), row.id, props);
    return reply.redirect(`${PATH}?ok=geaendert`, 303);
  });

  app.post<{ Params: { id: string } }>(`${PATH}/:id/aktivieren`, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
    if (!isUuid(req.params.id)) return reply.callNotFound();
    const ok = await destinationReactivator(ctxOf(req), req.params.id);
    return ok ? reply.redirect(`${PATH}?ok=aktiviert`, 303) : reply.callNotFound();
  });

  app.post<{ Params: { id: string } }>(`${PATH}/:id/deaktivieren`, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
    if (!isUuid(req.params.id)) return reply.callNotFound();
    const ok = await destinationDeactivator(ctxOf(req), req.params.id);
    return ok ? reply.redirect(`${PATH}?ok=deaktiviert`, 303) : reply.callNotFound();
  });
}
