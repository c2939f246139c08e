/**
 * The administration's list of destinations (Fachverfahren receiving submissions): add one with its binding
 * (responsible office or AGS prefix), Submission API URL and public key (JWK), or deactivate it. Errors next to
 * the field with a summary; what was typed is kept.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ViewContext } from "../../../platform/views/context.js";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { checkDestination, destinationAdder, destinationDeactivator } from "../commands/destinationEditor.js";
import { authorizeDeliveries } from "../policies.js";
import { listDestinations } from "../queries.js";

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
            r.active ? (
              <form method="post" action={`${PATH}/${r.id}/deaktivieren`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">{t("interop.destinations.deactivate")}</Button>
              </form>
            ) : (
              "–"
            ),
          ])}
        />
      )}
      <section aria-labelledby="add-heading" class="kern-stack">
        <h2 class="kern-heading-medium" id="add-heading">{t("interop.destinations.add")}</h2>
        <ErrorSummary form={form} t={t} labels={labels} />
        <form method="post" action={PATH} class="kern-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField name="name" label={labels.name!} form={form} required maxLength={200} />
          <TextField name="leikaKey" label={labels.leikaKey!} hint={t("interop.destinations.hint.leikaKey")} form={form} required inputMode="numeric" width={20} />
          <TextField name="officeKey" label={labels.officeKey!} hint={t("interop.destinations.hint.officeKey")} form={form} width={30} />
          <TextField name="agsPrefix" label={labels.agsPrefix!} hint={t("interop.destinations.hint.agsPrefix")} form={form} inputMode="numeric" width={12} />
          <TextField name="submissionUrl" label={labels.submissionUrl!} hint={t("interop.destinations.hint.submissionUrl")} form={form} required />
          <TextArea name="publicJwk" label={labels.publicJwk!} hint={t("interop.destinations.hint.publicJwk")} form={form} rows={8} />
          <Button>{t("interop.destinations.save")}</Button>
        </form>
      </section>
    </div>
  );
}

export async function destinationPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });
  app.get<{ Querystring: { ok?: string } }>(PATH, { preHandler: requireStaff }, async (req, reply) => {
    authorizeDeliveries(req.user);
    const rows = await listDestinations(db);
    const notice = req.query.ok === "gespeichert" ? "interop.destinations.saved" : req.query.ok === "deaktiviert" ? "interop.destinations.deactivated" : undefined;
    return reply.page(req.t("interop.destinations.title"), (ctx) => <DestinationsPage ctx={ctx} rows={rows} form={{ values: {}, errors: {} }} notice={notice} />, { noindex: true });
  });

  app.post(PATH, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
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
    const keys = await checkDestination(ctxOf(req), props, { httpsOnly: config.env === "production" });
    if (!jwkReadable) keys.publicJwk = "interop.destinations.error.json";
    if (Object.keys(keys).length > 0) {
      const form: FormState = { values, errors: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, req.t(v)])) };
      const rows = await listDestinations(db);
      return reply.page(req.t("interop.destinations.title"), (ctx) => <DestinationsPage ctx={ctx} rows={rows} form={form} />, { noindex: true, status: 422 });
    }
    await destinationAdder(ctxOf(req), props);
    return reply.redirect(`${PATH}?ok=gespeichert`, 303);
  });

  app.post<{ Params: { id: string } }>(`${PATH}/:id/deaktivieren`, { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.callNotFound();
    const ok = await destinationDeactivator(ctxOf(req), req.params.id);
    return ok ? reply.redirect(`${PATH}?ok=deaktiviert`, 303) : reply.callNotFound();
  });
}
