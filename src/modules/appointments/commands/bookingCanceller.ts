import { randomInt } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { hashToken } from "./bookingCreator.js";
import { queueCancellation } from "../mails.js";
import { publishEvent } from "../../../platform/events/index.js";
import "../events.js";

/** Props of bookingCanceller: code and either the cancel token from the mail or the API answer, or the signed-in owner's account. */
export interface BookingCancellerProps {
  code: string;
  token?: string;
  /** The account the booking belongs to ("Meine Termine"); used when there is no token. */
  userId?: string;
  /** Upper bound of the randomised delay before the slot is offered again (0 = at once). */
  releaseDelayMaxSeconds: number;
  now?: Date;
}

export type BookingCancellerResult = { ok: true; releaseAt: Date } | { ok: false; reason: "not_found" | "already_cancelled" | "past" };

/**
 * Cancels a held or confirmed booking ('releasing' until release_at, then releaseDueSlots frees
 * it and tells the waiting list). The slot is released at a random time within the delay
 * window, so bots watching for cancellations cannot predict when it reappears. Publishes "appointment.cancelled"
 * in the same transaction (events.ts).
 */
export async function bookingCanceller(ctx: CommandContext, props: BookingCancellerProps): Promise<BookingCancellerResult> {
  const now = props.now ?? new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const b = await tx.selectFrom("appt_bookings").select(["id", "status", "starts_at", "cancel_token_hash", "user_id", "location_key", "leika_key"]).where("code", "=", props.code).forUpdate().executeTakeFirst();
    const allowed = props.token !== undefined ? b?.cancel_token_hash === hashToken(props.token) : !!props.userId && b?.user_id === props.userId;
    if (!b || !allowed) return { ok: false, reason: "not_found" } as const;
    if (!["held", "confirmed"].includes(b.status)) return { ok: false, reason: "already_cancelled" } as const;
    if (b.starts_at <= now) return { ok: false, reason: "past" } as const;
    const delay = props.releaseDelayMaxSeconds > 0 ? randomInt(0, props.releaseDelayMaxSeconds + 1) : 0;
    const releaseAt = new Date(now.getTime() + delay * 1000);
    await tx.updateTable("appt_bookings").set({ status: "releasing", release_at: releaseAt, updated_at: now }).where("id", "=", b.id).execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.cancelled", objectType: "appointment", objectId: props.code, requestId: ctx.requestId });
    await queueCancellation(tx, props.code);
    // The module owning the service (e-learning's video identification) learns of it after the commit.
    const service = await tx.selectFrom("appt_services").select("owner_module").where("location_key", "=", b.location_key).where("leika_key", "=", b.leika_key).executeTakeFirst();
    await publishEvent(tx, "appointment.cancelled", { code: props.code, location: b.location_key, leikaKey: b.leika_key, ownerModule: service?.owner_module ?? null });
    return { ok: true, releaseAt } as const;
  });
}
