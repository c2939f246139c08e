/** The XPlanGML plan on the procedure pages: public (map, land-use list, download) and staff (upload, XSD errors). */
import type { ComponentChildren } from "preact";
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CsrfField, DataTable, FileField } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { formatBytes } from "../../../platform/files/index.js";
import { MapBox } from "../../../platform/views/map.js";
import type { Translate } from "../../../platform/i18n/index.js";
import type { PlanInfo, ProcedureDetail } from "../queries.js";
import { landUseLabel } from "../presenters.js";
import type { XPlanProblem } from "../xplan/validate.js";

/** Largest XPlanGML document staff may upload. */
export const PLAN_MAX_BYTES = 20 * 1024 * 1024;

export { landUseLabel };

function LandUseList({ t, plan }: { t: Translate; plan: PlanInfo }) {
  if (plan.landUses.length === 0) return <p class="kern-body">{t("participation.plan.noLandUses")}</p>;
  const counts = new Map<string, number>();
  for (const lu of plan.landUses) {
    const label = landUseLabel(t, lu);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return (
    <ul class="kern-list">
      {[...counts].map(([label, n]) => (
        <li>{n > 1 ? `${label}: ${n}` : label}</li>
      ))}
    </ul>
  );
}

function PlanFrame({ t, id, children }: { t: Translate; id: string; children: ComponentChildren }) {
  return (
    <section class="kern-stack" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {t("participation.plan.title")}
      </h2>
      {children}
    </section>
  );
}

/** Public: the plan's name, a map of its area and land-use areas (with JavaScript; tiles with MAP_TILE_URL), the list of areas, the download. */
export function PlanSection({ ctx, p, plan, tileUrl }: { ctx: ViewContext; p: ProcedureDetail; plan: PlanInfo; tileUrl: string | undefined }) {
  const { t } = ctx;
  return (
    <PlanFrame t={t} id="kp-plan-heading">
      <p class="kern-body">{t("participation.plan.intro", { name: plan.name || p.title, type: t(`participation.plan.type.${plan.planType}`) })}</p>
      {plan.area ? (
        <>
          {/* Leaflet (ADR 0059): pan and zoom, over the tiles of MAP_TILE_URL when set; without JavaScript the list below. */}
          <p class="kern-body">{t("participation.plan.legend")}</p>
          <MapBox ctx={ctx} id="kp-plan-map" label={t("participation.plan.map", { name: plan.name || p.title })} tileUrl={tileUrl} height={420} data={{ features: `/api/v1/participation/procedures/${p.slug}/plan` }} />
          <script src="/assets/participation-map.js" defer></script>
        </>
      ) : (
        <p class="kern-body">{t("participation.plan.noGeometry")}</p>
      )}
      <h3 class="kern-heading-small">{t(plan.planType === "FP_Plan" ? "participation.plan.landUses.fp" : "participation.plan.landUses")}</h3>
      <LandUseList t={t} plan={plan} />
      <p class="kern-body">
        <a class="kern-link" href={`/beteiligung/${p.slug}/plan.gml`} download>
          {t("participation.plan.download", { size: formatBytes(plan.size) })}
        </a>
      </p>
    </PlanFrame>
  );
}

/** Staff: the current plan (if any), the upload form and — after a refused upload — the XSD errors. */
/** A problem of the check in the reader's language: the rules' own texts, the XSD validator's as it gave them. */
function problemText(t: ViewContext["t"], e: XPlanProblem): string {
  if (!e.rule) return e.message;
  const key = e.rule === "ringOrientation" ? `participation.plan.rule.ringOrientation.${e.params?.ring === "interior" ? "interior" : "exterior"}` : `participation.plan.rule.${e.rule}`;
  return t(key, { id: e.id ?? "", ...e.params });
}

export function PlanUploadSection({ ctx, p, plan, warnings, error, problems }: { ctx: ViewContext; p: ProcedureDetail; plan: PlanInfo | undefined; warnings?: XPlanProblem[]; error?: string; problems?: XPlanProblem[] }) {
  const { t } = ctx;
  const head = [t("participation.plan.errorLine"), t("participation.plan.errorMessage")];
  return (
    <PlanFrame t={t} id="kp-plan-staff">
      {plan ? (
        <p class="kern-body">
          {t("participation.plan.current", { name: plan.name, type: t(`participation.plan.type.${plan.planType}`), at: formatDateTime(plan.uploadedAt, ctx.locale), n: plan.landUses.length })}
          {plan.area ? "" : ` ${t("participation.plan.noGeometry")}`}
          {plan.ags && plan.ags !== p.ags ? ` ${t("participation.plan.otherMunicipality", { ags: plan.ags })}` : ""}
        </p>
      ) : (
        <p class="kern-body">{t("participation.plan.none")}</p>
      )}
      {problems && problems.length > 0 && (
        <DataTable caption={t("participation.plan.errors")} head={head} rows={problems.slice(0, 100).map((e) => [e.line === null ? "–" : String(e.line), problemText(t, e)])} />
      )}
      {plan && warnings && warnings.length > 0 && (
        <>
          <p class="kern-body">{t("participation.plan.warningsIntro")}</p>
          <DataTable caption={t("participation.plan.warnings", { n: warnings.length })} head={head} rows={warnings.slice(0, 100).map((e) => [e.line === null ? "–" : String(e.line), problemText(t, e)])} />
        </>
      )}
      <form method="post" action={`/verwaltung/beteiligung/${p.id}/plan`} enctype="multipart/form-data" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <FileField name="xplan" label={t("participation.plan.file")} hint={t("participation.plan.fileHint", { max: formatBytes(Math.min(PLAN_MAX_BYTES, ctx.uploadMaxBytes)) })} error={error} accept=".gml,.xml,application/gml+xml,application/xml" />
        <Button variant="secondary">{t("participation.plan.upload")}</Button>
      </form>
    </PlanFrame>
  );
}
