import { createHash, randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import type { RequestNeed } from "../requestQueries.js";
import { careMailTranslator, mailLocale } from "./requestAnswerer.js";
import "../db.js";

/** The need of a request; the person's details only with consent (the caller empties them otherwise). */
export interface RequestInput extends RequestNeed {
  requesterId: string | null;
  /** The care counsellor sending on behalf of a family (also the requester), else null. */
  counsellorId?: string | null;
  clientHash: string;
}

/** Where the mails go: per provider, the addresses of its accounts (or its public address without accounts). */
export interface RequestRecipient {
  providerId: string;
  providerName: string;
  /** With the account's language (a provider's public address without accounts gets German). */
  addresses: { email: string; locale: string }[];
}

export const secretHashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

/**
 * Stores a request to one or more providers and queues one mail per provider address that holds only a
 * link to the provider's inbox (no need, no personal data in mails); audited without personal data.
 * Returns the secret of the requester's link (only its hash is stored).
 */
export async function requestSender(ctx: CommandContext, input: RequestInput, to: readonly RequestRecipient[], publicUrl: string): Promise<{ id: string; secret: string }> {
  const secret = randomBytes(24).toString("base64url");
  const consent = input.consent;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("care_requests")
      .values({
        kind: input.kind,
        needed_from: input.neededFrom,
        ags: input.ags,
        specialisations: input.specialisations,
        consent,
        person_name: consent ? input.personName : "",
        person_contact: consent ? input.personContact : "",
        note: consent ? input.note : "",
        requester_id: input.requesterId,
        counsellor_id: input.counsellorId ?? null,
        secret_hash: secretHashOf(secret),
        client_hash: input.clientHash,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const r of to) {
      await tx.insertInto("care_request_recipients").values({ request_id: row.id, provider_id: r.providerId, answer: null, answered_at: null, answered_by: null }).execute();
      for (const address of r.addresses) {
        const t = careMailTranslator(mailLocale(address.locale));
        await enqueueMail(tx, {
          kind: "care.request",
          ref: row.id,
          to: address.email,
          subject: t("care.mail.providerRequest.subject", { name: r.providerName }),
          text: t("care.mail.providerRequest.body", { link: `${publicUrl}/pflegeplaetze/anbieter/${r.providerId}/anfragen` }),
        });
      }
    }
    await appendAudit(tx, ctx.actor, { action: "care.request_sent", objectType: "care_request", objectId: row.id, details: { kind: input.kind, providers: to.map((r) => r.providerId), consent, onBehalf: !!input.counsellorId }, requestId: ctx.requestId });
    return { id: row.id, secret };
  });
}
