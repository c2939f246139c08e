/**
 * Pure rules of the agency participation (Träger öffentlicher Belange, § 4 BauGB) and of the place a
 * statement refers to (ADR 0048): token links stored only as a hash, deadlines as Berlin days, the
 * two-person rule by typed names, point-in-area for map points.
 */
import { createHash, randomBytes } from "node:crypto";
import { addDays, berlinToUtc } from "../../platform/time/berlin.js";
import type { MultiPolygon } from "./xplan/parse.js";

/** A new link token (shown once, in the mail) and the hash that is stored. */
export function newAgencyToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: agencyTokenHash(token) };
}

/** SHA-256 (hex) of a link token; a malformed token gets no hash (nothing to look up). */
export function agencyTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Link tokens are 43 base64url characters (32 random bytes). */
export const isAgencyToken = (s: unknown): s is string => typeof s === "string" && /^[A-Za-z0-9_-]{43}$/.test(s);

/**
 * The deadline for "last day" `date` (YYYY-MM-DD, Berlin): the exclusive end, Berlin midnight after that day
 * (23:00 or 22:00 UTC depending on summer time), and until when the link stays readable (+ grace days).
 */
export function agencyDeadline(lastDay: string, graceDays: number): { deadline: Date; linkValidUntil: Date } {
  const next = addDays(lastDay, 1);
  return { deadline: berlinToUtc(next, 0), linkValidUntil: berlinToUtc(addDays(next, graceDays), 0) };
}

/** What the token link allows at `now`: writing (before the deadline), reading (until the link expires), nothing. */
export function agencyLinkState(inv: { deadline: Date; linkValidUntil: Date; releasedAt: Date | null }, now = new Date()): "open" | "released" | "closed" | "expired" {
  if (now.getTime() >= inv.linkValidUntil.getTime()) return "expired";
  if (inv.releasedAt) return "released";
  return now.getTime() < inv.deadline.getTime() ? "open" : "closed";
}

/** Names compared as people type them: trimmed, inner spaces collapsed, case-insensitive. */
export const normalName = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("de");

/** The two-person rule: the person releasing is named and is not the author. */
export function releaseNameProblem(authorName: string, releasedByName: string): "missing" | "same" | undefined {
  if (normalName(releasedByName).length < 2) return "missing";
  if (normalName(releasedByName) === normalName(authorName)) return "same";
  return undefined;
}

/** Reminder due: not released, not reminded yet, deadline within `days` days (and not passed). */
export function reminderDue(inv: { deadline: Date; releasedAt: Date | null; remindedAt: Date | null }, days: number, now = new Date()): boolean {
  if (inv.releasedAt || inv.remindedAt) return false;
  const t = now.getTime();
  return t < inv.deadline.getTime() && t >= inv.deadline.getTime() - days * 86_400_000;
}

/** Ray casting on one ring (lon/lat as x/y). */
function inRing(lon: number, lat: number, ring: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a WGS84 point lies in the plan's area (outer ring in, not in a hole, of any polygon). */
export function pointInArea(area: MultiPolygon, lat: number, lon: number): boolean {
  return area.coordinates.some(([outer, ...holes]) => !!outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h)));
}

/** "48.95" → 48.95; anything else (also "1e2", empty) → undefined. */
export function parseCoordinate(s: string, max: number): number | undefined {
  if (!/^-?\d{1,3}(\.\d{1,10})?$/.test(s.trim().replace(",", "."))) return undefined;
  const n = Number(s.trim().replace(",", "."));
  return Math.abs(n) <= max ? n : undefined;
}
