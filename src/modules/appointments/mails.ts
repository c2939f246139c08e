/** The module's e-mails: confirmation request, confirmation with ICS, cancellation, reminder, waiting list. */
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import type { Mailer } from "../../platform/mail/index.js";
import { sql } from "kysely";
import { buildIcs } from "./ics.js";
import { findBooking, findLocation, type BookingView } from "./queries.js";
import { addDays, berlinDate, berlinTime, berlinToUtc } from "./time.js";

const fmtDate = (d: Date) => new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(d);
/** "Dienstag, 24. November 2026, 09:00 Uhr" */
export const formatWhen = (d: Date) => `${fmtDate(d)}, ${berlinTime(d)} Uhr`;

export const cancelLink = (config: Config, code: string, token: string) => `${config.publicUrl}/termine/buchung/${code}?token=${encodeURIComponent(token)}`;
/** The confirmation link carries the cancel token too, so the confirmation mail can include the cancel link (only hashes are stored). */
export const confirmLink = (config: Config, code: string, token: string, cancelToken: string) => `${config.publicUrl}/termine/buchung/${code}/bestaetigen?token=${encodeURIComponent(token)}&cancel=${encodeURIComponent(cancelToken)}`;

async function describe(db: Db, b: BookingView) {
  const loc = await findLocation(db, b.locationKey);
  return { where: loc ? `${loc.name}${loc.address ? `, ${loc.address}` : ""}` : b.locationKey, locName: loc?.name ?? b.locationKey };
}

/** Asks the person to confirm the held slot. */
export async function sendConfirmRequest(db: Db, mailer: Mailer, config: Config, code: string, confirmToken: string, cancelToken: string, holdMinutes: number) {
  const b = await findBooking(db, code);
  if (!b) return;
  const { where } = await describe(db, b);
  await mailer.send({
    to: b.email,
    subject: `Bitte bestätigen Sie Ihren Termin (${code})`,
    text: [
      `Guten Tag ${b.name},`,
      "",
      `wir halten diesen Termin ${holdMinutes} Minuten für Sie frei:`,
      `${b.serviceName}${b.persons > 1 ? ` (${b.persons} Personen)` : ""}`,
      formatWhen(b.start),
      where,
      "",
      "Bitte bestätigen Sie den Termin über diesen Link:",
      confirmLink(config, code, confirmToken, cancelToken),
      "",
      "Ohne Bestätigung wird der Termin wieder freigegeben.",
      "Stornieren:",
      cancelLink(config, code, cancelToken),
      "",
      `Buchungsnummer: ${code}`,
    ].join("\n"),
  });
}

/** The confirmation with the calendar file and the cancel/reschedule link. */
export async function sendConfirmation(db: Db, mailer: Mailer, config: Config, code: string, cancelUrl: string) {
  const b = await findBooking(db, code);
  if (!b) return;
  const { where } = await describe(db, b);
  const ics = buildIcs({ uid: `${code}@${new URL(config.publicUrl).hostname}`, start: b.start, end: b.end, summary: `Termin: ${b.serviceName}`, location: where, description: `Buchungsnummer ${code}. Bitte bringen Sie einen Lichtbildausweis mit; der Termin gilt für ${b.name}. Absagen oder verschieben: ${cancelUrl}`, url: cancelUrl });
  await mailer.send({
    to: b.email,
    subject: `Terminbestätigung ${code}: ${formatWhen(b.start)}`,
    text: [
      `Guten Tag ${b.name},`,
      "",
      "Ihr Termin ist bestätigt:",
      `${b.serviceName}${b.persons > 1 ? ` (${b.persons} Personen)` : ""}`,
      formatWhen(b.start),
      where,
      "",
      `Buchungsnummer: ${code} (bitte am Schalter nennen). Der Termin gilt nur für ${b.name}; bitte bringen Sie einen Lichtbildausweis mit.`,
      "",
      "Absagen oder verschieben:",
      cancelUrl,
      "",
      "Den Termin für Ihren Kalender finden Sie im Anhang (termin.ics).",
    ].join("\n"),
    attachments: [{ filename: "termin.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }],
  });
}

/** Confirms a cancellation. */
export async function sendCancellation(db: Db, mailer: Mailer, code: string) {
  const b = await findBooking(db, code);
  if (!b) return;
  await mailer.send({ to: b.email, subject: `Termin abgesagt (${code})`, text: [`Guten Tag ${b.name},`, "", `Ihr Termin am ${formatWhen(b.start)} (${b.serviceName}) ist abgesagt.`, "", `Buchungsnummer: ${code}`].join("\n") });
}

/** Sends the day-before reminders not yet sent (job "appointments-reminders"); returns how many. */
export async function sendDueReminders(db: Db, mailer: Mailer, config: Config, now = new Date()): Promise<number> {
  const tomorrow = addDays(berlinDate(now), 1);
  const due = await db
    .updateTable("appt_bookings")
    .set({ reminded_at: now })
    .where("status", "=", "confirmed")
    .where("reminded_at", "is", null)
    .where("starts_at", ">=", berlinToUtc(tomorrow, 0))
    .where("starts_at", "<", berlinToUtc(addDays(tomorrow, 1), 0))
    .returning(["code"])
    .execute();
  for (const { code } of due) {
    const b = await findBooking(db, code);
    if (!b) continue;
    const { where } = await describe(db, b);
    await mailer.send({ to: b.email, subject: `Erinnerung: Ihr Termin morgen um ${berlinTime(b.start)} Uhr`, text: [`Guten Tag ${b.name},`, "", `morgen haben Sie einen Termin: ${b.serviceName}, ${formatWhen(b.start)}, ${where}.`, "", `Buchungsnummer: ${code}`, `Falls Sie nicht kommen können, sagen Sie bitte ab: ${config.publicUrl}/termine/buchung/${code}`].join("\n") });
  }
  return due.length;
}

/**
 * Frees slots whose randomised release time has come and tells the waiting list of the service
 * at that location (job "appointments-release", and at once when the delay is 0).
 */
export async function releaseDueSlots(db: Db, mailer: Mailer, config: Config, now = new Date()): Promise<number> {
  await sql`UPDATE appt_bookings SET status = 'expired', updated_at = now() WHERE status = 'held' AND hold_expires_at <= ${now}`.execute(db);
  const freed = await db.updateTable("appt_bookings").set({ status: "cancelled", updated_at: now }).where("status", "=", "releasing").where("release_at", "<=", now).returning(["location_key", "leika_key", "starts_at"]).execute();
  await notifyWaitlist(db, mailer, config, freed.map((f) => ({ location: f.location_key, leikaKey: f.leika_key })));
  return freed.length;
}

/** Mails everyone waiting for these (location, service) pairs once. */
export async function notifyWaitlist(db: Db, mailer: Mailer, config: Config, pairs: Array<{ location: string; leikaKey: string }>) {
  const seen = new Set<string>();
  for (const p of pairs) {
    const k = `${p.location}|${p.leikaKey}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const waiting = await db.updateTable("appt_waitlist").set({ notified_at: new Date() }).where("location_key", "=", p.location).where("leika_key", "=", p.leikaKey).where("notified_at", "is", null).returning(["email"]).execute();
    for (const w of waiting) {
      await mailer.send({ to: w.email, subject: "Ein Termin ist frei geworden", text: ["Guten Tag,", "", "bei der Stelle, für die Sie sich auf die Warteliste gesetzt haben, ist ein Termin frei geworden:", `${config.publicUrl}/termine/${encodeURIComponent(p.location)}/${p.leikaKey}`, "", "Wer zuerst bucht, bekommt den Termin. Sie erhalten diese Nachricht nur einmal."].join("\n") });
    }
  }
}
