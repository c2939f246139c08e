import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { hashToken } from "./bookingCreator.js";

/** Props of bookingConfirmer: the booking code and the token from the confirmation mail. */
export interface BookingConfirmerProps {
  code: string;
  token: string;
  now?: Date;
}

export type BookingConfirmerResult = { ok: true; already: boolean } | { ok: false; reason: "not_found" | "expired" | "cancelled" };

/** Turns a held booking into a confirmed one while the hold lasts (idempotent for a confirmed one). */
export async function bookingConfirmer(ctx: CommandContext, props: BookingConfirmerProps): Promise<BookingConfirmerResult> {
  const now = props.now ?? new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const b = await tx.selectFrom("appt_bookings").select(["id", "status", "hold_expires_at", "confirm_token_hash"]).where("code", "=", props.code).forUpdate().executeTakeFirst();
    if (!b || b.confirm_token_hash !== hashToken(props.token)) return { ok: false, reason: "not_found" } as const;
    if (b.status === "confirmed" || b.status === "checked_in") return { ok: true, already: true } as const;
    if (b.status !== "held") return { ok: false, reason: b.status === "expired" ? "expired" : "cancelled" } as const;
    if (!b.hold_expires_at || b.hold_expires_at <= now) {
      await sql`UPDATE appt_bookings SET status = 'expired', updated_at = now() WHERE id = ${b.id}`.execute(tx);
      return { ok: false, reason: "expired" } as const;
    }
    await tx.updateTable("appt_bookings").set({ status: "confirmed", hold_expires_at: null, updated_at: new Date() }).where("id", "=", b.id).execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.confirmed", objectType: "appointment", objectId: props.code, requestId: ctx.requestId });
    return { ok: true, already: false } as const;
  });
}
