import { randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import { hashToken } from "../../platform/auth/session.js";

export type TokenPurpose = "confirm_email" | "reset_password" | "unlock_login";

/** Creates a single-use token; only its hash is stored. */
export async function issueToken(tx: Transaction<Database>, userId: string, purpose: TokenPurpose, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx
    .insertInto("user_tokens")
    .values({ token_hash: hashToken(token), user_id: userId, purpose, expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  return token;
}

/** Marks a valid, unused, unexpired token as used and returns its user; otherwise undefined. */
export async function consumeToken(tx: Transaction<Database>, token: string, purpose: TokenPurpose): Promise<string | undefined> {
  const row = await tx
    .updateTable("user_tokens")
    .set({ used_at: new Date() })
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .returning("user_id")
    .executeTakeFirst();
  return row?.user_id;
}

/** Checks a token without using it up (to decide whether to show the form). */
export async function peekToken(db: { selectFrom: Transaction<Database>["selectFrom"] }, token: string, purpose: TokenPurpose): Promise<boolean> {
  const row = await db
    .selectFrom("user_tokens")
    .select("user_id")
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
  return !!row;
}
