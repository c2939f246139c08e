/**
 * Per-area addresses of the consulted parties (migration 0050): which police station and which bus operator are
 * asked for the works in a municipality. Staff set them per AGS; a municipality without a row falls back to the
 * county-wide ROADWORKS_POLICE_EMAIL / ROADWORKS_BUS_EMAIL. Demo data: made-up areas and *.example addresses.
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import "../db.js";

export type AreaParty = "police" | "bus";
export type PartyContact = { name: string; email: string };

/** Sets (or, with null, removes) a municipality's police and bus contacts; audited with what changed (no addresses). */
export async function partyContactSaver(ctx: CommandContext, ags: string, contacts: Record<AreaParty, PartyContact | null>, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    for (const party of ["police", "bus"] as const) {
      const c = contacts[party];
      if (!c) {
        await tx.deleteFrom("roadworks_party_contacts").where("ags", "=", ags).where("party", "=", party).execute();
        continue;
      }
      const row = { ags, party, name: c.name, email: c.email, is_demo: false, updated_at: now, updated_by: ctx.actor.id };
      await tx.insertInto("roadworks_party_contacts").values(row).onConflict((oc) => oc.columns(["ags", "party"]).doUpdateSet({ name: c.name, email: c.email, is_demo: false, updated_at: now, updated_by: ctx.actor.id })).execute();
    }
    await appendAudit(tx, ctx.actor, { action: "roadworks.party_contacts_set", objectType: "municipality", objectId: ags, details: { police: !!contacts.police, bus: !!contacts.bus }, requestId: ctx.requestId });
  });
}

/**
 * Made-up demo areas: a police station and bus operator each, by AGS (Enzkreis, and the partner Stadtkreis Pforzheim
 * with its own city bus); other municipalities get the last.
 */
const DEMO_AREAS: ReadonlyArray<{ police: PartyContact; bus: PartyContact; ags: readonly string[] }> = [
  {
    police: { name: "Polizeirevier Pforzheim-Nord (Demo-Adresse)", email: "revier-pf-nord@polizei-demo.example" },
    bus: { name: "Stadtverkehr Pforzheim (Demo)", email: "baustellen@stadtverkehr-pforzheim.example" },
    ags: ["08231000"],
  },
  {
    police: { name: "Polizeirevier Mühlacker (Demo-Adresse)", email: "revier-muehlacker@polizei-demo.example" },
    bus: { name: "Busverkehr Enz-Nord (Demo)", email: "baustellen@bus-enz-nord.example" },
    ags: ["08236040", "08236050", "08236028", "08236061", "08236075", "08236046", "08236065", "08236038", "08236033"],
  },
  {
    police: { name: "Polizeirevier Pforzheim-Nord (Demo-Adresse)", email: "revier-pf-nord@polizei-demo.example" },
    bus: { name: "Regionalbus Pfinz- und Kämpfelbachtal (Demo)", email: "baustellen@bus-pfinztal.example" },
    ags: ["08236070", "08236071", "08236076", "08236074", "08236011", "08236030", "08236073", "08236031"],
  },
  {
    police: { name: "Polizeirevier Pforzheim-Süd (Demo-Adresse)", email: "revier-pf-sued@polizei-demo.example" },
    bus: { name: "Busverkehr Heckengäu (Demo)", email: "baustellen@bus-heckengaeu.example" },
    ags: ["08236019", "08236039", "08236044", "08236062", "08236067", "08236068", "08236025"],
  },
  {
    police: { name: "Polizeirevier Neuenbürg (Demo-Adresse)", email: "revier-neuenbuerg@polizei-demo.example" },
    bus: { name: "Busverkehr Oberes Enztal (Demo)", email: "baustellen@bus-enztal.example" },
    ags: [],
  },
];

/** The demo contacts of a municipality. */
export function demoContactsFor(ags: string): Record<AreaParty, PartyContact> {
  return DEMO_AREAS.find((a) => a.ags.includes(ags)) ?? DEMO_AREAS[DEMO_AREAS.length - 1]!;
}

/** Seeds demo contacts for the given municipalities where none are set (staff edits are kept); returns rows added. */
export async function seedPartyContactsDemo(db: Db, agsList: readonly string[]): Promise<number> {
  if (agsList.length === 0) return 0;
  const rows = agsList.flatMap((ags) => (["police", "bus"] as const).map((party) => ({ ags, party, ...demoContactsFor(ags)[party], is_demo: true })));
  const added = await db.insertInto("roadworks_party_contacts").values(rows).onConflict((oc) => oc.columns(["ags", "party"]).doNothing()).returning("ags").execute();
  return added.length;
}
