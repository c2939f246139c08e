import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import "./db.js";
import { accountMessages } from "./messages.js";
import { findUserByEmail } from "./queries.js";
import { loginRoutes } from "./pages/login.js";
import { passwordResetPages, registrationPages } from "./pages/routes.js";
import { accountPages } from "./pages/accountRoutes.js";
import { oidcRoutes } from "./oidc.js";
import { resolveApiToken } from "./principals.js";
/** A session token (cookie) to its signed-in user, with timeouts (the app's request hook); a personal API token to its account. */
export { loadSession, resolveApiToken } from "./principals.js";

export { staffCreator } from "./commands/staffCreator.js";
/** The demo administrator (DEMO_DATA=true; the module's demoData hook). */
export { seedDemoAdmin, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "./commands/demoAdminSeeder.js";
import { seedDemoAdmin } from "./commands/demoAdminSeeder.js";
/** Demo staff accounts, each a member of a given org unit (other modules' demo data: the cases module's departments). */
export { demoMemberSeeder, type DemoMember } from "./commands/demoMemberSeeder.js";
export { roleGranter, roleRevoker, accountStatusSetter, ROLES, isRole, type Role } from "./commands/roleChanger.js";
export { listStaff, rolesOfUser, staffOfOrgUnit, usersWithRole } from "./queries.js";
/** System accounts of specialist software and their API tokens (the E-Akte's administration page, `npm run system:create`). */
export { listSystemAccounts, SYSTEM_ACCOUNT_DOMAIN, type SystemAccountRow } from "./queries.js";
export { apiTokenIssuer, apiTokenRevoker } from "./commands/apiTokenIssuer.js";
/** Display names of accounts (one query for many ids), one name, and membership of an org unit: accounts owns users and user_roles. */
export { userDisplayNames, userDisplayName, isActiveMemberOf, accountSummary, activeStaffWithRole } from "./queries.js";
/** E-mail and language of an active account, for mails to it (undefined when disabled or unknown). */
export { findMailContact } from "./queries.js";
/** The municipality (AGS) an account holder gave as home (for "responsible for me"), if any. */
export { accountsLivingIn, homeMunicipality } from "./queries.js";
export { sessionStarter } from "./commands/loginRecorder.js";
export { commandContext, startBrowserSession } from "./browserSession.js";

/** Citizen registration with e-mail confirmation, login/logout, password reset, "Mein Konto". */
async function accountsPlugin(app: FastifyInstance) {
  // API routes of every module (requireApiToken) resolve personal tokens here: accounts owns api_tokens and users.
  app.services.resolveApiToken = resolveApiToken;
  registrationPages(app);
  await app.register(loginRoutes);
  passwordResetPages(app);
  accountPages(app);
  await app.register(oidcRoutes);
}

/** The accounts module (src/platform/modules.ts). */
export const accountsModule = defineModule({
  name: "accounts",
  messages: [accountMessages],
  jobs: [
    {
      // One-time tokens (confirmation, password reset, unlock) a week after they expired; spent login throttles and devices.
      name: "accounts-cleanup",
      cron: "*/10 * * * *",
      async handler({ db }) {
        await db.deleteFrom("user_tokens").where("expires_at", "<", new Date(Date.now() - 7 * 86400_000)).execute();
        await db.deleteFrom("login_throttle").where("reset_at", "<", new Date()).execute();
        await db.deleteFrom("login_devices").where("expires_at", "<", new Date()).execute();
      },
    },
  ],
  demoData: seedDemoAdmin,
  plugin: accountsPlugin,
});

/** An active account by e-mail address (case-insensitive): id and kind only, for modules that link accounts (care). */
export async function accountIdByEmail(db: import("../../platform/db/index.js").Db, email: string): Promise<{ id: string; kind: "citizen" | "staff" } | undefined> {
  const u = await findUserByEmail(db, email);
  return u && !u.disabled_at ? { id: u.id, kind: u.kind } : undefined;
}

/** The org units a staff account is a member of (for API tokens acting for the account, e.g. the records API). */
export async function memberUnitIds(db: import("../../platform/db/index.js").Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom("user_roles").select("org_unit_id").where("user_id", "=", userId).where("role", "=", "member").where("org_unit_id", "is not", null).execute();
  return rows.map((r) => r.org_unit_id!);
}
