import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { enqueueMail, recipientQuotaLeft } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { findMailContact } from "../../accounts/index.js";
import { orchardMessages } from "../messages.js";

const translate = translatorFor(orchardMessages);

export const MAIL_KIND = "orchards.message";

/**
 * Writes into the conversation about a listing or an item (opening it on the first message of an
 * interested person). The other side gets a link-only mail (no text, no sender address; at most a few per hour).
 * Audited without the text.
 */
export async function orchardMessageSender(
  ctx: CommandContext,
  config: Pick<Config, "publicUrl">,
  props: { about: { listingId: string } | { itemId: string }; owner: { id: string; name: string }; conversationId?: string; author: { id: string; name: string }; body: string },
): Promise<{ conversationId: string; mailId?: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    let conversationId = props.conversationId;
    let recipientId: string;
    if (!conversationId) {
      const onListing = "listingId" in props.about;
      const conv = await tx
        .insertInto("orchard_conversations")
        .values({ listing_id: "listingId" in props.about ? props.about.listingId : null, item_id: "itemId" in props.about ? props.about.itemId : null, owner_id: props.owner.id, interested_id: props.author.id, owner_name: props.owner.name, interested_name: props.author.name })
        .onConflict((oc) => oc.columns([onListing ? "listing_id" : "item_id", "interested_id"]).doUpdateSet({ interested_name: props.author.name }))
        .returning(["id"])
        .executeTakeFirstOrThrow();
      conversationId = conv.id;
      recipientId = props.owner.id;
    } else {
      const conv = await tx.selectFrom("orchard_conversations").select(["owner_id", "interested_id"]).where("id", "=", conversationId).executeTakeFirstOrThrow();
      recipientId = conv.owner_id === props.author.id ? conv.interested_id : conv.owner_id;
    }
    const msg = await tx.insertInto("orchard_messages").values({ conversation_id: conversationId, author_id: props.author.id, body: props.body, read_at: null }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.message_sent", objectType: "orchard_conversation", objectId: conversationId, details: { message: msg.id, ...props.about }, requestId: ctx.requestId });
    let mailId: string | undefined;
    const contact = await findMailContact(tx, recipientId);
    if (contact && (await recipientQuotaLeft(tx, MAIL_KIND, contact.email))) {
      const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
      mailId = await enqueueMail(tx, { kind: MAIL_KIND, ref: `orchards:${conversationId}`, to: contact.email, subject: t("orchards.mail.subject"), text: t("orchards.mail.text", { url: `${config.publicUrl}/streuobst/nachrichten/${conversationId}` }) });
    }
    return { conversationId, mailId };
  });
}

/** Marks the other side's messages as read (unread markers; not audited, changes no content). */
export async function conversationReadMarker(ctx: CommandContext, props: { conversationId: string; readerId: string }): Promise<void> {
  await ctx.db.updateTable("orchard_messages").set({ read_at: new Date() }).where("conversation_id", "=", props.conversationId).where("author_id", "is distinct from", props.readerId).where("read_at", "is", null).execute();
}
