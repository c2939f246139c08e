import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { bookingCreator } from "./bookingCreator.js";
import { bookingConfirmer } from "./bookingConfirmer.js";

export interface DirectBookingProps {
  location: string;
  leikaKey: string;
  start: Date;
  name: string;
  email: string;
  config: Config;
  now?: Date;
}

export type DirectBookingResult = { ok: true; code: string; start: Date; end: Date } | { ok: false; reason: "unknown_slot" | "past" | "outside_hours" | "taken" | "too_many_bookings" | "expired" };

/**
 * A booking made on behalf of a person another module already knows (e-learning's video identification: the guest
 * reached it through their capability link): the usual hold (same races, same per-address limit), confirmed at
 * once — the confirmation mail with the cancel link goes out as for every booking.
 */
export async function directBooker(ctx: CommandContext, p: DirectBookingProps): Promise<DirectBookingResult> {
  const held = await bookingCreator(ctx, { slot: { location: p.location, leikaKey: p.leikaKey, start: p.start, persons: 1 }, name: p.name, email: p.email, config: p.config, maxLiveBookingsPerEmail: 3, now: p.now });
  if (!held.ok) return held;
  const confirmed = await bookingConfirmer(ctx, { code: held.code, token: held.confirmToken, cancelToken: held.cancelToken, config: p.config, now: p.now });
  if (!confirmed.ok) return { ok: false, reason: confirmed.reason === "expired" ? "expired" : "taken" };
  return { ok: true, code: held.code, start: held.start, end: held.end };
}
