/**
 * Road works (issue 15): construction companies (organisation accounts) apply for a traffic order; the road
 * authority (Landratsamt, municipality or Große Kreisstadt) asks municipality, police and bus operator for
 * consent, collects conditions and issues the order PDF; conflicts in space and time are shown before
 * submitting; ordered works are public at /baustellen, as GeoJSON, iCal and DATEX II, and in the search.
 * See docs/modules/roadworks.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule, type ModuleSearchDocument } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import { translatorFor } from "../../platform/i18n/index.js";
import { berlinDate } from "../../platform/time/berlin.js";
import { roadworksMessages } from "./messages.js";
import { roadworksCoordinationMessages } from "./messagesCoordination.js";
import { roadworksSpecialUseMessages } from "./messagesSpecialUse.js";
import { listPublished, unitKeysOf } from "./queries.js";
import { canCoordinate } from "./policies.js";
import { roadworksRoutes } from "./routes.js";
import { publicPages } from "./pages/publicRoutes.js";
import { applyPages } from "./pages/applyRoutes.js";
import { staffPages } from "./pages/staffRoutes.js";
import { partyPages } from "./pages/partyRoutes.js";
import { areaPages } from "./pages/areaRoutes.js";
import { eventPages } from "./pages/eventRoutes.js";
import { seedEventsDemo } from "./commands/events.js";
import { roadworksStaffTasks } from "./staffTasks.js";
import { seedPartyContactsDemo } from "./commands/partyContacts.js";
import { gemeindenOfKreise, servedKreise } from "../geo/index.js";
import { remindOpenConsents } from "./commands/partyAnswers.js";
import { remindOpenChangeConsents } from "./commands/changeAnswers.js";
import { changeMail, coordinatesText, locationText, partyMail } from "./presenters.js";
import { seedRoadworksDemo } from "./commands/demoSeeder.js";
import { roadworksPaymentSubject, roadworksRefusalPaymentSubject, roadworksSpecialUsePaymentSubject } from "./commands/feePayment.js";
import "./db.js";
import "./events.js";

export { seedRoadworksDemo } from "./commands/demoSeeder.js";
export type { RoadworksChange } from "./events.js";

const de = translatorFor(roadworksMessages)("de");
const deChange = translatorFor(roadworksMessages, roadworksSpecialUseMessages)("de");

/** Published road works that have not ended as search documents ("baustelle hauptstraße mühlacker"). */
export async function roadworksSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const rows = await listPublished(db, { from: berlinDate(new Date()), limit: 5000 });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    url: `/baustellen/${r.id}`,
    terms: ["baustelle baustellen sperrung straßensperrung umleitung verkehr", r.road_name, r.municipality, de(`roadworks.closure.${r.closure}`)].join("; "),
    text: `${de(`roadworks.closure.${r.closure}`)} · ${locationText(r)} · ${r.start_date} – ${r.end_date}`,
    ars: r.ars,
    popularity: 30,
  }));
}

async function roadworksPlugin(app: FastifyInstance) {
  await publicPages(app);
  await applyPages(app);
  await staffPages(app);
  await partyPages(app);
  await areaPages(app);
  await eventPages(app);
  await roadworksRoutes(app);
}

/** The road-works module (src/platform/modules.ts). */
export const roadworksModule = defineModule({
  name: "roadworks",
  messages: [roadworksMessages, roadworksCoordinationMessages, roadworksSpecialUseMessages],
  nav: [
    { label: "nav.roadworks", href: "/baustellen", audience: "all", order: 45 },
    { label: "nav.roadworksStaff", href: "/verwaltung/baustellen", audience: "staff", order: 87, show: async (user, { db, config }) => canCoordinate(user, await unitKeysOf(db, user), config.countyKey) },
  ],
  jobs: [
    {
      // Parties that have not answered are reminded once, ROADWORKS_REMINDER_DAYS before the deadline (hourly; `reminded_at` makes it once).
      name: "roadworks-consent-reminder",
      cron: "23 * * * *",
      async handler({ db, config }) {
        await remindOpenConsents(db, config, partyMail(de));
      },
    },
    {
      // Parties that have not answered a change round are reminded once, ROADWORKS_REMINDER_DAYS working days before its deadline (migration 0076).
      name: "roadworks-change-reminder",
      cron: "37 * * * *",
      async handler({ db, config }) {
        await remindOpenChangeConsents(db, config, changeMail(deChange), coordinatesText);
      },
    },
  ],
  staffTasks: [roadworksStaffTasks],
  paymentSubjects: { roadworks: roadworksPaymentSubject, roadworks_refusal: roadworksRefusalPaymentSubject, roadworks_special_use: roadworksSpecialUsePaymentSubject },
  searchSources: [{ kind: "roadworks.item", kindLabel: "roadworks.search.kind", load: roadworksSearchDocuments }],
  async demoData({ db, config, log }) {
    const n = await seedRoadworksDemo(db, config.countyKey);
    if (n > 0) log(`roadworks: ${n} demo road works`);
    // Demo police stations and bus operators for every municipality the form offers – the county's and the partner
    // Kreise' (Pforzheim) – made up, *.example addresses.
    const contacts = await seedPartyContactsDemo(db, (await gemeindenOfKreise(db, servedKreise(config))).map((m) => m.ags));
    if (contacts > 0) log(`roadworks: ${contacts} demo party contacts`);
    const events = await seedEventsDemo(db);
    if (events > 0) log(`roadworks: ${events} demo events`);
  },
  plugin: roadworksPlugin,
});
