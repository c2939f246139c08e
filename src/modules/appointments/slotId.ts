import { createHmac, timingSafeEqual } from "node:crypto";
import { LEIKA_KEY } from "../../platform/keys.js";

/** What a slot id stands for. Signed, so a client cannot forge or alter it. */
export interface SlotRef {
  location: string;
  leikaKey: string;
  start: Date;
  persons: number;
  /** Further services at the same location in the same booking. */
  extraLeikaKeys?: string[];
}

const keys = new Map<string, Buffer>();
const key = (secret: string) => {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = createHmac("sha256", secret).update("kreisportal/appointments/slot-id/v1").digest()));
  return k;
};

/** An opaque, HMAC-signed slot id (base64url payload + "." + 128-bit tag). */
export function encodeSlotId(secret: string, ref: SlotRef): string {
  const extra = ref.extraLeikaKeys?.length ? `|${ref.extraLeikaKeys.join(",")}` : "";
  const payload = Buffer.from(`${ref.location}|${ref.leikaKey}|${Math.floor(ref.start.getTime() / 60000)}|${ref.persons}${extra}`).toString("base64url");
  const tag = createHmac("sha256", key(secret)).update(payload).digest().subarray(0, 16).toString("base64url");
  return `${payload}.${tag}`;
}

/** The slot a signed id stands for, or undefined when it was altered or is malformed. */
export function decodeSlotId(secret: string, id: unknown): SlotRef | undefined {
  if (typeof id !== "string" || id.length > 400) return undefined;
  const [payload, tag, trailing] = id.split(".");
  if (!payload || !tag || trailing !== undefined) return undefined;
  const expected = createHmac("sha256", key(secret)).update(payload).digest().subarray(0, 16);
  const given = Buffer.from(tag, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [location, leikaKey, minutes, persons, extra, more] = Buffer.from(payload, "base64url").toString("utf8").split("|");
  if (!location || !leikaKey || !LEIKA_KEY.test(leikaKey) || !/^\d+$/.test(minutes ?? "") || !/^\d+$/.test(persons ?? "") || more !== undefined) return undefined;
  const extraLeikaKeys = extra ? extra.split(",") : [];
  if (extraLeikaKeys.some((k) => !LEIKA_KEY.test(k))) return undefined;
  return { location, leikaKey, start: new Date(Number(minutes) * 60000), persons: Number(persons), extraLeikaKeys };
}
