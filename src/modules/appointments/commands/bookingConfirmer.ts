import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { hashToken } from "./bookingCreator.js";
import { cancelLink, queueConfirmation } from "../mails.js";

/** Props of bookingConfirmer: the booking code and the token from the confirmation mail. */
export interface BookingConfirmerProps {
  code: string;
  token: string;
  /** The cancel token from the same link (only its hash is stored), for the cancel link in the confirmation mail. */
  cancelToken: string;
  config: Config;
  now?: Date;
}

export type BookingConfirmerResult = { ok: true; already: boolean; validCancel: boolean } | { ok: false; reason: "not_found" | "expired" | "cancelled" };

/** Turns a held booking into a confirmed one while the hold lasts (idempotent for a confirmed one). */
export async function bookingConfirmer(ctx: CommandContext, props: BookingConfirmerProps): Promise<BookingConfirmerResult> {
  const now = props.now ?? new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const b = await tx.selectFrom("appt_bookings").select(["id", "status", "hold_expires_at", "confirm_token_hash", "cancel_token_hash"]).where("code", "=", props.code).forUpdate().executeTakeFirst();
    if (!b || b.confirm_token_hash !== hashToken(props.token)) return { ok: false, reason: "not_found" } as const;
    const validCancel = b.cancel_token_hash === hashToken(props.cancelToken);
    if (b.status === "confirmed" || b.status === "checked_in") return { ok: true, already: true, validCancel } as const;
    if (b.status !== "held") return { ok: false, reason: b.status === "expired" ? "expired" : "cancelled" } as const;
    if (!b.hold_expires_at || b.hold_expires_at <= now) {
      await sql`UPDATE appt_bookings SET status = 'expired', updated_at = now() WHERE id = ${b.id}`.execute(tx);
      return { ok: false, reason: "expired" } as const;
    }
    await tx.updateTable("appt_bookings").set({ status: "confirmed", hold_expires_at: null, updated_at: new Date() }).where("id", "=", b.id).execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.confirmed", objectType: "appointment", objectId: props.code, requestId: ctx.requestId });
    await queueConfirmation(tx, props.config, props.code, validCancel ? cancelLink(props.config, props.code, props.cancelToken) : `${props.config.publicUrl}/termine/buchung/${props.code}`);
    return { ok: true, already: false, validCancel } as const;
  });
}
