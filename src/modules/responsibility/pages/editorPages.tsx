import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { commandContext } from "../../../platform/commands.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { responsibilityCreator } from "../commands/responsibilityCreator.js";
import { responsibilityDeleter } from "../commands/responsibilityDeleter.js";
import { ruleUpdater } from "../commands/ruleUpdater.js";
import { authorize } from "../policies.js";
import { findResponsibility, findRule, listResponsibilities, serviceName, type RuleListItem } from "../queries.js";
import { officeChoices } from "../officeEditorQueries.js";
import { RESPONSIBILITY_FIELDS, RULE_FIELDS, readResponsibilityForm, readRuleForm } from "./editorForms.js";
import { DeleteResponsibilityPage, EditRulePage, NewResponsibilityPage, ResponsibilityListPage, type AreaChoice } from "./editorViews.js";
import { AGS, LEIKA_KEY, UUID } from "../../../platform/keys.js";


/**
 * Back office for editors: explicit responsibilities (/verwaltung/zustaendigkeiten: list, create,
 * delete) and the rules' switch and note (/verwaltung/zustaendigkeitsregeln/:id). Every write is a
 * command that audits and bumps catalog_version in one transaction.
 */
export async function responsibilityEditorPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const served = servedKreise(config);

  /** Areas editors may choose: each served Kreis as a whole, then its municipalities (value → ARS). */
  async function areaChoices(): Promise<{ options: AreaChoice[]; municipalities: AreaChoice[]; arsOf: Map<string, string> }> {
    const rows = await listMunicipalities(db, served);
    const kreise = new Map<string, string>();
    for (const r of rows) if (r.kreis_key && !kreise.has(r.kreis_key)) kreise.set(r.kreis_key, r.kreis_name ?? r.kreis_key);
    const arsOf = new Map<string, string>();
    for (const k of served) if (kreise.has(k)) arsOf.set(k, k);
    for (const r of rows) arsOf.set(r.ags, r.ars);
    const municipalities = rows.map((r) => ({ value: r.ags, label: r.short_name }));
    return { options: [...served.filter((k) => kreise.has(k)).map((k) => ({ value: k, label: `${kreise.get(k)!} (${k})` })), ...municipalities], municipalities, arsOf };
  }

  app.register(async (editor) => {
    // Login first (browsers are redirected), then the policy: editors and admins only.
    editor.addHook("preHandler", async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.user) return requireLogin(req, reply);
      authorize(req.user, "update", "responsibility");
    });

    editor.get<{ Querystring: { leistung?: unknown; gemeinde?: unknown; ok?: unknown } }>("/verwaltung/zustaendigkeiten", async (req, reply) => {
      const service = typeof req.query.leistung === "string" ? req.query.leistung.trim().slice(0, 100) : "";
      const agsRaw = typeof req.query.gemeinde === "string" ? req.query.gemeinde : "";
      const { municipalities, arsOf } = await areaChoices();
      const ags = AGS.test(agsRaw) && arsOf.has(agsRaw) ? agsRaw : "";
      const rows = await listResponsibilities(db, { service, ars: ags ? arsOf.get(ags) : undefined });
      const notice = req.query.ok === "angelegt" ? "created" : req.query.ok === "geloescht" ? "deleted" : undefined;
      return reply.page(req.t("resp.title"), (ctx) => <ResponsibilityListPage ctx={ctx} rows={rows} filter={{ service, ags }} municipalities={municipalities} notice={notice} />, { noindex: true });
    });

    const renderNew = async (reply: FastifyReply, req: FastifyRequest, form: FormState, status = 200) => {
      const [{ options }, offices] = await Promise.all([areaChoices(), officeChoices(db, served)]);
      const name = form.values.leikaKey ? await serviceName(db, form.values.leikaKey.replace(/\s+/g, "")) : undefined;
      return reply.page(req.t("resp.new.title"), (ctx) => <NewResponsibilityPage ctx={ctx} form={form} areas={options} offices={offices} serviceName={name} />, { status, noindex: true });
    };

    editor.get<{ Querystring: { leistung?: unknown } }>("/verwaltung/zustaendigkeiten/neu", async (req, reply) => {
      const leikaKey = typeof req.query.leistung === "string" && LEIKA_KEY.test(req.query.leistung) ? req.query.leistung : "";
      return renderNew(reply, req, emptyForm({ leikaKey }));
    });

    editor.post("/verwaltung/zustaendigkeiten", async (req, reply) => {
      const t = req.t;
      const values = readForm(req.body, RESPONSIBILITY_FIELDS);
      const [{ arsOf }, offices] = await Promise.all([areaChoices(), officeChoices(db, served)]);
      const { form, input } = readResponsibilityForm(values, t, arsOf, new Set(offices.map((o) => o.id)));
      if (!form.errors.leikaKey && !(await serviceName(db, values.leikaKey.replace(/\s+/g, "")))) form.errors.leikaKey = t("resp.error.leikaKeyUnknown");
      if (!input || Object.keys(form.errors).length) return renderNew(reply, req, form, 422);
      const result = await responsibilityCreator(commandContext(app, req), input);
      if (!result.ok) {
        if (result.reason === "unknown_service") form.errors.leikaKey = t("resp.error.leikaKeyUnknown");
        else if (result.reason === "unknown_office") form.errors.officeId = t("resp.error.office");
        else form.errors.leikaKey = t("resp.error.exists");
        return renderNew(reply, req, form, result.reason === "exists" ? 409 : 422);
      }
      return reply.redirect(`/verwaltung/zustaendigkeiten?${new URLSearchParams({ leistung: input.leikaKey, ok: "angelegt" }).toString()}`, 303);
    });

    editor.get<{ Params: { id: string } }>("/verwaltung/zustaendigkeiten/:id/loeschen", async (req, reply) => {
      const row = UUID.test(req.params.id) ? await findResponsibility(db, req.params.id) : undefined;
      if (!row) return reply.callNotFound();
      return reply.page(req.t("resp.confirm.title"), (ctx) => <DeleteResponsibilityPage ctx={ctx} row={row} />, { noindex: true });
    });

    editor.post<{ Params: { id: string } }>("/verwaltung/zustaendigkeiten/:id/loeschen", async (req, reply) => {
      if (!UUID.test(req.params.id)) return reply.callNotFound();
      const deleted = await responsibilityDeleter(commandContext(app, req), { id: req.params.id.toLowerCase() });
      if (!deleted) return reply.callNotFound();
      return reply.redirect("/verwaltung/zustaendigkeiten?ok=geloescht", 303);
    });

    const ruleValues = (r: RuleListItem) => ({ updatedAt: new Date(r.updatedAt).toISOString(), active: r.active ? "1" : "", note: r.note ?? "" });

    editor.get<{ Params: { id: string }; Querystring: { gespeichert?: string } }>("/verwaltung/zustaendigkeitsregeln/:id", async (req, reply) => {
      const rule = await findRule(db, req.params.id);
      if (!rule) return reply.callNotFound();
      return reply.page(req.t("rules.edit.title"), (ctx) => <EditRulePage ctx={ctx} rule={rule} form={emptyForm(ruleValues(rule))} saved={req.query.gespeichert === "1"} conflict={false} />, { noindex: true });
    });

    editor.post<{ Params: { id: string } }>("/verwaltung/zustaendigkeitsregeln/:id", async (req, reply) => {
      const rule = await findRule(db, req.params.id);
      if (!rule) return reply.callNotFound();
      const { form, input } = readRuleForm(readForm(req.body, RULE_FIELDS), req.t);
      if (!input) return reply.page(req.t("rules.edit.title"), (ctx) => <EditRulePage ctx={ctx} rule={rule} form={form} saved={false} conflict={false} />, { status: 422, noindex: true });
      const result = await ruleUpdater(commandContext(app, req), { id: rule.id, expectedUpdatedAt: input.updatedAt, active: input.active, note: input.note });
      if (!result.ok && result.reason === "not_found") return reply.callNotFound();
      if (!result.ok) {
        // Keep what the editor entered; the hidden timestamp becomes the current one, so saving again overwrites knowingly.
        const fresh = (await findRule(db, rule.id)) ?? rule;
        form.values.updatedAt = new Date(fresh.updatedAt).toISOString();
        return reply.page(req.t("rules.edit.title"), (ctx) => <EditRulePage ctx={ctx} rule={fresh} form={form} saved={false} conflict />, { status: 409, noindex: true });
      }
      return reply.redirect(`/verwaltung/zustaendigkeitsregeln/${rule.id}?gespeichert=1`, 303);
    });
  });
}
