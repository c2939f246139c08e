import { ForbiddenError } from "../../platform/auth/guards.js";
import type { SessionUser } from "../../platform/auth/session.js";

/** Who may do what in the catalogue. Public reading needs no actor; editing needs the editor or admin role. */
export type CatalogAction = "read" | "update";
export type CatalogResource = "service" | "synonym" | "office";

/** Editors maintain services, synonyms and office contact data; admins include the editor role. */
export function can(user: Pick<SessionUser, "kind" | "isEditor"> | undefined, action: CatalogAction, _resource: CatalogResource): boolean {
  if (action === "read") return true;
  return !!user && user.kind === "staff" && user.isEditor;
}

/** Throws 403 unless `can` allows it. */
export function authorize(user: Pick<SessionUser, "kind" | "isEditor"> | undefined, action: CatalogAction, resource: CatalogResource): asserts user {
  if (!can(user, action, resource)) throw new ForbiddenError("Nur für die Redaktion");
}
