/**
 * The county's master list of agencies (Träger öffentlicher Belange; ADR 0064): add an entry or change one
 * (including "inactive"), in one transaction with its audit entry. The audit names the changed fields, not
 * their values (addresses of agencies are not personal data, but the audit stays free of free text).
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { ListedAgency } from "../queries.js";

/** What staff edit of an entry (the id and the demo mark are not theirs to change). */
export type AgencyFields = Omit<ListedAgency, "id" | "demo">;

const FIELDS = ["name", "department", "street", "postcode", "city", "email", "kind", "active"] as const;

export type AgencyListResult = { ok: true; id: string } | { ok: false; reason: "duplicate" | "missing" };

const isUnique = (err: unknown) => (err as { code?: string }).code === "23505";

/** Adds an entry (id absent) or changes one; "duplicate" when the name and department exist already. */
export async function agencyListSaver(ctx: CommandContext, props: { id?: string; fields: AgencyFields; userId: string | null; demo?: boolean }): Promise<AgencyListResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const f = props.fields;
      if (!props.id) {
        const row = await tx
          .insertInto("participation_agencies")
          .values({ ...f, demo: props.demo ?? false, created_by: props.userId, updated_by: props.userId })
          .returning("id")
          .executeTakeFirstOrThrow();
        await appendAudit(tx, ctx.actor, { action: "participation.agency_listed", objectType: "participation_agency", objectId: row.id, details: { kind: f.kind, active: f.active, demo: props.demo ?? false }, requestId: ctx.requestId });
        return { ok: true as const, id: row.id };
      }
      const before = await tx.selectFrom("participation_agencies").select(FIELDS).where("id", "=", props.id).forUpdate().executeTakeFirst();
      if (!before) return { ok: false as const, reason: "missing" as const };
      const changed = FIELDS.filter((k) => before[k] !== f[k]);
      if (changed.length === 0) return { ok: true as const, id: props.id };
      await tx.updateTable("participation_agencies").set({ ...f, updated_by: props.userId, updated_at: new Date() }).where("id", "=", props.id).execute();
      await appendAudit(tx, ctx.actor, { action: "participation.agency_list_changed", objectType: "participation_agency", objectId: props.id, details: { changed, active: f.active }, requestId: ctx.requestId });
      return { ok: true as const, id: props.id };
    });
  } catch (err) {
    if (isUnique(err)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}
