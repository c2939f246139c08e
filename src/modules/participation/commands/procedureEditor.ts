/**
 * Staff change a procedure after creating it (issue 18): its fields and the period of its current phase, and start a
 * repeated display (erneute Auslegung, § 4a Abs. 3 BauGB). Each in one transaction with its audit entry (names of
 * the changed fields, ids and times; no texts).
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { PhaseKind, ProcedureFields } from "../db.js";
import { agencyMailRef, insertInvitation, type AgencyMail } from "./agencyWork.js";
import { mailAgenciesOfPhase } from "./deadlines.js";
import { consultedAgencyKey } from "../queries.js";

type Mail = { subject: string; text: string };

export interface ProcedureEditorProps {
  procedureId: string;
  fields: ProcedureFields;
  /** The current phase's new values; its period only while it has not ended (checked again here). */
  phase?: { id: string; kind: PhaseKind; startsAt: Date; endsAt: Date; announcement: string };
  /** The mail to agencies when a phase's end moves (as on the phase's deadline page). */
  mail: (m: { endsAt: Date; agencyDeadline: Date }) => Mail;
}

export type EditRefusal = "published" | "missing" | "ended" | "shorten" | "start_fixed" | "kind_fixed";
export type EditResult = { ok: true; changed: string[]; refs: string[] } | { ok: false; reason: EditRefusal };

/**
 * Changes what differs. A phase that has ended keeps its period; a running one keeps its start and kind and may
 * only be extended (a running display must not be shortened, § 3 Abs. 2 BauGB). Nothing is changed once the
 * weighing result is published.
 */
export async function procedureEditor(ctx: CommandContext, props: ProcedureEditorProps): Promise<EditResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom("participation_procedures").select(["id", "kind", "title", "description", "ags", "ars", "org_unit_id", "weighing_published_at"]).where("id", "=", props.procedureId).forUpdate().executeTakeFirst();
    if (!cur) return { ok: false as const, reason: "missing" as const };
    if (cur.weighing_published_at) return { ok: false as const, reason: "published" as const };
    const f = props.fields;
    const changed: string[] = [];
    if (f.title !== cur.title) changed.push("title");
    if (f.kind !== cur.kind) changed.push("kind");
    if (f.ags !== cur.ags) changed.push("municipality");
    if (f.description !== cur.description) changed.push("description");
    let refs: string[] = [];
    let phaseDetails: Record<string, unknown> | undefined;
    if (props.phase) {
      const next = props.phase;
      const ph = await tx.selectFrom("participation_phases").select(["id", "kind", "starts_at", "ends_at", "announcement"]).where("id", "=", next.id).where("procedure_id", "=", cur.id).forUpdate().executeTakeFirst();
      if (!ph) return { ok: false as const, reason: "missing" as const };
      const now = Date.now();
      const [start, end] = [new Date(ph.starts_at).getTime(), new Date(ph.ends_at).getTime()];
      const phaseChanged: string[] = [];
      if (next.kind !== ph.kind) phaseChanged.push("phaseKind");
      if (next.startsAt.getTime() !== start) phaseChanged.push("startsAt");
      if (next.endsAt.getTime() !== end) phaseChanged.push("endsAt");
      const periodChanged = phaseChanged.length > 0;
      if (periodChanged && end <= now) return { ok: false as const, reason: "ended" as const };
      if (start <= now) {
        if (phaseChanged.includes("phaseKind")) return { ok: false as const, reason: "kind_fixed" as const };
        if (phaseChanged.includes("startsAt")) return { ok: false as const, reason: "start_fixed" as const };
        if (next.endsAt.getTime() < end) return { ok: false as const, reason: "shorten" as const };
      }
      if (next.announcement !== ph.announcement) phaseChanged.push("announcement");
      if (phaseChanged.length) {
        await tx.updateTable("participation_phases").set({ kind: next.kind, starts_at: next.startsAt, ends_at: next.endsAt, announcement: next.announcement }).where("id", "=", ph.id).execute();
        phaseDetails = { phaseId: ph.id, ...(periodChanged ? { previous: { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() }, startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() } : {}) };
        changed.push(...phaseChanged);
      }
      if (phaseChanged.includes("endsAt")) refs = await mailAgenciesOfPhase(tx, cur.id, next.endsAt, props.mail);
    }
    if (changed.length === 0) return { ok: true as const, changed, refs };
    await tx
      .updateTable("participation_procedures")
      .set({ kind: f.kind, title: f.title, description: f.description, ags: f.ags, ars: f.ars, org_unit_id: f.orgUnitId, updated_at: new Date() })
      .where("id", "=", cur.id)
      .execute();
    await appendAudit(tx, ctx.actor, {
      action: "participation.procedure_changed",
      objectType: "participation_procedure",
      objectId: cur.id,
      details: { changed, ...(changed.includes("municipality") ? { previousAgs: cur.ags, ags: f.ags } : {}), ...phaseDetails, agenciesMailed: refs.length },
      requestId: ctx.requestId,
    });
    // Title, description, kind, municipality and period are part of the public search document.
    await bumpCatalogVersion(tx);
    return { ok: true as const, changed, refs };
  });
}

export type RedisplayResult = { ok: true; phaseId: string; refs: string[] } | { ok: false; reason: "published" | "missing" | "not_ended" | "agencies" };

/**
 * Starts a repeated display (kind "redisplay") with its own period and reason, once no phase of the procedure is
 * running or to come and the procedure had a display. Its statements are kept by their phase. The agencies consulted
 * before that staff chose (§ 4a Abs. 3 with § 4 BauGB; `agencyInvitationIds`: any earlier invitation of each chosen
 * agency, the form sends the latest) are invited again as in the first round: a new invitation of this phase with
 * its own link and the repeated display's last day (`lastDay`, Berlin) as deadline — a released statement of an
 * earlier round is final, so the new statement needs a row of its own. Agencies not chosen get nothing (their earlier
 * links and deadlines stay). An id that is no invitation of this procedure, or no agency chosen while some were
 * consulted, is refused ("agencies": a stale or forged form). Returns the mail refs to deliver.
 */
export async function redisplayStarter(
  ctx: CommandContext,
  props: { procedureId: string; startsAt: Date; endsAt: Date; lastDay: string; reason: string; announcement: string; graceDays: number; invitedBy: string | null; mail: AgencyMail; agencyInvitationIds: readonly string[] },
): Promise<RedisplayResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom("participation_procedures").select(["id", "weighing_published_at"]).where("id", "=", props.procedureId).forUpdate().executeTakeFirst();
    if (!cur) return { ok: false as const, reason: "missing" as const };
    if (cur.weighing_published_at) return { ok: false as const, reason: "published" as const };
    const phases = await tx.selectFrom("participation_phases").select(["kind", "ends_at"]).where("procedure_id", "=", cur.id).execute();
    const now = Date.now();
    if (!phases.some((p) => p.kind === "display" || p.kind === "redisplay") || phases.some((p) => new Date(p.ends_at).getTime() > now)) return { ok: false as const, reason: "not_ended" as const };
    // The agencies of earlier rounds, once each: by master-list entry, else by e-mail; the latest invitation's name
    // and address (as sent then). Only the chosen ones are invited again.
    const earlier = await tx.selectFrom("participation_agency_invitations").select(["id", "agency_name", "email", "agency_id"]).where("procedure_id", "=", cur.id).orderBy("invited_at", "desc").orderBy("id").execute();
    const keyOf = new Map(earlier.map((a) => [a.id, consultedAgencyKey(a)]));
    const chosen = new Set<string>();
    for (const id of props.agencyInvitationIds) {
      const k = keyOf.get(id);
      if (!k) return { ok: false as const, reason: "agencies" as const };
      chosen.add(k);
    }
    if (earlier.length > 0 && chosen.size === 0) return { ok: false as const, reason: "agencies" as const };
    const row = await tx
      .insertInto("participation_phases")
      .values({ procedure_id: cur.id, kind: "redisplay", starts_at: props.startsAt, ends_at: props.endsAt, announcement: props.announcement, reason: props.reason })
      .returning("id")
      .executeTakeFirstOrThrow();
    const seen = new Set<string>();
    const refs: string[] = [];
    const reinvitedFrom: string[] = [];
    for (const a of earlier) {
      const key = keyOf.get(a.id)!;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!chosen.has(key)) continue;
      reinvitedFrom.push(a.id);
      const inv = await insertInvitation(tx, ctx, { procedureId: cur.id, agencyName: a.agency_name, email: a.email, lastDay: props.lastDay, graceDays: props.graceDays, invitedBy: props.invitedBy, mail: props.mail, agencyId: a.agency_id, phaseId: row.id });
      refs.push(agencyMailRef(inv.id));
    }
    await tx.updateTable("participation_procedures").set({ updated_at: new Date() }).where("id", "=", cur.id).execute();
    await appendAudit(tx, ctx.actor, {
      action: "participation.redisplay_started",
      objectType: "participation_phase",
      objectId: row.id,
      details: {
        procedureId: cur.id,
        startsAt: props.startsAt.toISOString(),
        endsAt: props.endsAt.toISOString(),
        displays: phases.filter((p) => p.kind !== "early").length + 1,
        // Staff's choice: how many agencies were consulted before, how many were invited again (the earlier invitation
        // each new one follows), how many were left out. Ids only, no names or addresses.
        agenciesConsulted: seen.size,
        agenciesInvited: refs.length,
        agenciesNotInvited: seen.size - refs.length,
        reinvitedFrom,
      },
      requestId: ctx.requestId,
    });
    await bumpCatalogVersion(tx);
    return { ok: true as const, phaseId: row.id, refs };
  });
}
