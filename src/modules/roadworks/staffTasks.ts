/**
 * The road-works tasks in the staff inbox of the cases module (registry.staffTasks): the municipality's consents
 * to give (members of gem-<AGS>) and the authority's next steps (members of the work's authority unit). The pages
 * behind the links check authorization again.
 */
import type { StaffTaskSource } from "../../platform/modules.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import { authorityTasks, decisionTasks, openMunicipalityChangeConsents, openMunicipalityConsents } from "./queries.js";

export const roadworksStaffTasks: StaffTaskSource = {
  order: 50,
  label: "roadworks.tasks.title",
  async list({ db, user, t }) {
    if (user.kind !== "staff") return [];
    const ownAgs = (await orgUnitsByIds(db, user.orgUnitIds)).filter((u) => u.key.startsWith("gem-")).map((u) => u.key.slice(4));
    const [consents, changeConsents, steps, decisions] = await Promise.all([openMunicipalityConsents(db, ownAgs), openMunicipalityChangeConsents(db, ownAgs), authorityTasks(db, user.orgUnitIds), decisionTasks(db, user.orgUnitIds)]);
    return [
      ...consents.map((c) => ({ id: `consent-${c.id}`, title: t("roadworks.tasks.consent", { reference: c.reference, title: c.title }), url: `/verwaltung/baustellen/${c.id}/stellungnahme-gemeinde`, due: c.due_on })),
      ...changeConsents.map((c) => ({ id: `change-consent-${c.id}`, title: t("roadworks.tasks.changeConsent", { reference: c.reference, title: c.title }), url: `/verwaltung/baustellen/${c.id}/stellungnahme-gemeinde/aenderung`, due: c.due_on })),
      ...steps.map((r) => ({ id: `work-${r.id}`, title: t(r.status === "submitted" ? "roadworks.tasks.askParties" : "roadworks.tasks.decide", { reference: r.reference, title: r.title }), url: `/verwaltung/baustellen/${r.id}` })),
      ...decisions.specialUses.map((r) => ({ id: `special-use-${r.id}`, title: t("roadworks.tasks.specialUse", { reference: r.reference, title: r.title }), url: `/verwaltung/baustellen/${r.id}#sondernutzung` })),
      ...decisions.extensions.map((r) => ({ id: `extension-${r.id}`, title: t("roadworks.tasks.extension", { reference: r.reference, title: r.title }), url: `/verwaltung/baustellen/${r.id}#verlaengerung` })),
    ];
  },
};
