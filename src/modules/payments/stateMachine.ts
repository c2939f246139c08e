import type { PaymentStatus } from "./providers/xbezahldienste/protocol.js";

/**
 * The transaction states and their only transitions: INITIAL → PAYED | CANCELED | FAILED.
 * Final states never change; a provider reporting PAYED for a cancelled transaction is a discrepancy
 * for the reconciliation list, not a transition.
 */
const TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  INITIAL: ["PAYED", "CANCELED", "FAILED"],
  PAYED: [],
  CANCELED: [],
  FAILED: [],
};

export type TransitionResult = { kind: "changed"; to: PaymentStatus } | { kind: "unchanged" } | { kind: "refused"; from: PaymentStatus; to: PaymentStatus };

/** What happens when the provider reports `to` for a transaction in `from`. */
export function transition(from: PaymentStatus, to: PaymentStatus): TransitionResult {
  if (from === to) return { kind: "unchanged" };
  if (TRANSITIONS[from].includes(to)) return { kind: "changed", to };
  return { kind: "refused", from, to };
}

export const isFinal = (s: PaymentStatus) => TRANSITIONS[s].length === 0;
