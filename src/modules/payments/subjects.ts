/**
 * What a payment pays for. Modules that take payments register a handler that runs inside the
 * transaction that books PAYED (so "paid" is never recorded without its consequence).
 */
import type { CommandContext } from "../../platform/commands.js";
import type { PaymentSubjectHandler } from "../../platform/modules.js";

export type { PaidTransaction, PaymentSubjectHandler } from "../../platform/modules.js";

/**
 * What payment commands get besides the usual context: the app's subject handlers (declared as
 * `paymentSubjects` in module definitions; the fines handler is built in).
 */
export interface PaymentContext extends CommandContext {
  paymentSubjects: ReadonlyMap<string, PaymentSubjectHandler>;
}
