/**
 * Care-place exchange (Pflegebörse, issue 17): care providers of the county with their free places per
 * kind of care and how fresh the numbers are; public search without login; provider accounts report
 * their own provider's places (page or API token); the county's care support point keeps the providers.
 * See docs/modules/care.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule, type ModuleSearchDocument } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import { translatorFor } from "../../platform/i18n/index.js";
import { careMessages } from "./messages.js";
import { carePages } from "./pages/routes.js";
import { careRoutes } from "./routes.js";
import { careRequestPages } from "./pages/requestRoutes.js";
import { careFiguresPages } from "./pages/figuresRoutes.js";
import { careCounsellingPages } from "./pages/counselling.js";
import { careInvitationPages } from "./pages/invitationRoutes.js";
import { careCounsellorPages } from "./pages/counsellorRoutes.js";
import { careCounsellorMessages } from "./messagesCounsellor.js";
import { takeCareSnapshot } from "./commands/snapshotTaker.js";
import { staleDaysOf } from "./kinds.js";
import { careMoreMessages } from "./messagesMore.js";
import { careInvitationMessages } from "./messagesInvitations.js";
import { listActiveProviders } from "./queries.js";
import { canManageProviders } from "./policies.js";
import { seedCareDemo } from "./commands/demoSeeder.js";
import { remindStaleProviders } from "./commands/staleReminder.js";
import { deleteClosedRequests } from "./commands/requestWithdrawer.js";
import { CARE_KINDS, kindLabel } from "./kinds.js";
import "./db.js";

export { seedCareDemo } from "./commands/demoSeeder.js";
/** Queues the reminder mails for providers with stale numbers (the job "care-stale-reminder" runs it hourly). */
export { remindStaleProviders } from "./commands/staleReminder.js";
export { STALE_AFTER_DAYS } from "./kinds.js";
/** Stores today's aggregate availability per kind and municipality (the job "care-snapshot" runs it hourly). */
export { takeCareSnapshot } from "./commands/snapshotTaker.js";
/** Deletes requests closed more than the retention period ago (the job "care-request-retention" runs it daily). */
export { deleteClosedRequests } from "./commands/requestWithdrawer.js";

const de = translatorFor(careMessages)("de");

/** Words people use when looking for care ("pflegeplatz frei", "kurzzeitpflege mühlacker", "heim für oma"). */
const KIND_TERMS: Record<string, string> = {
  stationaer: "pflegeheim altenheim seniorenheim heim pflegeplatz dauerpflege heim für oma opa",
  kurzzeit: "kurzzeitpflege verhinderungspflege pflegeplatz nach krankenhaus",
  tagespflege: "tagespflege tagesbetreuung pflegeplatz",
  nachtpflege: "nachtpflege pflegeplatz",
  ambulant: "pflegedienst ambulante pflege häusliche pflege sozialstation",
  "betreutes-wohnen": "betreutes wohnen seniorenwohnung service-wohnen",
  hospiz: "hospiz palliativ sterbebegleitung",
};

/** Active providers as search documents (no numbers: they change too often to rebuild indexes for). */
export async function careSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const rows = await listActiveProviders(db);
  return rows.map((p) => {
    const kinds = CARE_KINDS.filter((k) => p.kinds.includes(k));
    return {
      id: p.id,
      title: p.name,
      url: `/pflegeplaetze/anbieter/${p.id}`,
      terms: ["pflege pflegeplatz frei freie pflegeplätze pflegebörse", p.town, ...kinds.map((k) => `${de(kindLabel(k))} ${KIND_TERMS[k] ?? ""}`)].join("; "),
      text: `${kinds.map((k) => de(kindLabel(k))).join(", ")} · ${p.street}, ${p.postcode} ${p.town}`,
      ars: p.ars,
      popularity: 40,
    };
  });
}

/** The search page and the counselling page as search documents ("pflegeplatz frei", "heim für oma"). */
export async function carePageDocuments(): Promise<ModuleSearchDocument[]> {
  return [
    { id: "search", title: "Freie Pflegeplätze finden (Pflegebörse)", url: "/pflegeplaetze", terms: "pflegeplatz frei; freie pflegeplätze; pflegebörse; pflegeheim; heim für oma; heim für opa; altenheim; kurzzeitpflege; tagespflege; platz im pflegeheim", text: "Freie Plätze in Pflegeheimen, Kurzzeit- und Tagespflege im Kreis, mit Stand der Meldung; Anfrage an Einrichtungen.", popularity: 60 },
    { id: "beratung", title: "Beratung zur Pflege: Pflegestützpunkte", url: "/pflegeplaetze/beratung", terms: "pflegestützpunkt; pflegeberatung; heim für oma; pflege angehörige; hilfe zur pflege; pflegewohngeld; entlastungsbetrag", text: "Pflegestützpunkte des Kreises und Leistungen: Hilfe zur Pflege, Pflegewohngeld, Entlastungsbetrag.", popularity: 50 },
  ];
}

async function carePlugin(app: FastifyInstance) {
  await carePages(app);
  await careRoutes(app);
  await careRequestPages(app);
  await careFiguresPages(app);
  await careCounsellingPages(app);
  await careInvitationPages(app);
  await careCounsellorPages(app);
}

/** The care module (src/platform/modules.ts). */
export const careModule = defineModule({
  name: "care",
  messages: [careMessages, careMoreMessages, careInvitationMessages, careCounsellorMessages],
  nav: [
    { label: "nav.care", href: "/pflegeplaetze", audience: "all", order: 40 },
    { label: "nav.careStaff", href: "/verwaltung/pflege", audience: "staff", order: 86, show: (user) => canManageProviders(user, user.roles) },
  ],
  jobs: [
    {
      name: "care-stale-reminder",
      cron: "17 * * * *",
      async handler({ db, config }) {
        await remindStaleProviders(db, config);
      },
    },
    {
      // Retention: requests closed (withdrawn, or past their date needed) more than CARE_REQUEST_RETENTION_MONTHS ago.
      name: "care-request-retention",
      cron: "23 3 * * *",
      async handler({ db, config }) {
        await deleteClosedRequests(db, config.care.requestRetentionMonths);
      },
    },
    {
      name: "care-snapshot",
      cron: "47 * * * *",
      async handler({ db, config }) {
        await takeCareSnapshot(db, { staleDays: staleDaysOf(config) });
      },
    },
  ],
  searchSources: [
    { kind: "care.provider", kindLabel: "care.search.kind", load: careSearchDocuments },
    { kind: "care.page", kindLabel: "care.search.pageKind", load: carePageDocuments },
  ],
  async demoData({ db, log }) {
    const n = await seedCareDemo(db);
    if (n > 0) log(`care: ${n} demo providers`);
  },
  plugin: carePlugin,
});
