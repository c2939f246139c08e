/** Events the mailbox module publishes (platform/events: written in the publishing transaction, delivered after commit). */
export interface MailboxMessageSent {
  messageId: string;
  /** The applicant's account (messages to anonymous applicants publish nothing: there is no device to tell). */
  userId: string;
}

declare module "../../platform/events/index.js" {
  interface EventMap {
    /**
     * Staff wrote a plain message to a signed-in applicant. A request for documents does not publish this:
     * it moves the case to "action required", which "case.changed" already announces.
     */
    "mailbox.message_sent": MailboxMessageSent;
  }
}
