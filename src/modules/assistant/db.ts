import type { ColumnType, Generated } from "kysely";

export type AssistantChannel = "chat" | "phone" | "api";
export type ReplyKind = "answer" | "ask_place" | "choose" | "unknown" | "handoff" | "greeting";
export type LinkKind = "source" | "form" | "appointment" | "office" | "handoff" | "case" | "login";

/** A link in an assistant turn (what a button or the phone's SMS/e-mail follow-up would carry). */
export interface ReplyLink {
  kind: LinkKind;
  label: string;
  url: string;
}

/** A live handoff: waiting for staff, claimed by one staff member, or closed. */
export type LiveStatus = "waiting" | "claimed" | "closed";

export interface TranscriptLine {
  role: "user" | "assistant";
  text: string;
}

/** Tables of the assistant module (migrations/0023_assistant.sql). */
export interface AssistantTables {
  assistant_conversations: {
    id: Generated<string>;
    secret_hash: string;
    channel: AssistantChannel;
    locale: Generated<string>;
    ags: string | null;
    pending_leika: string | null;
    pending_choices: ColumnType<string[], string[] | undefined, string[]>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  assistant_turns: {
    conversation_id: string;
    seq: number;
    role: "user" | "assistant";
    text: string;
    links: ColumnType<ReplyLink[], string | undefined, string>;
    kind: ReplyKind | null;
    leika_key: string | null;
    created_at: Generated<Date>;
  };
  assistant_handoffs: {
    id: Generated<string>;
    conversation_id: string | null;
    reference: string;
    channel: AssistantChannel;
    question: string;
    contact_name: string | null;
    contact_email: string | null;
    contact_phone: string | null;
    transcript: ColumnType<TranscriptLine[], string | undefined, string>;
    status: Generated<"open" | "answered">;
    answer: string | null;
    answered_by: string | null;
    answered_at: Date | null;
    created_at: Generated<Date>;
  };
  /** Live handoffs (migrations/0073_assistant_live_handoffs.sql, ADR 0076). */
  assistant_live_handoffs: {
    id: Generated<string>;
    conversation_id: string | null;
    org_unit_id: string | null;
    reference: string;
    status: Generated<LiveStatus>;
    transcript: ColumnType<TranscriptLine[], string | undefined, string>;
    wait_until: ColumnType<Date, Date | string, Date | string>;
    claimed_by: string | null;
    claimed_at: Date | null;
    closed_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    /** The staff alert mail was queued (migrations/0080). */
    alerted_at: Date | null;
    /** The person's newest message seq when staff last opened the case (0: none yet; null: never opened; migrations/0080). */
    staff_seen_seq: number | null;
  };
  assistant_live_messages: {
    handoff_id: string;
    seq: number;
    author: "person" | "staff";
    staff_id: string | null;
    text: string;
    created_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends AssistantTables {}
}
