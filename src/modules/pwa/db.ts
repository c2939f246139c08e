import type { Generated } from "kysely";

/** Push topics a person can opt into (Mein Konto → Benachrichtigungen). */
export const PUSH_TOPICS = ["cases", "mailbox", "appointments", "waste", "roadworks"] as const;
export type PushTopic = (typeof PUSH_TOPICS)[number];

/** Fractions of the waste calendar. */
export const WASTE_FRACTIONS = ["rest", "bio", "papier", "gelb", "gruen", "schadstoff"] as const;
export type WasteFraction = (typeof WASTE_FRACTIONS)[number];

/** Tables of the pwa module (migrations/0029_pwa.sql). */
export interface PwaTables {
  pwa_settings: { key: string; value: string; created_at: Generated<Date> };
  /** waste_house_number: the number the person typed, matched to the section waste_street_id (migration 0093). */
  pwa_push_preferences: { user_id: string; topics: string[]; waste_street_id: string | null; waste_house_number: Generated<string | null>; updated_at: Generated<Date> };
  pwa_push_subscriptions: {
    id: Generated<string>;
    user_id: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    created_at: Generated<Date>;
    last_sent_at: Date | null;
  };
  pwa_push_queue: {
    id: Generated<string>;
    subscription_id: string;
    topic: string;
    dedupe_key: string;
    url: string;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    sent_at: Date | null;
    last_error: string | null;
    created_at: Generated<Date>;
  };
  /** A street or one section of it by house numbers (migration 0082: house_from/house_to inclusive, parity odd/even/null). */
  pwa_waste_streets: {
    id: Generated<string>;
    ags: string;
    street: string;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    house_from: Generated<number | null>;
    house_to: Generated<number | null>;
    parity: Generated<"odd" | "even" | null>;
  };
  pwa_waste_dates: { street_id: string; day: string; fraction: string };
  pwa_news: {
    id: Generated<string>;
    ags: string | null;
    title: string;
    body: string;
    published_at: Generated<Date>;
    withdrawn_at: Date | null;
    author_id: string | null;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    /** When the item became visible; null while scheduled (migration 0081). */
    announced_at: Generated<Date | null>;
    edited_at: Generated<Date | null>;
    /** Optional image (migration 0093): a checked upload in `files`, its size and its text alternative (all or none). */
    image_file_id: Generated<string | null>;
    image_alt: Generated<string | null>;
    image_width: Generated<number | null>;
    image_height: Generated<number | null>;
    /** Its thumbnail (≤ 400 px, migration 0102); null for items published before session 25. */
    image_thumb_file_id: Generated<string | null>;
  };
  pwa_news_editors: { user_id: string; ags: string | null; granted_by: string | null; granted_at: Generated<Date> };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends PwaTables {}
}
