/**
 * Who writes through the orchard exchange's JSON API (ADR 0084): a citizen account, either with a personal
 * API token of the platform (`Authorization: Bearer kp_…`, `requireApiToken` with the route's scope) or with
 * the portal session — then, as `/api/` is exempt from the form CSRF token, only as JSON from our own origin
 * (`refuseCrossSiteJson`). A token acts for its account: the owner whose listings, items and loans it may
 * touch (an association's lending station is that association's account). Staff → 403, blocked → 403.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { requireApiToken, sendBearerChallenge, type ApiScope } from "../../platform/auth/apiTokens.js";
import { sendProblem } from "../../platform/http/problem.js";
import { refuseCrossSiteJson } from "../../platform/http/sameOrigin.js";
import type { Db } from "../../platform/db/index.js";
import { accountSummary } from "../accounts/index.js";
import { findBlock } from "./moderationQueries.js";

/** The account a request acts for (session user or token owner). */
export interface ApiAccount {
  id: string;
  kind: "citizen" | "staff";
  displayName: string;
  viaToken: boolean;
}

const accounts = new WeakMap<FastifyRequest, ApiAccount>();

/** The account of a request that passed `orchardApiAuth` (throws otherwise: a programming error). */
export function apiAccount(req: FastifyRequest): ApiAccount {
  const a = accounts.get(req);
  if (!a) throw new Error("orchardApiAuth did not run for this route");
  return a;
}

/**
 * preValidation for an orchard write route: token with `scope` or same-origin JSON session of a citizen
 * account that is not blocked. Runs before the body schema, so unauthenticated or cross-site requests
 * never see validation answers. `tokenOnly` for multipart uploads: a cross-site form can send multipart
 * without a preflight, so the session cookie does not count there (the page has its CSRF-protected form).
 * `allowBlocked` for what a block does not stop (recording a return ends the loan and settles the deposit).
 */
export function orchardApiAuth(db: Db, publicUrl: string, scope: ApiScope, opts: { staffMessage: string; tokenOnly?: boolean; allowBlocked?: boolean }) {
  const tokenAuth = requireApiToken(scope, { optional: true });
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const challenged = await tokenAuth(req, reply);
    if (challenged || reply.sent) return challenged;
    let account: ApiAccount;
    if (req.apiPrincipal) {
      const p = req.apiPrincipal;
      const summary = await accountSummary(db, p.userId);
      account = { id: p.userId, kind: p.kind, displayName: summary?.display_name ?? "–", viaToken: true };
    } else {
      if (opts.tokenOnly) return sendBearerChallenge(reply, 401, { scope, message: `Anmeldung mit einem persönlichen API-Token mit der Berechtigung „${scope}“ erforderlich (Authorization: Bearer kp_…).` });
      if (!req.user) return sendProblem(reply, 401, `Anmeldung erforderlich: Sitzung im Portal oder persönliches API-Token mit der Berechtigung „${scope}“ (Authorization: Bearer kp_…).`);
      const refused = refuseCrossSiteJson(req, reply, publicUrl);
      if (refused) return refused;
      account = { id: req.user.id, kind: req.user.kind, displayName: req.user.displayName, viaToken: false };
    }
    if (account.kind !== "citizen") return sendProblem(reply, 403, opts.staffMessage);
    const block = opts.allowBlocked ? undefined : await findBlock(db, account.id);
    if (block) return sendProblem(reply, 403, req.t("orchards.mod.blocked", { reason: block.reason }), { type: "account-blocked" });
    accounts.set(req, account);
    return undefined;
  };
}

/** 403 for an object of another owner (the token or session acts for one owner only; ADR 0084). */
export const notOwner = (reply: FastifyReply, what: string) => sendProblem(reply, 403, `${what} gehört nicht dem Konto dieses Zugangs.`, { type: "not-owner" });
