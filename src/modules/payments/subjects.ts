/**
 * What a payment pays for. Modules that take payments register a handler that runs inside the
 * transaction that books PAYED (so "paid" is never recorded without its consequence).
 */
import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/schema.js";

export interface PaidTransaction {
  id: string;
  subjectId: string;
  amountCents: number;
  reference: string;
}

export interface PaymentSubjectHandler {
  onPaid(tx: Transaction<Database>, paid: PaidTransaction): Promise<void>;
}

const handlers = new Map<string, PaymentSubjectHandler>();

/** Registers the handler for a subject type ("application"); the fines handler is built in. */
export function registerPaymentSubject(type: "application" | "fine", handler: PaymentSubjectHandler): void {
  handlers.set(type, handler);
}

export const subjectHandler = (type: string) => handlers.get(type);
