/** Counselling page: the county's Pflegestützpunkte and related catalogue services (issue 17 item 4). */
import type { FastifyInstance } from "fastify";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, LinkLine, PageHeading } from "../../../platform/views/components.js";
import { findService } from "../../catalog/index.js";
import { RELATED_SERVICES, SUPPORT_POINTS } from "../counselling.js";

interface ServiceLink {
  leika: string;
  name: string;
  about: string;
  onlineUrl?: string;
}

function CounsellingPage({ ctx, services }: { ctx: ViewContext; services: ServiceLink[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.counselling.title")}</PageHeading>
      <p class="kern-body">{t("care.counselling.intro")}</p>
      <Alert kind="info" title={t("care.counselling.demo")} />
      <h2 class="kern-heading-medium">{t("care.counselling.points")}</h2>
      <ul class="kern-list">
        {SUPPORT_POINTS.map((s) => (
          <li>
            <strong>{s.name}</strong>
            <br />
            {s.street}, {s.postcode} {s.town} · {t("care.provider.phone")}: <a class="kern-link" href={`tel:${s.phone.replace(/[^0-9+]/g, "")}`}>{s.phone}</a> ·{" "}
            <a class="kern-link" href={`mailto:${s.email}`}>
              {s.email}
            </a>
            <br />
            {s.hours}
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{t("care.counselling.services")}</h2>
      <ul class="kern-list">
        {services.map((s) => (
          <li>
            <a class="kern-link" href={`/leistungen/${s.leika}`}>
              {s.name}
            </a>
            : {t(s.about)}
            {s.onlineUrl && (
              <>
                {" "}
                <a class="kern-link" href={s.onlineUrl} rel="noopener noreferrer">
                  {t("care.counselling.online", { name: s.name })}
                </a>
              </>
            )}
          </li>
        ))}
        <li>{t("care.counselling.entlastung")}</li>
      </ul>
      <LinkLine href="/pflegeplaetze">{t("care.myRequests.search")}</LinkLine>
      <LinkLine href="/pflegeplaetze/zahlen">{t("care.figures.title")}</LinkLine>
    </div>
  );
}

export async function careCounsellingPages(app: FastifyInstance) {
  const { db } = app.deps;
  app.get("/pflegeplaetze/beratung", async (req, reply) => {
    const services: ServiceLink[] = [];
    for (const r of RELATED_SERVICES) {
      const s = await findService(db, r.leika);
      if (!s) continue;
      const online = s.online_service as { url?: string } | null;
      services.push({ leika: r.leika, name: s.name, about: r.about, onlineUrl: online?.url && /^https:\/\//.test(online.url) ? online.url : undefined });
    }
    return reply.page(req.t("care.counselling.title"), (ctx) => <CounsellingPage ctx={ctx} services={services} />);
  });
}
