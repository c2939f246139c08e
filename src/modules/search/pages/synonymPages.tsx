import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError, requireLogin } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm } from "../../../platform/views/components.js";
import { UUID } from "../../../platform/keys.js";
import { commandContext } from "../../accounts/index.js";
import { parseTerms } from "../../catalog/index.js";
import { synonymDeleter } from "../commands/synonymDeleter.js";
import { synonymSaver } from "../commands/synonymSaver.js";
import { canEditSynonyms } from "../policies.js";
import { listSynonyms } from "../queries.js";
import { SynonymsPage } from "./synonymViews.js";

/** /verwaltung/synonyme: editors add and delete the search's editorial synonyms (audited, reindexed on every node). */
export async function synonymPages(app: FastifyInstance) {
  const { db } = app.deps;
  app.register(async (editor) => {
    editor.addHook("preHandler", async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.user) return requireLogin(req, reply);
      if (!canEditSynonyms(req.user)) throw new ForbiddenError("Nur für die Redaktion");
    });

    editor.get<{ Querystring: { ok?: string } }>("/verwaltung/synonyme", async (req, reply) => {
      const rows = await listSynonyms(db);
      const notice = req.query.ok === "gespeichert" ? "saved" : req.query.ok === "geloescht" ? "deleted" : undefined;
      return reply.page(req.t("search.synonyms.title"), (ctx) => <SynonymsPage ctx={ctx} rows={rows} form={emptyForm()} notice={notice} />, { noindex: true });
    });

    editor.post("/verwaltung/synonyme", async (req, reply) => {
      const t = req.t;
      const values = readForm(req.body, ["term", "expansions"] as const);
      const form = validate(values, { term: [rules.required(), rules.maxLength(80)], expansions: [rules.required(), rules.maxLength(500)] }, t);
      const expansions = parseTerms(values.expansions);
      if (!form.errors.expansions && expansions.length === 0) form.errors.expansions = t("validation.required");
      if (hasErrors(form)) {
        const rows = await listSynonyms(db);
        return reply.page(t("search.synonyms.title"), (ctx) => <SynonymsPage ctx={ctx} rows={rows} form={form} />, { status: 422, noindex: true });
      }
      await synonymSaver(commandContext(app, req), { term: values.term, expansions });
      return reply.redirect("/verwaltung/synonyme?ok=gespeichert", 303);
    });

    editor.post<{ Params: { id: string } }>("/verwaltung/synonyme/:id/loeschen", async (req, reply) => {
      if (!UUID.test(req.params.id)) return reply.callNotFound();
      const deleted = await synonymDeleter(commandContext(app, req), { id: req.params.id });
      if (!deleted) return reply.callNotFound();
      return reply.redirect("/verwaltung/synonyme?ok=geloescht", 303);
    });

  });
}
