import { Type, type Static } from "@sinclair/typebox";

export const NotificationResponse = Type.Object({ result: Type.String({ description: "changed | unchanged | discrepancy | duplicate | rejected | unknown_transaction | amount_mismatch" }) });

export const OpenItemParams = Type.Object({ kassenzeichen: Type.String({ minLength: 4, maxLength: 40, examples: ["5.1234.567890"] }) });
export type OpenItemParams = Static<typeof OpenItemParams>;

const itemFields = {
  plate: Type.Optional(Type.Union([Type.String({ maxLength: 20, description: "Kfz-Kennzeichen; when set, citizens must enter it too", examples: ["PF-AB 123"] }), Type.Null()])),
  amountCents: Type.Integer({ minimum: 1, maximum: 100_000_000, description: "open amount in cents", examples: [3500] }),
  dueDate: Type.String({ format: "date", examples: ["2026-12-31"] }),
  description: Type.String({ minLength: 1, maxLength: 200, examples: ["Verwarnungsgeld: Parken im Halteverbot"] }),
};
export const OpenItemBody = Type.Object(itemFields, { additionalProperties: false });
export type OpenItemBody = Static<typeof OpenItemBody>;

export const OpenItemBatchBody = Type.Object({ items: Type.Array(Type.Object({ kassenzeichen: Type.String({ maxLength: 40 }), ...itemFields }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
export type OpenItemBatchBody = Static<typeof OpenItemBatchBody>;

export const OpenItemResponse = Type.Object({
  kassenzeichen: Type.String(),
  plate: Type.Union([Type.String(), Type.Null()]),
  amountCents: Type.Integer(),
  dueDate: Type.String({ format: "date" }),
  description: Type.String(),
  status: Type.Union([Type.Literal("open"), Type.Literal("paid"), Type.Literal("withdrawn")]),
  paidAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

export const ImportResponse = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() });
