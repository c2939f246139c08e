import type { ColumnType, Generated } from "kysely";
import type { XmlProblem } from "./xbau/validate.js";

/** Tables of the interop module (migrations/0030_interop.sql). */
export interface InteropTables {
  interop_xbau_messages: {
    id: Generated<string>;
    case_id: string;
    submission_id: string | null;
    message_type: string;
    message_uuid: string;
    direction: Generated<"outgoing" | "incoming">;
    trigger_key: string;
    status: "valid" | "invalid";
    xml: string;
    errors: ColumnType<XmlProblem[], string | undefined, string>;
    created_at: Generated<Date>;
  };
  interop_destinations: {
    id: Generated<string>;
    name: string;
    leika_key: string;
    ags_prefix: Generated<string>;
    office_key: string | null;
    submission_url: string;
    public_jwk: ColumnType<Record<string, unknown>, string, string>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
  };
  interop_deliveries: {
    id: Generated<string>;
    submission_id: string;
    destination_id: string;
    status: Generated<"pending" | "delivered" | "failed">;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    last_error: string | null;
    remote_id: string | null;
    delivered_at: Date | null;
    created_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends InteropTables {}
}
