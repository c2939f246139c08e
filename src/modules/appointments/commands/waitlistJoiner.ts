import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/** Props of waitlistJoiner: who waits for which service at which location. */
export interface WaitlistJoinerProps {
  location: string;
  leikaKey: string;
  email: string;
}

/** Puts an e-mail address on the waiting list (once; re-arms a notified entry). */
export async function waitlistJoiner(ctx: CommandContext, props: WaitlistJoinerProps): Promise<{ ok: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const offered = await tx.selectFrom("appt_services").select("leika_key").where("location_key", "=", props.location).where("leika_key", "=", props.leikaKey).where("owner_module", "is", null).executeTakeFirst();
    if (!offered) return { ok: false };
    await tx
      .insertInto("appt_waitlist")
      .values({ location_key: props.location, leika_key: props.leikaKey, email: props.email.toLowerCase() })
      .onConflict((oc) => oc.columns(["location_key", "leika_key", "email"]).doUpdateSet({ notified_at: null, created_at: new Date() }))
      .execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.waitlist_joined", objectType: "appointment_location", objectId: props.location, details: { leikaKey: props.leikaKey }, requestId: ctx.requestId });
    return { ok: true };
  });
}
