import type { Db } from "../../platform/db/index.js";
import type { Database } from "../../platform/db/schema.js";
import type { Role } from "./commands/roleChanger.js";
import { sortGerman } from "../../platform/i18n/format.js";
import { orgUnitsByIds } from "../responsibility/index.js";

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom("users").selectAll().where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase())).executeTakeFirst();
}

/** The municipality (AGS) an account holder gave as home, if any. */
export async function homeMunicipality(db: Db, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("home_ags").where("id", "=", userId).executeTakeFirst();
  return row?.home_ags ?? undefined;
}

/** Of the given accounts, those whose home municipality is `ags` (active ones only). */
export async function accountsLivingIn(db: Db, ags: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom("users").select("id").where("home_ags", "=", ags).where("id", "in", userIds).where("disabled_at", "is", null).execute();
  return rows.map((r) => r.id);
}

/** E-mail and language of an active account (mails to it), undefined when disabled or unknown. */
export function findMailContact(db: Db, id: string): Promise<{ email: string; locale: string } | undefined> {
  return db.selectFrom("users").select(["email", "locale"]).where("id", "=", id).where("disabled_at", "is", null).executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Staff accounts with their roles and unit names, for the administration list. */
export async function listStaff(db: Db) {
  const users = sortGerman(await db.selectFrom("users").select(["id", "email", "display_name", "disabled_at", "created_at"]).where("kind", "=", "staff").execute(), (u) => u.display_name);
  const roles = await db.selectFrom("user_roles").select(["user_id", "role", "org_unit_id"]).execute();
  // Unit names from their owner (responsibility), one query for all of them.
  const units = new Map((await orgUnitsByIds(db, [...new Set(roles.flatMap((r) => (r.org_unit_id ? [r.org_unit_id] : [])))])).map((o) => [o.id, o.name]));
  return users.map((u) => ({ ...u, roles: roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, unitName: r.org_unit_id ? (units.get(r.org_unit_id) ?? null) : null })) }));
}

/** The roles of one account (role, org unit id or null), for the administration's detail page. */
export function rolesOfUser(db: Db, userId: string): Promise<Array<{ role: string; orgUnitId: string | null }>> {
  return db.selectFrom("user_roles").select(["role", "org_unit_id as orgUnitId"]).where("user_id", "=", userId).execute();
}

/** The account's personal API tokens that are not revoked, newest first (never the hash). */
export function listApiTokens(db: Db, userId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "scopes", "created_at", "expires_at", "last_used_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
}
export type ApiTokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

/** Active staff accounts that are members of an org unit (department reports, mandatory trainings). */
export async function staffOfOrgUnit(db: Db, orgUnitId: string): Promise<Array<{ id: string; email: string; displayName: string }>> {
  const rows = await db
    .selectFrom("user_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id", "u.email", "u.display_name"])
    .where("r.role", "=", "member")
    .where("r.org_unit_id", "=", orgUnitId)
    .where("u.kind", "=", "staff")
    .where("u.disabled_at", "is", null)
    .execute();
  return sortGerman(rows, (u) => u.display_name).map((u) => ({ id: u.id, email: u.email, displayName: u.display_name }));
}

/** Of `userIds`, those holding `role` without an org unit or in `orgUnitId` (reports per role, e.g. learning's department report). */
export async function usersWithRole(db: Db, userIds: readonly string[], role: Role, orgUnitId: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("user_roles")
    .select("user_id")
    .where("user_id", "in", userIds)
    .where("role", "=", role)
    .where((eb) => eb.or([eb("org_unit_id", "is", null), eb("org_unit_id", "=", orgUnitId)]))
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Display names of accounts by id (case pages, timelines, the mailbox): id → name; unknown ids are missing. */
export async function userDisplayNames(db: Db, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "display_name"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Active staff accounts holding a role (not org-unit membership), by name: e.g. a team such as the care counsellors. */
export async function activeStaffWithRole(db: Db, role: Exclude<Database["user_roles"]["role"], "member">): Promise<Array<{ id: string; displayName: string }>> {
  const rows = await db
    .selectFrom("user_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id", "u.display_name"])
    .distinct()
    .where("r.role", "=", role)
    .where("u.kind", "=", "staff")
    .where("u.disabled_at", "is", null)
    .execute();
  return sortGerman(rows, (u) => u.display_name).map((u) => ({ id: u.id, displayName: u.display_name }));
}

/** One account's display name, null when there is no id or no such account. */
export async function userDisplayName(db: Db, id: string | null | undefined): Promise<string | null> {
  return id ? ((await userDisplayNames(db, [id])).get(id) ?? null) : null;
}

/** One account's kind, display name and creation time (moderation: reports, new-account limits). */
export function accountSummary(db: Db, id: string) {
  return db.selectFrom("users").select(["id", "kind", "display_name", "created_at"]).where("id", "=", id).executeTakeFirst();
}

/** Whether an active (not disabled) account is a member of the org unit (assigning a case to someone). */
export async function isActiveMemberOf(db: Db, userId: string, orgUnitId: string): Promise<boolean> {
  const row = await db
    .selectFrom("user_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select("u.id")
    .where("r.user_id", "=", userId)
    .where("r.role", "=", "member")
    .where("r.org_unit_id", "=", orgUnitId)
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  return !!row;
}

/** The e-mail domain of system accounts of specialist software (`npm run system:create`, the E-Akte's admin page). */
export const SYSTEM_ACCOUNT_DOMAIN = "fachverfahren.invalid";

/** System accounts (staff accounts `…@fachverfahren.invalid`) with their units and usable API tokens, for the administration. */
export async function listSystemAccounts(db: Db) {
  const users = await db.selectFrom("users").select(["id", "email", "display_name", "disabled_at", "created_at"]).where("kind", "=", "staff").where("email", "like", `%@${SYSTEM_ACCOUNT_DOMAIN}`).orderBy("created_at", "desc").execute();
  if (!users.length) return [];
  const ids = users.map((u) => u.id);
  const roles = await db.selectFrom("user_roles").select(["user_id", "org_unit_id"]).where("user_id", "in", ids).where("role", "=", "member").execute();
  const tokens = await db
    .selectFrom("api_tokens")
    .select(["id", "user_id", "name", "scopes", "created_at", "expires_at", "last_used_at"])
    .where("user_id", "in", ids)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  return users.map((u) => ({ ...u, unitIds: roles.filter((r) => r.user_id === u.id).flatMap((r) => (r.org_unit_id ? [r.org_unit_id] : [])), tokens: tokens.filter((tok) => tok.user_id === u.id) }));
}
export type SystemAccountRow = Awaited<ReturnType<typeof listSystemAccounts>>[number];
