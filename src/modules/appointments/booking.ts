/** The booking attempt shared by the JSON API and the HTML form: fairness checks, hold, mail. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { hitCounter } from "../../platform/http/rateLimitStore.js";
import { bookingCreator } from "./commands/bookingCreator.js";
import { decodeSlotId } from "./slotId.js";
import { verifySolution } from "./altcha.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { slotState } from "./slotState.js";
import { isEmailAddress, normalizeEmailAddress } from "../../platform/mail/address.js";


/** Limits (PostgreSQL counters, shared by all nodes). Without a solved challenge (no JavaScript) the per-IP limit is stricter. */
export const LIMITS = { ipPerHourWithPow: 30, ipPerHourWithoutPow: 5, emailPerDay: 6, liveBookingsPerEmail: 3 };

export interface AttemptInput {
  slotId: string;
  name: string;
  email: string;
  altcha: string;
  /** The HTML form may go without proof of work (stricter limits instead); the API may not. */
  allowWithoutChallenge: boolean;
}

export type AttemptResult =
  | { ok: true; code: string; cancelToken: string; holdExpiresAt: Date }
  | { ok: false; status: 409 | 422 | 429; error: string; field?: BookingField; message: string; fieldErrors?: Array<{ field: BookingField; message: string }> };

type BookingField = "slotId" | "name" | "email" | "altcha";

const PAST = "Dieser Termin liegt in der Vergangenheit. Bitte wählen Sie einen anderen.";
const TAKEN = "Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie einen anderen.";
const fail = (status: 409 | 422 | 429, error: string, message: string, field?: BookingField): AttemptResult => ({ ok: false, status, error, message, field });

/** Name and e-mail checked together, so the form shows every error at once (issue 24 item 11). */
export function personErrors(name: string, email: string): Array<{ field: "name" | "email"; message: string }> {
  const errors: Array<{ field: "name" | "email"; message: string }> = [];
  if (name.length < 3 || name.length > 120 || !/\p{L}/u.test(name) || !name.includes(" ")) errors.push({ field: "name", message: "Bitte geben Sie Vor- und Nachnamen der Person an, für die der Termin ist (so wie im Ausweis)." });
  if (!isEmailAddress(email)) errors.push({ field: "email", message: "Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de." });
  return errors;
}

/** Validates, applies the fairness rules, holds the slot and sends the confirmation request. */
export async function attemptBooking(app: FastifyInstance, req: FastifyRequest, input: AttemptInput): Promise<AttemptResult> {
  const { db, config, mailer } = app.deps;
  const name = input.name.normalize("NFC").replace(/\s+/g, " ").trim();
  const email = normalizeEmailAddress(input.email);
  const slot = decodeSlotId(config.sessionSecret, input.slotId);
  if (!slot) return fail(422, "invalid_slot", "Der gewählte Termin ist ungültig. Bitte wählen Sie einen Termin aus der Liste.", "slotId");
  const invalid = personErrors(name, email);
  if (invalid.length) return { ok: false, status: 422, error: `invalid_${invalid[0]!.field}`, field: invalid[0]!.field, message: invalid[0]!.message, fieldErrors: invalid };

  let solved = false;
  if (config.bookingChallenge) {
    if (input.altcha) {
      const v = await verifySolution(config.sessionSecret, input.altcha);
      if (!v.ok) return fail(422, "invalid_challenge", v.reason === "expired" ? "Die Sicherheitsprüfung ist abgelaufen. Bitte laden Sie die Seite neu." : "Die Sicherheitsprüfung ist ungültig. Bitte laden Sie die Seite neu.", "altcha");
      const used = await hitCounter(db, `appt:altcha:${v.challenge}`, 20 * 60_000);
      if (used.count > 1) return fail(422, "challenge_reused", "Diese Sicherheitsprüfung wurde schon verwendet. Bitte laden Sie die Seite neu.", "altcha");
      solved = true;
    } else if (!input.allowWithoutChallenge) {
      return fail(422, "challenge_missing", "Die Sicherheitsprüfung (altcha) fehlt. Holen Sie eine Aufgabe über GET /api/v1/appointments/challenge.", "altcha");
    }
    const ip = await hitCounter(db, `appt:ip:${req.ip}`, 3600_000);
    if (ip.count > (solved ? LIMITS.ipPerHourWithPow : LIMITS.ipPerHourWithoutPow)) return fail(429, "too_many_requests", "Von Ihrem Anschluss kamen in der letzten Stunde zu viele Buchungen. Bitte versuchen Sie es später erneut.");
  }
  // One round trip answers most attempts of a rush (the slot is gone: 409) and, only when the slot is
  // not surely taken, hits the per-address counter in the same statement (issue 13, ADR 0058).
  if (slot.start.getTime() <= Date.now()) return fail(422, "past", PAST, "slotId");
  const state = await slotState(db, slot, { hit: { key: `appt:email:${email}`, windowMs: 86400_000 } });
  if (!state.ok && state.reason === "taken") return fail(409, "taken", TAKEN, "slotId");
  if ((state.counterHits ?? 0) > LIMITS.emailPerDay) return fail(429, "too_many_requests", "Mit dieser E-Mail-Adresse wurden heute zu viele Buchungen versucht. Bitte versuchen Sie es morgen erneut.", "email");
  const r = await bookingCreator({ actor: req.actor(), db, requestId: req.id }, { slot, state, name, email, config, maxLiveBookingsPerEmail: LIMITS.liveBookingsPerEmail, userId: req.user?.kind === "citizen" ? req.user.id : null });
  if (!r.ok) {
    if (r.reason === "too_many_bookings") return fail(429, "too_many_bookings", `Mit dieser E-Mail-Adresse sind schon ${LIMITS.liveBookingsPerEmail} Termine gebucht. Bitte sagen Sie einen ab, bevor Sie einen neuen buchen.`, "email");
    if (r.reason === "taken") return fail(409, "taken", TAKEN, "slotId");
    if (r.reason === "past") return fail(422, "past", PAST, "slotId");
    if (r.reason === "outside_hours") return fail(422, "outside_hours", "Zu dieser Zeit gibt es keinen Termin (außerhalb der Öffnungszeiten, Feiertag oder außerhalb des Buchungszeitraums).", "slotId");
    return fail(422, "unknown_slot", "Diesen Termin gibt es nicht (mehr). Bitte wählen Sie einen Termin aus der Liste.", "slotId");
  }
  await deliverQueuedMails(db, mailer, { ids: r.mailId ? [r.mailId] : [] }).catch((err: unknown) => req.log.error({ err }, "confirmation request mail failed"));
  return { ok: true, code: r.code, cancelToken: r.cancelToken, holdExpiresAt: r.holdExpiresAt };
}
