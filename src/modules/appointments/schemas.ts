import { Type, type Static } from "@sinclair/typebox";
import { LEIKA_KEY_DIGITS, leikaKeySchema } from "../../platform/keys.js";

export const SlotsQuery = Type.Object({
  leikaKey: leikaKeySchema({ description: "14-digit LeiKa key", examples: ["99023001012000"] }),
  location: Type.String({ maxLength: 100, description: "location key (org unit key)", examples: ["lra-08236-fuehrerschein"] }),
  from: Type.Optional(Type.String({ format: "date", description: "first day (Europe/Berlin), default today" })),
  to: Type.Optional(Type.String({ format: "date", description: "last day (inclusive), default from + 13 days; at most 62 days" })),
  persons: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 1, description: "persons in one booking; durations add up" })),
  extraLeikaKeys: Type.Optional(Type.String({ pattern: `^${LEIKA_KEY_DIGITS}(,${LEIKA_KEY_DIGITS}){0,2}$`, description: "further services at the same location in the same booking (comma-separated LeiKa keys, at most 3); durations add up", examples: ["99023001036000"] })),
});
export type SlotsQuery = Static<typeof SlotsQuery>;

export const SlotResponse = Type.Object({
  slotId: Type.String({ description: "opaque, signed; pass it to POST /api/v1/appointments" }),
  start: Type.String({ format: "date-time" }),
  end: Type.String({ format: "date-time" }),
  location: Type.String(),
});
export const SlotListResponse = Type.Array(SlotResponse);

export const BookingCreateBody = Type.Object({
  slotId: Type.Optional(Type.String({ maxLength: 400 })),
  name: Type.Optional(Type.String({ maxLength: 400 })),
  email: Type.Optional(Type.String({ maxLength: 400 })),
  altcha: Type.Optional(Type.String({ maxLength: 4000, description: "base64 ALTCHA solution of GET /api/v1/appointments/challenge" })),
});
export type BookingCreateBody = Static<typeof BookingCreateBody>;

export const BookingCreatedResponse = Type.Object({
  bookingCode: Type.String(),
  cancelToken: Type.String(),
  status: Type.String({ description: "held until confirmed through the e-mailed link" }),
  holdExpiresAt: Type.String({ format: "date-time" }),
});

export const BookingParams = Type.Object({ bookingCode: Type.String({ maxLength: 20 }) });
export type BookingParams = Static<typeof BookingParams>;
export const CancelQuery = Type.Object({ token: Type.String({ maxLength: 200 }) });
export type CancelQuery = Static<typeof CancelQuery>;
export const CancelResponse = Type.Object({ bookingCode: Type.String(), status: Type.String() });

export const ChallengeResponse = Type.Object({
  algorithm: Type.Literal("SHA-256"),
  challenge: Type.String(),
  salt: Type.String(),
  signature: Type.String(),
  maxnumber: Type.Integer(),
});
