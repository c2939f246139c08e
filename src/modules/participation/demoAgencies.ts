/**
 * Demo agencies (Träger öffentlicher Belange, § 4 BauGB) for the demo procedures, so the demo shows the agencies'
 * participation: one released statement (to weigh), one draft with a deadline in two days (the reminder job
 * picks it up), one only invited. Fictitious names, addresses under the reserved domain `.example`
 * (RFC 2606); the invitation mails land in the demo outbox ("Postausgang (Demo)"), where the links can be opened.
 */
import type { Config } from "../../platform/config.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { translatorFor } from "../../platform/i18n/index.js";
import { addDays, berlinDate } from "../../platform/time/berlin.js";
import { findMunicipality, loadCounty } from "../geo/index.js";
import { participationAgencyMessages } from "./agencyMessages.js";
import { agencyDraftSaver, agencyInviter, agencyReleaser } from "./commands/agencyWork.js";
import { agencyListSaver, type AgencyFields } from "./commands/agencyList.js";
import { DEMO_PROCEDURES } from "./demoData.js";
import { participationMessages } from "./messages.js";
import { agencyInvitationMail } from "./presenters.js";

/** The reserved demo mail domain of the demo agencies. */
export const DEMO_AGENCY_DOMAIN = "toeb-demo.example";

interface DemoAgency {
  name: string;
  local: string;
  /** Last day: today + this many days. */
  days: number;
  draft?: { body: string; author: string; releasedBy?: string };
}

const DEMO_AGENCIES: Record<string, DemoAgency[]> = {
  [DEMO_PROCEDURES[0]!.slug]: [
    {
      name: "Landratsamt Enzkreis – Baurechts- und Naturschutzamt (Demo)",
      local: "landratsamt-baurecht",
      days: 23,
      draft: {
        body: "Gegen den Entwurf bestehen aus naturschutzrechtlicher Sicht keine grundsätzlichen Bedenken.\n\nDie Ausgleichsmaßnahmen nach § 1a BauGB sind im Umweltbericht noch nicht verortet; wir bitten, die Ausgleichsflächen vor dem Satzungsbeschluss festzusetzen. (Demodaten, frei erfunden.)",
        author: "Petra Sommer",
        releasedBy: "Jonas Keller",
      },
    },
    {
      name: "Regierungspräsidium Karlsruhe – Straßenwesen (Demo)",
      local: "rp-strassenwesen",
      days: 2,
      draft: { body: "Entwurf: Die Anbindung an die L 1134 ist mit uns abzustimmen; Sichtfelder sind freizuhalten. (Demodaten, frei erfunden.)", author: "Markus Brandt" },
    },
    { name: "Netze BW GmbH (Demo)", local: "netze-bw", days: 23 },
  ],
  [DEMO_PROCEDURES[1]!.slug]: [{ name: "Landratsamt Enzkreis – Straßenverkehrsbehörde (Demo)", local: "landratsamt-verkehr", days: 21 }],
};

const t = translatorFor(participationMessages, participationAgencyMessages)("de");

/** Idempotent: a demo procedure gets its demo agencies once (when it has no invitation to the demo domain yet). */
export async function seedParticipationDemoAgencies({ db, config }: { db: Db; config: Config }): Promise<number> {
  const ctx = systemContext(db);
  const county = (await loadCounty(db, config.countyKey)).name;
  const today = berlinDate(new Date());
  let n = 0;
  for (const [slug, agencies] of Object.entries(DEMO_AGENCIES)) {
    const p = await db.selectFrom("participation_procedures").select(["id", "title", "ags"]).where("slug", "=", slug).executeTakeFirst();
    if (!p) continue;
    const seeded = await db.selectFrom("participation_agency_invitations").select("id").where("procedure_id", "=", p.id).where("email", "like", `%@${DEMO_AGENCY_DOMAIN}`).executeTakeFirst();
    if (seeded) continue;
    const municipality = (await findMunicipality(db, p.ags))?.short_name ?? p.ags;
    const mail = agencyInvitationMail(t, { title: p.title, municipality, county, publicUrl: config.publicUrl });
    for (const a of agencies) {
      const inv = await agencyInviter(ctx, { procedureId: p.id, agencyName: a.name, email: `${a.local}@${DEMO_AGENCY_DOMAIN}`, lastDay: addDays(today, a.days), graceDays: config.participation.agencyGraceDays, invitedBy: null, mail });
      if (a.draft) await agencyDraftSaver(ctx, { invitationId: inv.id, body: a.draft.body, authorName: a.draft.author });
      if (a.draft?.releasedBy) await agencyReleaser(ctx, { invitationId: inv.id, releasedByName: a.draft.releasedBy });
      n++;
    }
  }
  return n;
}

/**
 * The demo master list of agencies for the Enzkreis (ADR 0064): real bodies that are typically heard in the
 * Enzkreis, marked "(Demo)" and `demo`, with town-level addresses only and e-mails under the reserved demo
 * domain. One entry is inactive (a company that no longer exists under that name).
 */
const DEMO_AGENCY_LIST: Array<Omit<AgencyFields, "email" | "street"> & { local: string }> = [
  { name: "Landratsamt Enzkreis (Demo)", department: "Baurechts- und Naturschutzamt", postcode: "75177", city: "Pforzheim", kind: "authority", active: true, local: "lra-baurecht" },
  { name: "Landratsamt Enzkreis (Demo)", department: "Straßenverkehrsbehörde", postcode: "75177", city: "Pforzheim", kind: "authority", active: true, local: "lra-verkehr" },
  { name: "Landratsamt Enzkreis (Demo)", department: "Gesundheitsamt", postcode: "75177", city: "Pforzheim", kind: "authority", active: true, local: "lra-gesundheit" },
  { name: "Landratsamt Enzkreis (Demo)", department: "Umweltamt", postcode: "75177", city: "Pforzheim", kind: "authority", active: true, local: "lra-umwelt" },
  { name: "Regierungspräsidium Karlsruhe (Demo)", department: "Straßenwesen und Verkehr", postcode: "76131", city: "Karlsruhe", kind: "authority", active: true, local: "rp-strassenwesen" },
  { name: "Regierungspräsidium Freiburg (Demo)", department: "Landesamt für Geologie, Rohstoffe und Bergbau", postcode: "79104", city: "Freiburg im Breisgau", kind: "authority", active: true, local: "lgrb" },
  { name: "Polizeipräsidium Pforzheim (Demo)", department: null, postcode: null, city: "Pforzheim", kind: "authority", active: true, local: "polizei" },
  { name: "Regionalverband Nordschwarzwald (Demo)", department: null, postcode: null, city: "Pforzheim", kind: "association", active: true, local: "regionalverband" },
  { name: "Industrie- und Handelskammer Nordschwarzwald (Demo)", department: null, postcode: null, city: "Pforzheim", kind: "association", active: true, local: "ihk" },
  { name: "Stadt Pforzheim (Demo)", department: "Planungsamt", postcode: null, city: "Pforzheim", kind: "municipality", active: true, local: "pforzheim" },
  { name: "Netze BW GmbH (Demo)", department: null, postcode: null, city: "Stuttgart", kind: "utility", active: true, local: "netze-bw" },
  { name: "Deutsche Telekom Technik GmbH (Demo)", department: null, postcode: null, city: "Karlsruhe", kind: "utility", active: true, local: "telekom" },
  { name: "Unitymedia BW GmbH (Demo)", department: null, postcode: null, city: "Heidelberg", kind: "utility", active: false, local: "unitymedia" },
];

/** Idempotent: adds the demo entries of the master list that are missing (by name and department), audited. */
export async function seedParticipationDemoAgencyList({ db }: { db: Db }): Promise<number> {
  const ctx = systemContext(db);
  const existing = new Set((await db.selectFrom("participation_agencies").select(["name", "department"]).execute()).map((r) => `${r.name.toLowerCase()}|${(r.department ?? "").toLowerCase()}`));
  let n = 0;
  for (const { local, ...a } of DEMO_AGENCY_LIST) {
    if (existing.has(`${a.name.toLowerCase()}|${(a.department ?? "").toLowerCase()}`)) continue;
    const result = await agencyListSaver(ctx, { fields: { ...a, street: null, email: `${local}@${DEMO_AGENCY_DOMAIN}` }, userId: null, demo: true });
    if (result.ok) n++;
  }
  return n;
}
