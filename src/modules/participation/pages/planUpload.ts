/** Checks an uploaded XPlanGML document before anything is stored: size, UTF-8 XML, XSD (XPlanGML 6.0.2), the rules of xplan/rules.ts, a plan feature. */
import { readFile } from "node:fs/promises";
import type { FastifyReply } from "fastify";
import { formatBytes, type ReceivedFile } from "../../../platform/files/index.js";
import type { Translate } from "../../../platform/i18n/index.js";
import { parseXPlan, type XPlanInfo } from "../xplan/parse.js";
import { validateXPlan, type XPlanProblem } from "../xplan/validate.js";

export type PlanCheck = { ok: true; gml: string; plan: XPlanInfo; warnings: XPlanProblem[] } | { ok: false; error: string; problems?: XPlanProblem[] };

export async function checkPlanUpload(t: Translate, upload: ReceivedFile | undefined, maxBytes: number): Promise<PlanCheck> {
  if (!upload || upload.size === 0) return { ok: false, error: t("participation.plan.missing") };
  if (upload.truncated || upload.size > maxBytes) return { ok: false, error: t("participation.plan.tooLarge", { max: formatBytes(maxBytes) }) };
  const bytes = await readFile(upload.tempPath);
  let gml: string;
  try {
    gml = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return { ok: false, error: t("participation.plan.notXml") };
  }
  if (!/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<([\w.-]+:)?XPlanAuszug\b/.test(gml)) return { ok: false, error: t("participation.plan.notXml") };
  const result = await validateXPlan(gml);
  if (!result.valid) {
    const byRules = result.errors.every((e) => e.rule);
    return { ok: false, error: t(byRules ? "participation.plan.rulesInvalid" : "participation.plan.invalid", { n: result.errors.length }), problems: result.errors };
  }
  try {
    return { ok: true, gml, plan: parseXPlan(gml), warnings: result.warnings };
  } catch {
    return { ok: false, error: t("participation.plan.noPlan") };
  }
}

/** Lets the page load map tiles from the MAP_TILE_URL origin (the page's CSP allows only 'self' images otherwise). */
export function allowTileImages(reply: FastifyReply, tileUrl: string | undefined): void {
  const tileOrigin = tileUrl ? /^https:\/\/[^/]+/.exec(tileUrl)?.[0] : undefined;
  const policy = reply.getHeader("content-security-policy");
  if (tileOrigin && typeof policy === "string") reply.header("content-security-policy", policy.replace("img-src 'self' data:", `img-src 'self' data: ${tileOrigin}`));
}
