import type { Generated } from "kysely";

export type MessageDirection = "to_applicant" | "from_applicant";
export type MessageKind = "message" | "document_request" | "answer" | "notice";
export type DocumentRole = "upload" | "attachment" | "statement" | "notice" | "other";
export type DocumentVisibility = "applicant" | "internal";

/** Tables of the mailbox module (migrations/0012_mailbox.sql). */
export interface MailboxTables {
  mailbox_messages: {
    id: Generated<string>;
    submission_id: string;
    case_id: string | null;
    direction: MessageDirection;
    kind: MessageKind;
    subject: string;
    body: string;
    author_id: string | null;
    reply_to: string | null;
    created_at: Generated<Date>;
    read_at: Date | null;
  };
  case_file_documents: {
    id: Generated<string>;
    submission_id: string;
    case_id: string | null;
    role: DocumentRole;
    name: string;
    visibility: DocumentVisibility;
    created_at: Generated<Date>;
  };
  case_file_versions: {
    document_id: string;
    version: number;
    file_id: string | null;
    case_document_id: string | null;
    filename: string;
    content_type: string;
    size_bytes: string | number;
    sha256: string | null;
    message_id: string | null;
    added_by_type: string;
    added_by_id: string | null;
    added_at: Generated<Date>;
  };
  mailbox_notifications: {
    id: Generated<string>;
    submission_id: string;
    reason: string;
    created_at: Generated<Date>;
    sent_at: Date | null;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    last_error: string | null;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends MailboxTables {}
}
