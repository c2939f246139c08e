import type { SessionUser } from "../../platform/auth/session.js";

/** Editors and admins may read the anonymous list of queries without results. */
export function canReadMisses(user: SessionUser | undefined): boolean {
  return !!user && user.kind === "staff" && (user.isEditor || user.isAdmin);
}

/** Editors (and admins, who include the role) maintain the editorial synonyms. */
export function canEditSynonyms(user: SessionUser | undefined): boolean {
  return !!user && user.kind === "staff" && user.isEditor;
}
