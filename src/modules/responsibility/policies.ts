import { ForbiddenError } from "../../platform/auth/guards.js";
import type { SessionUser } from "../../platform/auth/session.js";

/** Who may do what with responsibilities. Reading the rule overview needs a staff account; changing needs the editor or admin role. */
export type ResponsibilityAction = "read" | "update";
export type ResponsibilityResource = "responsibility" | "rule";

/** Editors (and admins, who include the editor role) maintain explicit responsibilities and rules; any staff member may read them. */
export function can(user: Pick<SessionUser, "kind" | "isEditor"> | undefined, action: ResponsibilityAction, _resource: ResponsibilityResource): boolean {
  if (!user || user.kind !== "staff") return false;
  return action === "read" || user.isEditor;
}

/** Throws 403 unless `can` allows it. */
export function authorize(user: Pick<SessionUser, "kind" | "isEditor"> | undefined, action: ResponsibilityAction, resource: ResponsibilityResource): asserts user {
  if (!can(user, action, resource)) throw new ForbiddenError("Nur für die Redaktion");
}
