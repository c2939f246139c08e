/**
 * Import of an incoming baugenehmigung.antrag.0200 (from another portal): checked against XBau 2.6 first (a
 * failing message is refused with its errors and paths), then mapped back to the answers of the form
 * "bauantrag" and filed through the applications module (which opens the case); the incoming message is
 * stored with the case (direction "incoming"). Re-importing the same nachrichtenUUID returns the same case.
 */
import type { CommandContext } from "../../../platform/commands.js";
import { parseXml, type XmlElement } from "../../forms/index.js";
import { submitImportedApplication } from "../../applications/index.js";
import { getCaseForSubmission } from "../../cases/index.js";
import { checkXBauMessage } from "./check.js";
import { MEASURE_KINDS } from "./build.js";
import type { XmlProblem } from "./validate.js";
import { xbauMessageStorer } from "../commands/xbauMessageStorer.js";

export type ImportAntragResult = { kind: "invalid"; errors: XmlProblem[] } | { kind: "imported"; caseId: string; reference: string; replayed: boolean };

const kid = (e: XmlElement | undefined, local: string) => e?.children.find((c) => c.local === local);
const path = (e: XmlElement | undefined, ...locals: string[]) => locals.reduce<XmlElement | undefined>((acc, l) => kid(acc, l), e);
const text = (e: XmlElement | undefined) => (e?.text ?? "").trim();

/** The form answers an incoming 0200 carries (what the portal's own 0200 writes, read back). */
export function answersFrom0200(root: XmlElement): Record<string, unknown> {
  const vorhaben = kid(root, "bauvorhaben");
  const person = path(root, "antragsteller", "natuerlichePerson");
  const org = path(root, "antragsteller", "organisation");
  const addr = kid(person ?? org, "anschrift");
  const address = addr ? [[text(kid(addr, "strasse")), text(kid(addr, "hausnummer"))].filter(Boolean).join(" "), [text(kid(addr, "postleitzahl")), text(kid(addr, "ort"))].filter(Boolean).join(" "), text(kid(addr, "zusatz"))].filter(Boolean).join(", ") : "";
  const email = (person ?? org)?.children.filter((c) => c.local === "kommunikation").map((k) => text(kid(k, "kennung"))).find((v) => v.includes("@"));
  const name = person ? [text(path(person, "name", "vorname", "name")), text(path(person, "name", "familienname", "name"))].filter(Boolean).join(" ") : text(path(org, "name", "name"));
  const measure = text(path(vorhaben, "gegenstand", "artDerMassnahme", "code"));
  const plotAddr = path(vorhaben, "verortung", "baugrundstueck", "grundstueck", "anschrift");
  const absehen = text(path(root, "prozessmerkmale", "absehenNachbarbeteiligungBeantragt"));
  return {
    bezeichnung: text(kid(vorhaben, "bezeichnungDesBauvorhabens")),
    vorhabenart: Object.entries(MEASURE_KINDS).find(([, c]) => c === measure)?.[0] ?? "neubau",
    gemeinde: text(path(plotAddr, "gemeindeschluessel", "code")),
    grundstueck: { strasse: text(kid(plotAddr, "strasseHausnummer")) },
    beschreibung: text(kid(vorhaben, "weitereAngaben")),
    bauherren: [{ art: person ? "person" : "firma", name, ...(org ? { firma: name } : {}), anschrift: address, ...(email ? { email } : {}) }],
    angrenzer: absehen !== "true",
    importiertAus: "XBau 0200",
  };
}

export async function importAntrag0200(ctx: CommandContext & { statusSecret: string }, xml: string): Promise<ImportAntragResult> {
  const check = await checkXBauMessage(xml);
  if (!check.valid) return { kind: "invalid", errors: check.errors };
  const root = parseXml(xml);
  if (root.local !== "baugenehmigung.antrag.0200") return { kind: "invalid", errors: [{ message: `Keine Nachricht baugenehmigung.antrag.0200, sondern ${root.local}`, line: null, path: `/${root.name}` }] };
  const messageId = text(path(root, "nachrichtenkopf.g2g", "identifikation.nachricht", "nachrichtenUUID"));
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) return { kind: "invalid", errors: [{ message: "nachrichtenUUID fehlt", line: null, path: `/${root.name}/nachrichtenkopf.g2g[1]/identifikation.nachricht[1]/nachrichtenUUID[1]` }] };
  const answers = answersFrom0200(root);
  const sub = await submitImportedApplication(ctx, { formId: "bauantrag", answers, idempotencyKey: `xbau:${messageId}`, statusSecret: ctx.statusSecret });
  if (!sub) return { kind: "invalid", errors: [{ message: "Der Antrag konnte nicht angelegt werden (Formular fehlt oder Nachricht schon mit anderem Inhalt importiert)", line: null, path: null }] };
  const c = await getCaseForSubmission(ctx.db, sub.id);
  if (!c) return { kind: "invalid", errors: [{ message: "Zum Antrag wurde kein Vorgang eröffnet", line: null, path: null }] };
  await ctx.db.transaction().execute((tx) =>
    xbauMessageStorer(tx, ctx.actor, { caseId: c.id, submissionId: sub.id, triggerKey: `import:${messageId}`, direction: "incoming", message: { type: "0200", messageId, xml } }),
  );
  return { kind: "imported", caseId: c.id, reference: c.reference, replayed: sub.replayed };
}
