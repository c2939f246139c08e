/** Office pages (/stellen, /stellen/:id) and the back office's rule overview (/verwaltung/zustaendigkeitsregeln) with the editors' pages. */
import type { FastifyInstance } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { can } from "../policies.js";
import { findOffice, listOffices, listResponsibilities, listRules } from "../queries.js";
import { responsibilityEditorPages } from "./editorPages.js";
import { OfficeListPage, OfficeNotFoundPage, OfficePage } from "./officePages.js";
import { RuleListPage } from "./rulePages.js";

/** How many explicit responsibilities the rule overview lists (all of them: /verwaltung/zustaendigkeiten). */
const EXPLICIT_SHOWN = 100;

/** Registers the pages in their historical order (list, rule overview, editors' pages, office detail). */
export async function responsibilityPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const served = [config.countyKey, ...config.partnerKeys];
  app.get("/stellen", async (req, reply) => {
    const groups = await listOffices(db, served);
    return reply.page(req.t("offices.list.title"), (ctx) => <OfficeListPage ctx={ctx} groups={groups} />);
  });

  // Back office: the rules and explicit responsibilities as stored, for all staff; editors get the links to change them.
  app.get("/verwaltung/zustaendigkeitsregeln", { preHandler: requireStaff }, async (req, reply) => {
    const [rules, explicit] = await Promise.all([listRules(db), listResponsibilities(db, {}, EXPLICIT_SHOWN + 1)]);
    const editable = can(req.user, "update", "rule");
    return reply.page(
      req.t("rules.title"),
      (ctx) => <RuleListPage ctx={ctx} rules={rules} explicit={explicit.slice(0, EXPLICIT_SHOWN)} explicitMore={explicit.length > EXPLICIT_SHOWN} editable={editable} />,
      { noindex: true },
    );
  });
  await responsibilityEditorPages(app);

  app.get<{ Params: { id: string } }>("/stellen/:id", async (req, reply) => {
    const office = await findOffice(db, req.params.id);
    if (!office) return reply.page(req.t("offices.notFound.title"), (ctx) => <OfficeNotFoundPage ctx={ctx} />, { status: 404, noindex: true });
    return reply.page(office.name, (ctx) => <OfficePage ctx={ctx} office={office} children={office.children} />);
  });
}
