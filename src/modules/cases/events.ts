/** The events the cases module publishes (ADR 0026); subscribers declare handlers in their module definition. */
import type { CaseChange } from "./commands/engine.js";

declare module "../../platform/events/index.js" {
  interface EventMap {
    /** A case was opened, moved, got a notice or a timeline entry (published in the changing transaction). */
    "case.changed": CaseChange;
  }
}
