import type { FastifyRequest } from "fastify";
import { currentUser } from "../../../platform/auth/guards.js";
import type { Db } from "../../../platform/db/index.js";
import { authorizeManage, authorizeReport } from "../policies.js";
import { findProvider, providerIdsOfMember, type ProviderRow } from "../queries.js";

/** The values of a multi-valued form or query field (checkboxes): a string or an array of strings. */
export function multi(body: unknown, name: string): string[] {
  const v = (body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined) ?? [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

/** The provider of the URL after the policy: undefined for unknown ids (404), ForbiddenError for accounts of other providers. */
export async function reportableProvider(db: Db, req: FastifyRequest<{ Params: { id: string } }>): Promise<ProviderRow | undefined> {
  const user = currentUser(req);
  const p = await findProvider(db, req.params.id);
  if (!p) return undefined;
  authorizeReport(user, p.id, user.kind === "staff" ? new Set() : await providerIdsOfMember(db, user.id), user.roles);
  return p;
}

/** 403 unless the signed-in account keeps providers (the care support point's role or an administrator). */
export async function authorizeManagePage(db: Db, req: FastifyRequest): Promise<void> {
  const user = currentUser(req);
  authorizeManage(user, user.roles);
}
