import type { CommandContext } from "../../../platform/commands.js";
import { demoMemberSeeder } from "../../accounts/index.js";
import { orgUnitsByKeys } from "../../responsibility/index.js";

export const DEMO_STAFF_PASSWORD = "Demo-Vorgang-Passwort-2026";
/** Municipality of the demo building site (Keltern, Enzkreis; the Landratsamt is its building authority): its authority gives the Einvernehmen. */
export const DEMO_MUNICIPALITY_AGS = "08236070";

/** Demo staff of the building authority and the four participating departments (README, demo section). */
export const demoStaff = (county: string) => [
  { email: "bauamt@kreisportal.example", name: "Sabine Keller (Baurecht)", unit: `lra-${county}-baurecht` },
  { email: "bauamt2@kreisportal.example", name: "Thomas Brandt (Baurecht)", unit: `lra-${county}-baurecht` },
  { email: "wasser@kreisportal.example", name: "Jana Wolf (Wasserbehörde)", unit: `lra-${county}-wasser` },
  { email: "immission@kreisportal.example", name: "Murat Demir (Immissionsschutz)", unit: `lra-${county}-immission` },
  { email: "denkmal@kreisportal.example", name: "Eva Lindner (Denkmalschutz)", unit: `lra-${county}-denkmal` },
  { email: "gemeinde@kreisportal.example", name: "Klaus Weber (Gemeinde Keltern)", unit: `gem-${DEMO_MUNICIPALITY_AGS}` },
  { email: "fuehrerschein@kreisportal.example", name: "Lena Vogt (Führerscheinstelle)", unit: `lra-${county}-fuehrerschein` },
];

/**
 * Creates the demo staff accounts once (skips units that do not exist and accounts already there): the
 * people and their units are the cases module's, the accounts are created by accounts (which owns users).
 */
export async function demoStaffSeeder(ctx: CommandContext, props: { countyKey: string; password?: string }): Promise<{ created: string[] }> {
  const people = demoStaff(props.countyKey);
  const units = new Map((await orgUnitsByKeys(ctx.db, [...new Set(people.map((p) => p.unit))])).map((u) => [u.key, u.id]));
  const members = people.flatMap((p) => {
    const orgUnitId = units.get(p.unit);
    return orgUnitId ? [{ email: p.email, name: p.name, orgUnitId, unitKey: p.unit }] : [];
  });
  return demoMemberSeeder(ctx, { people: members, password: props.password ?? process.env.DEMO_STAFF_PASSWORD ?? DEMO_STAFF_PASSWORD });
}
