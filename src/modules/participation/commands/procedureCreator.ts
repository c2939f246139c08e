import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { PhaseKind, ProcedureFields } from "../db.js";

export interface ProcedureCreatorProps extends ProcedureFields {
  /** Public address part; made from the title when not given (a number is added when taken). */
  slug?: string;
  phases: Array<{ kind: PhaseKind; startsAt: Date; endsAt: Date; announcement?: string }>;
}

/** "Bebauungsplan „Lindach-Süd“" → "bebauungsplan-lindach-sued". */
export function slugify(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/, "");
  return s.length >= 2 ? s : `verfahren-${s}`.replace(/-+$/, "");
}

/**
 * Creates a procedure with its phases in one transaction, audited; bumps the catalogue version
 * (procedures are public search documents). Returns id and slug.
 */
export async function procedureCreator(ctx: CommandContext, props: ProcedureCreatorProps): Promise<{ id: string; slug: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const base = props.slug ?? slugify(props.title);
    let slug = base;
    for (let i = 2; await tx.selectFrom("participation_procedures").select("id").where("slug", "=", slug).executeTakeFirst(); i++) slug = `${base}-${i}`;
    const row = await tx
      .insertInto("participation_procedures")
      .values({ slug, kind: props.kind, title: props.title, description: props.description, ags: props.ags, ars: props.ars, org_unit_id: props.orgUnitId })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (props.phases.length) {
      await tx
        .insertInto("participation_phases")
        .values(props.phases.map((p) => ({ procedure_id: row.id, kind: p.kind, starts_at: p.startsAt, ends_at: p.endsAt, announcement: p.announcement ?? "" })))
        .execute();
    }
    await appendAudit(tx, ctx.actor, {
      action: "participation.procedure_created",
      objectType: "participation_procedure",
      objectId: row.id,
      details: { slug, kind: props.kind, ags: props.ags, phases: props.phases.map((p) => ({ kind: p.kind, startsAt: p.startsAt.toISOString(), endsAt: p.endsAt.toISOString() })) },
      requestId: ctx.requestId,
    });
    await bumpCatalogVersion(tx);
    return { id: row.id, slug };
  });
}
