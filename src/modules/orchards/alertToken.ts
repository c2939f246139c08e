/**
 * The unsubscribe token of alert mails: the account id, signed (HMAC-SHA-256 with a key derived from the
 * session secret, 128-bit tag). It works without login and cannot be altered to unsubscribe someone else.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { isUuid } from "./queries.js";

const keys = new Map<string, Buffer>();
const key = (secret: string) => {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = createHmac("sha256", secret).update("kreisportal/orchards/alert-unsubscribe/v1").digest()));
  return k;
};

const tagOf = (secret: string, payload: string) => createHmac("sha256", key(secret)).update(payload).digest().subarray(0, 16);

/** "<base64url account id>.<base64url tag>" */
export function unsubscribeToken(secret: string, userId: string): string {
  const payload = Buffer.from(userId).toString("base64url");
  return `${payload}.${tagOf(secret, payload).toString("base64url")}`;
}

/** The account id of a genuine token, else undefined (altered, foreign, malformed). */
export function verifyUnsubscribeToken(secret: string, token: unknown): string | undefined {
  if (typeof token !== "string" || token.length > 200) return undefined;
  const [payload, tag, more] = token.split(".");
  if (!payload || !tag || more !== undefined) return undefined;
  const given = Buffer.from(tag, "base64url");
  const expected = tagOf(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const userId = Buffer.from(payload, "base64url").toString("utf8");
  return isUuid(userId) ? userId : undefined;
}
