import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm } from "../../../platform/views/components.js";
import { commandContext } from "../../accounts/index.js";
import { findOfficeRow, listOfficesForEditors, officeUpdater } from "../../responsibility/index.js";
import { serviceUpdater } from "../commands/serviceUpdater.js";
import { LEIKA_KEY, UUID } from "../../../platform/keys.js";
import { authorize } from "../policies.js";
import { findService, searchServicesForEditors } from "../queries.js";
import { OFFICE_FIELDS, SERVICE_FIELDS, parseTerms, readOfficeForm, readServiceForm, serviceFormValues } from "./editorForms.js";
import { EditOfficePage, EditServicePage, EditorServiceList, OfficesPage } from "./editorViews.js";

const PAGE_SIZE = 50;

/** Back office for editors: services and office contact data (synonyms: the search module). */
export async function editorPages(app: FastifyInstance) {
  const { db } = app.deps;

  app.register(async (editor) => {
    // Login first (browsers are redirected), then the policy: editors and admins only.
    editor.addHook("preHandler", async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.user) return requireLogin(req, reply);
      authorize(req.user, "update", "service");
    });

    editor.get<{ Querystring: { q?: unknown; inhalt?: unknown; seite?: unknown; } }>("/verwaltung/leistungen", async (req, reply) => {
      const q = typeof req.query.q === "string" ? req.query.q.slice(0, 100) : "";
      const onlyContent = req.query.inhalt === "1";
      const page = typeof req.query.seite === "string" && /^\d{1,4}$/.test(req.query.seite) ? Math.max(1, Number(req.query.seite)) : 1;
      const { total, rows } = await searchServicesForEditors(db, { q, onlyWithContent: onlyContent, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const list = rows.map((r) => ({ leikaKey: r.leika_key, name: r.name, hasContent: r.has_content, version: r.version, updated: formatDateTime(r.updated_at, req.locale) }));
      return reply.page(req.t("catalog.editor.title"), (ctx) => <EditorServiceList ctx={ctx} rows={list} total={total} q={q} onlyContent={onlyContent} page={page} pageSize={PAGE_SIZE} />, { noindex: true });
    });

    editor.get<{ Params: { leikaKey: string }; Querystring: { gespeichert?: string } }>("/verwaltung/leistungen/:leikaKey", async (req, reply) => {
      const row = LEIKA_KEY.test(req.params.leikaKey) ? await findService(db, req.params.leikaKey) : undefined;
      if (!row) return reply.callNotFound();
      const service = { leikaKey: row.leika_key, name: row.name, version: row.version, updated: formatDateTime(row.updated_at, req.locale) };
      return reply.page(req.t("catalog.editor.edit.title"), (ctx) => <EditServicePage ctx={ctx} service={service} form={emptyForm(serviceFormValues(row))} saved={req.query.gespeichert === "1"} />, { noindex: true });
    });

    editor.post<{ Params: { leikaKey: string } }>("/verwaltung/leistungen/:leikaKey", async (req, reply) => {
      const t = req.t;
      const row = LEIKA_KEY.test(req.params.leikaKey) ? await findService(db, req.params.leikaKey) : undefined;
      if (!row) return reply.callNotFound();
      const values = readForm(req.body, SERVICE_FIELDS);
      const { form, changes, version } = readServiceForm(values, t);
      const render = (status: number, current: { version: number; updated_at: Date }, conflictVersion?: number) =>
        reply.page(
          t("catalog.editor.edit.title"),
          (ctx) => <EditServicePage ctx={ctx} service={{ leikaKey: row.leika_key, name: row.name, version: current.version, updated: formatDateTime(current.updated_at, req.locale) }} form={form} saved={false} conflictVersion={conflictVersion} />,
          { status, noindex: true },
        );
      if (!changes) return render(422, row);
      const result = await serviceUpdater(commandContext(app, req), { leikaKey: row.leika_key, expectedVersion: version, changes });
      if (!result.ok && result.reason === "not_found") return reply.callNotFound();
      if (!result.ok) {
        // Keep what the editor typed; the hidden version stays the old one, so saving again needs a look at the current text.
        const fresh = (await findService(db, row.leika_key)) ?? row;
        form.values.version = String(fresh.version);
        return render(409, fresh, result.currentVersion);
      }
      return reply.redirect(`/verwaltung/leistungen/${row.leika_key}?gespeichert=1`, 303);
    });

    editor.get<{ Querystring: { q?: unknown } }>("/verwaltung/dienststellen", async (req, reply) => {
      const q = typeof req.query.q === "string" ? req.query.q.slice(0, 100) : "";
      const offices = await listOfficesForEditors(db, { q });
      const rows = offices.map((o) => ({ id: o.id, name: o.name, kind: o.kind, contact: [o.city, o.phone, o.email].filter(Boolean).join(" · ") }));
      return reply.page(req.t("catalog.offices.title"), (ctx) => <OfficesPage ctx={ctx} rows={rows} q={q} />, { noindex: true });
    });

    const officeValues = (o: NonNullable<Awaited<ReturnType<typeof findOfficeRow>>>) => ({
      updatedAt: new Date(o.updated_at).toISOString(),
      building: o.building ?? "",
      street: o.street ?? "",
      postcode: o.postcode ?? "",
      city: o.city ?? "",
      phone: o.phone ?? "",
      email: o.email ?? "",
      website: o.website ?? "",
      openingHours: (o.opening_hours ?? []).map((h) => `${h.days} | ${h.hours}`).join("\n"),
      accessibility: o.accessibility ?? "",
    });

    editor.get<{ Params: { id: string }; Querystring: { gespeichert?: string } }>("/verwaltung/dienststellen/:id", async (req, reply) => {
      const office = UUID.test(req.params.id) ? await findOfficeRow(db, req.params.id) : undefined;
      if (!office) return reply.callNotFound();
      return reply.page(req.t("catalog.offices.edit.title"), (ctx) => <EditOfficePage ctx={ctx} office={office} form={emptyForm(officeValues(office))} saved={req.query.gespeichert === "1"} conflict={false} />, { noindex: true });
    });

    editor.post<{ Params: { id: string } }>("/verwaltung/dienststellen/:id", async (req, reply) => {
      const office = UUID.test(req.params.id) ? await findOfficeRow(db, req.params.id) : undefined;
      if (!office) return reply.callNotFound();
      const values = readForm(req.body, OFFICE_FIELDS);
      const { form, contact } = readOfficeForm(values, req.t);
      if (!contact) return reply.page(req.t("catalog.offices.edit.title"), (ctx) => <EditOfficePage ctx={ctx} office={office} form={form} saved={false} conflict={false} />, { status: 422, noindex: true });
      const result = await officeUpdater(commandContext(app, req), { id: office.id, expectedUpdatedAt: values.updatedAt, contact });
      if (!result.ok && result.reason === "not_found") return reply.callNotFound();
      if (!result.ok) {
        const fresh = (await findOfficeRow(db, office.id)) ?? office;
        form.values.updatedAt = new Date(fresh.updated_at).toISOString();
        return reply.page(req.t("catalog.offices.edit.title"), (ctx) => <EditOfficePage ctx={ctx} office={office} form={form} saved={false} conflict />, { status: 409, noindex: true });
      }
      return reply.redirect(`/verwaltung/dienststellen/${office.id}?gespeichert=1`, 303);
    });
  });
}
