/**
 * Destinations (Fachverfahren receiving FIT-Connect-shaped submissions): the administration adds them with
 * their public encryption key and deactivates them; both audited. The checks are here so the page, the
 * module's `addDestination` and tests share one set of rules.
 */
import { importJWK, type JWK } from "jose";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { isLeikaKey } from "../../../platform/keys.js";
import { orgUnitsByKeys } from "../../responsibility/index.js";
import "../db.js";

export interface DestinationProps {
  name: string;
  leikaKey: string;
  /** Bound to the responsible office (org unit key) … */
  officeKey?: string;
  /** … or to municipalities whose AGS starts with this ("" = everywhere). */
  agsPrefix?: string;
  submissionUrl: string;
  publicJwk: Record<string, unknown>;
}

/** Message keys per field (name, leikaKey, officeKey, agsPrefix, submissionUrl, publicJwk) for what is wrong; empty = fine. */
export async function checkDestination(ctx: CommandContext, d: DestinationProps, o: { httpsOnly: boolean }): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!d.name.trim() || d.name.length > 200) errors.name = "interop.destinations.error.name";
  if (!isLeikaKey(d.leikaKey)) errors.leikaKey = "interop.destinations.error.leika";
  if (d.officeKey && d.agsPrefix) errors.officeKey = "interop.destinations.error.bothBindings";
  else if (d.officeKey && (await orgUnitsByKeys(ctx.db, [d.officeKey])).length === 0) errors.officeKey = "interop.destinations.error.office";
  else if (d.agsPrefix && !/^[0-9]{1,8}$/.test(d.agsPrefix)) errors.agsPrefix = "interop.destinations.error.ags";
  try {
    const u = new URL(d.submissionUrl);
    if (u.protocol !== "https:" && (o.httpsOnly || u.protocol !== "http:")) errors.submissionUrl = "interop.destinations.error.https";
  } catch {
    errors.submissionUrl = "interop.destinations.error.url";
  }
  const jwk = d.publicJwk as JWK;
  if (jwk.d || jwk.p || jwk.q) errors.publicJwk = "interop.destinations.error.private";
  else if (jwk.kty !== "RSA" || typeof jwk.n !== "string" || typeof jwk.e !== "string" || typeof jwk.kid !== "string" || !jwk.kid) errors.publicJwk = "interop.destinations.error.jwk";
  else {
    try {
      await importJWK(jwk, "RSA-OAEP-256");
      if (Buffer.from(jwk.n, "base64url").length < 256) errors.publicJwk = "interop.destinations.error.short";
    } catch {
      errors.publicJwk = "interop.destinations.error.jwk";
    }
  }
  return errors;
}

/** Adds an active destination (checked by the caller with checkDestination); audited in the same transaction. */
export async function destinationAdder(ctx: CommandContext, d: DestinationProps): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto("interop_destinations")
      .values({ name: d.name.trim(), leika_key: d.leikaKey, ags_prefix: d.officeKey ? "" : (d.agsPrefix ?? ""), office_key: d.officeKey || null, submission_url: d.submissionUrl, public_jwk: JSON.stringify(d.publicJwk) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "interop.destination_added", objectType: "interop_destination", objectId: id, details: { leikaKey: d.leikaKey, officeKey: d.officeKey ?? null, agsPrefix: d.agsPrefix ?? "", kid: String(d.publicJwk.kid ?? "") }, requestId: ctx.requestId });
    return id;
  });
}

/**
 * Changes a destination in place (name, binding, address or key – a key rotation keeps the destination and its log);
 * queued deliveries use the new values when they are sent. Audited with the changed fields and both key ids.
 * False when unknown.
 */
export async function destinationUpdater(ctx: CommandContext, id: string, d: DestinationProps): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom("interop_destinations").select(["name", "leika_key", "ags_prefix", "office_key", "submission_url", "public_jwk"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!old) return false;
    const next = { name: d.name.trim(), leika_key: d.leikaKey, ags_prefix: d.officeKey ? "" : (d.agsPrefix ?? ""), office_key: d.officeKey || null, submission_url: d.submissionUrl, public_jwk: JSON.stringify(d.publicJwk) };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => (k === "public_jwk" ? JSON.stringify(old.public_jwk) !== next.public_jwk : old[k] !== next[k]));
    if (changed.length === 0) return true;
    await tx.updateTable("interop_destinations").set(next).where("id", "=", id).execute();
    await appendAudit(tx, ctx.actor, { action: "interop.destination_changed", objectType: "interop_destination", objectId: id, details: { changed, kidBefore: String(old.public_jwk.kid ?? ""), kid: String(d.publicJwk.kid ?? "") }, requestId: ctx.requestId });
    return true;
  });
}

/** Activates a deactivated destination again; audited. False when unknown or already active. */
export async function destinationReactivator(ctx: CommandContext, id: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("interop_destinations").set({ active: true }).where("id", "=", id).where("active", "=", false).returning("id").executeTakeFirst();
    if (r) await appendAudit(tx, ctx.actor, { action: "interop.destination_reactivated", objectType: "interop_destination", objectId: id, details: {}, requestId: ctx.requestId });
    return !!r;
  });
}

/** Deactivates a destination (no new deliveries are routed there; logged ones stay); audited. False when unknown or inactive. */
export async function destinationDeactivator(ctx: CommandContext, id: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("interop_destinations").set({ active: false }).where("id", "=", id).where("active", "=", true).returning("id").executeTakeFirst();
    if (r) await appendAudit(tx, ctx.actor, { action: "interop.destination_deactivated", objectType: "interop_destination", objectId: id, details: {}, requestId: ctx.requestId });
    return !!r;
  });
}
