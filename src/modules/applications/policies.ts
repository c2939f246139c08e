import { createHash, timingSafeEqual } from "node:crypto";
import type { Actor } from "../../platform/audit/index.js";
import { ForbiddenError } from "../../platform/auth/guards.js";
import { capabilityHash } from "../../platform/auth/capabilities.js";

/** Who asks: the actor, plus the anonymous draft token from the cookie and a status code from the URL, if any. */
export interface ApplicationActor extends Actor {
  anonToken?: string;
  statusCode?: string;
}

export const hashToken = (t: string) => createHash("sha256").update(`draft:${t}`).digest("hex");

function sameHash(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type DraftLike = { user_id: string | null; anon_token_hash: string | null };
/** `status_code_hashes`: the registered status codes of the submission (capability_keys, loaded by findSubmission). */
type SubmissionLike = { user_id: string | null; status_code_hashes: string[] };

/** Drafts: only their owner (account), or whoever holds the anonymous token of an anonymous draft. */
export function canDraft(actor: ApplicationActor, _action: "read" | "update" | "submit", draft: DraftLike | undefined): boolean {
  if (!draft) return false;
  if (draft.user_id) return (actor.type === "user" || actor.type === "staff") && actor.id === draft.user_id;
  return !!actor.anonToken && !!draft.anon_token_hash && sameHash(hashToken(actor.anonToken), draft.anon_token_hash);
}

/** Submissions: the account that submitted, or whoever holds the status code (receipt). Case workers come with issue 5. */
export function canSubmission(actor: ApplicationActor, _action: "read", sub: SubmissionLike | undefined): boolean {
  if (!sub) return false;
  if (actor.statusCode && actor.statusCode.length <= 100) {
    const hash = capabilityHash(actor.statusCode);
    if (sub.status_code_hashes.some((h) => sameHash(hash, h))) return true;
  }
  return !!sub.user_id && actor.type === "user" && actor.id === sub.user_id;
}

/** Asserts a draft permission (403 otherwise); the draft is non-null afterwards. */
export function authorizeDraft<T extends DraftLike>(actor: ApplicationActor, action: "read" | "update" | "submit", draft: T | undefined): asserts draft is T {
  if (!canDraft(actor, action, draft)) throw new ForbiddenError("Kein Zugriff auf diesen Antrag");
}

/** Asserts read access to a submission (403 otherwise). */
export function authorizeSubmission<T extends SubmissionLike>(actor: ApplicationActor, action: "read", sub: T | undefined): asserts sub is T {
  if (!canSubmission(actor, action, sub)) throw new ForbiddenError("Kein Zugriff auf diesen Antrag");
}

type FileLike = { purpose: string; uploader_id: string | null; owner_token_hash: string | null };

/** Uploaded files of the application flow: the account that uploaded them, or the holder of the anonymous draft token. */
export function canDownloadDraftFile(actor: ApplicationActor, file: FileLike | undefined): boolean {
  if (!file || file.purpose !== "application") return false;
  if (file.uploader_id) return (actor.type === "user" || actor.type === "staff") && actor.id === file.uploader_id;
  return !!actor.anonToken && !!file.owner_token_hash && sameHash(hashToken(actor.anonToken), file.owner_token_hash);
}
