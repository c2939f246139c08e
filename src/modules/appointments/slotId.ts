import { createHmac, timingSafeEqual } from "node:crypto";

/** What a slot id stands for. Signed, so a client cannot forge or alter it. */
export interface SlotRef {
  location: string;
  leikaKey: string;
  start: Date;
  persons: number;
}

const keys = new Map<string, Buffer>();
const key = (secret: string) => {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = createHmac("sha256", secret).update("kreisportal/appointments/slot-id/v1").digest()));
  return k;
};

/** An opaque, HMAC-signed slot id (base64url payload + "." + 128-bit tag). */
export function encodeSlotId(secret: string, ref: SlotRef): string {
  const payload = Buffer.from(`${ref.location}|${ref.leikaKey}|${Math.floor(ref.start.getTime() / 60000)}|${ref.persons}`).toString("base64url");
  const tag = createHmac("sha256", key(secret)).update(payload).digest().subarray(0, 16).toString("base64url");
  return `${payload}.${tag}`;
}

/** The slot a signed id stands for, or undefined when it was altered or is malformed. */
export function decodeSlotId(secret: string, id: unknown): SlotRef | undefined {
  if (typeof id !== "string" || id.length > 300) return undefined;
  const [payload, tag, extra] = id.split(".");
  if (!payload || !tag || extra !== undefined) return undefined;
  const expected = createHmac("sha256", key(secret)).update(payload).digest().subarray(0, 16);
  const given = Buffer.from(tag, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [location, leikaKey, minutes, persons] = Buffer.from(payload, "base64url").toString("utf8").split("|");
  if (!location || !leikaKey || !/^\d{14}$/.test(leikaKey) || !/^\d+$/.test(minutes ?? "") || !/^\d+$/.test(persons ?? "")) return undefined;
  return { location, leikaKey, start: new Date(Number(minutes) * 60000), persons: Number(persons) };
}
