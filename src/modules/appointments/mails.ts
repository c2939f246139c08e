/**
 * The module's e-mails: confirmation request, confirmation with ICS and QR code, cancellation,
 * reschedule, reminder, waiting list. Each is written to the mail queue inside the transaction of
 * the command that causes it (platform mail queue, src/platform/mail/queue.ts) and delivered from there.
 */
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { buildIcs } from "./ics.js";
import { enqueueMail } from "../../platform/mail/queue.js";
import { qrPng } from "./qr.js";
import { findBooking, findLocation, type BookingView } from "./queries.js";
import { berlinTime } from "./time.js";

const fmtDate = (d: Date) => new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(d);
/** "Dienstag, 24. November 2026, 09:00 Uhr" */
export const formatWhen = (d: Date) => `${fmtDate(d)}, ${berlinTime(d)} Uhr`;

export const cancelLink = (config: Config, code: string, token: string) => `${config.publicUrl}/termine/buchung/${code}?token=${encodeURIComponent(token)}`;
/** The confirmation link carries the cancel token too, so the confirmation mail can include the cancel link (only hashes are stored). */
export const confirmLink = (config: Config, code: string, token: string, cancelToken: string) => `${config.publicUrl}/termine/buchung/${code}/bestaetigen?token=${encodeURIComponent(token)}&cancel=${encodeURIComponent(cancelToken)}`;

async function describe(db: Db, b: BookingView) {
  const loc = await findLocation(db, b.locationKey, { includeInactive: true });
  return { where: loc ? `${loc.name}${loc.address ? `, ${loc.address}` : ""}` : b.locationKey, locName: loc?.name ?? b.locationKey };
}

const what = (b: BookingView) => `${b.serviceName}${b.persons > 1 ? ` (${b.persons} Personen)` : ""}`;

/** Queues the request to confirm the held slot. */
export async function queueConfirmRequest(tx: Db, config: Config, code: string, confirmToken: string, cancelToken: string, holdMinutes: number) {
  const b = await findBooking(tx, code);
  if (!b) return;
  const { where } = await describe(tx, b);
  return enqueueMail(tx, {
    kind: "confirm_request",
    ref: code,
    to: b.email,
    subject: `Bitte bestätigen Sie Ihren Termin (${code})`,
    text: [
      `Guten Tag ${b.name},`,
      "",
      `wir halten diesen Termin ${holdMinutes} Minuten für Sie frei:`,
      what(b),
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

/** Queues the confirmation with the calendar file, the QR code for check-in and the cancel/reschedule link (also after a reschedule). */
export async function queueConfirmation(tx: Db, config: Config, code: string, cancelUrl: string, opts: { rescheduledFrom?: string } = {}) {
  const b = await findBooking(tx, code);
  if (!b) return;
  const { where } = await describe(tx, b);
  const ics = buildIcs({ uid: `${code}@${new URL(config.publicUrl).hostname}`, start: b.start, end: b.end, summary: `Termin: ${b.serviceName}`, location: where, description: `Buchungsnummer ${code}. Bitte bringen Sie einen Lichtbildausweis mit; der Termin gilt für ${b.name}. Absagen oder verschieben: ${cancelUrl}`, url: cancelUrl });
  return enqueueMail(tx, {
    kind: opts.rescheduledFrom ? "rescheduled" : "confirmation",
    ref: code,
    to: b.email,
    subject: `${opts.rescheduledFrom ? "Termin verschoben" : "Terminbestätigung"} ${code}: ${formatWhen(b.start)}`,
    text: [
      `Guten Tag ${b.name},`,
      "",
      opts.rescheduledFrom ? `Ihr Termin ist verschoben. Der bisherige Termin (Buchungsnummer ${opts.rescheduledFrom}) ist freigegeben. Ihr neuer Termin:` : "Ihr Termin ist bestätigt:",
      what(b),
      formatWhen(b.start),
      where,
      "",
      `Buchungsnummer: ${code} (bitte am Schalter nennen oder den QR-Code im Anhang zeigen). Der Termin gilt nur für ${b.name}; bitte bringen Sie einen Lichtbildausweis mit.`,
      "",
      "Absagen oder verschieben:",
      cancelUrl,
      "",
      "Den Termin für Ihren Kalender finden Sie im Anhang (termin.ics), den QR-Code zum Einchecken in termin-qr.png.",
    ].join("\n"),
    attachments: [
      { filename: "termin.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" },
      { filename: "termin-qr.png", content: await qrPng(code), contentType: "image/png" },
    ],
  });
}

/** Queues the confirmation of a cancellation. */
export async function queueCancellation(tx: Db, code: string) {
  const b = await findBooking(tx, code);
  if (!b) return;
  return enqueueMail(tx, { kind: "cancellation", ref: code, to: b.email, subject: `Termin abgesagt (${code})`, text: [`Guten Tag ${b.name},`, "", `Ihr Termin am ${formatWhen(b.start)} (${b.serviceName}) ist abgesagt.`, "", `Buchungsnummer: ${code}`].join("\n") });
}

/** Queues the reminder the day before. Only hashes of the cancel token are stored, so it points to the link in the confirmation mail. */
export async function queueReminder(tx: Db, code: string) {
  const b = await findBooking(tx, code);
  if (!b) return;
  const { where } = await describe(tx, b);
  return enqueueMail(tx, {
    kind: "reminder",
    ref: code,
    to: b.email,
    subject: `Erinnerung: Ihr Termin morgen um ${berlinTime(b.start)} Uhr`,
    text: [`Guten Tag ${b.name},`, "", `morgen haben Sie einen Termin: ${b.serviceName}, ${formatWhen(b.start)}, ${where}.`, "", `Buchungsnummer: ${code}`, "Falls Sie nicht kommen können, sagen Sie bitte über den Link in Ihrer Bestätigungs-E-Mail ab oder verschieben Sie den Termin dort."].join("\n"),
  });
}

/** Queues the note to someone on the waiting list. */
export async function queueWaitlistNote(tx: Db, config: Config, email: string, location: string, leikaKey: string) {
  return enqueueMail(tx, {
    kind: "waitlist",
    to: email,
    subject: "Ein Termin ist frei geworden",
    text: ["Guten Tag,", "", "bei der Stelle, für die Sie sich auf die Warteliste gesetzt haben, ist ein Termin frei geworden:", `${config.publicUrl}/termine/${encodeURIComponent(location)}/${leikaKey}`, "", "Wer zuerst bucht, bekommt den Termin. Sie erhalten diese Nachricht nur einmal."].join("\n"),
  });
}
