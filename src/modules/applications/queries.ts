import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { FormDefinition } from "../forms/index.js";
import { paymentStatusOf, type PaymentStatus } from "../payments/index.js";
import "./db.js";

/** Capability kind of a submission's status code (status, receipt and "Eingang" links; ADR 0023). */
export const STATUS_CAPABILITY = "status";

export interface FormRow {
  id: string;
  version: number;
  title: string;
  leikaKeys: string[];
  definition: FormDefinition;
  jsonSchema: Record<string, unknown>;
}

const toForm = (r: { id: string; version: number; title: string; leika_keys: string[]; definition: FormDefinition; json_schema: Record<string, unknown> }): FormRow => ({
  id: r.id,
  version: r.version,
  title: r.title,
  leikaKeys: r.leika_keys,
  definition: r.definition,
  jsonSchema: r.json_schema,
});

/** The newest version of every form, optionally only those serving a LeiKa key. */
export async function listForms(db: Db, leikaKey?: string): Promise<FormRow[]> {
  let q = db.selectFrom("form_definitions as f").selectAll().where(({ eb, selectFrom }) => eb("f.version", "=", selectFrom("form_definitions as g").select(({ fn }) => fn.max("g.version").as("v")).whereRef("g.id", "=", "f.id")));
  if (leikaKey) q = q.where(sql<boolean>`${leikaKey} = ANY(f.leika_keys)`);
  return (await q.orderBy("f.title").execute()).map(toForm);
}

/** Id, title and LeiKa keys of the newest version of every form serving any of the keys, by title (no definitions: cheap enough for every search request). */
export async function listFormKeys(db: Db, leikaKeys: string[]): Promise<Array<{ id: string; title: string; leikaKeys: string[] }>> {
  if (leikaKeys.length === 0) return [];
  const res = await sql<{ id: string; title: string; leika_keys: string[] }>`
    SELECT id, title, leika_keys FROM (SELECT DISTINCT ON (id) id, title, leika_keys FROM form_definitions ORDER BY id, version DESC) f
    WHERE f.leika_keys && ${sql.val(leikaKeys)}::text[] ORDER BY f.title`.execute(db);
  return res.rows.map((r) => ({ id: r.id, title: r.title, leikaKeys: r.leika_keys }));
}

/** A form in its newest version, or a given version. */
export async function findForm(db: Db, id: string, version?: number): Promise<FormRow | undefined> {
  let q = db.selectFrom("form_definitions").selectAll().where("id", "=", id);
  if (version !== undefined) q = q.where("version", "=", version);
  const row = await q.orderBy("version", "desc").limit(1).executeTakeFirst();
  return row ? toForm(row) : undefined;
}

export async function findDraft(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db.selectFrom("application_drafts").selectAll().where("id", "=", id).executeTakeFirst();
}
export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

export async function findSubmission(db: Db, reference: string) {
  if (!/^[A-Z]{2,4}-\d{4}-\d{6}$/.test(reference)) return undefined;
  return db
    .selectFrom("application_submissions")
    .selectAll()
    .select(sql<string[]>`array(SELECT code_hash FROM capability_keys c WHERE c.kind = ${STATUS_CAPABILITY} AND c.object_id = application_submissions.id::text)`.as("status_code_hashes"))
    .where("reference", "=", reference)
    .executeTakeFirst();
}
export type SubmissionRow = NonNullable<Awaited<ReturnType<typeof findSubmission>>>;

/** A citizen's own drafts and submissions (the list is filtered by owner, never by what is asked for). */
export async function listOwnApplications(db: Db, userId: string) {
  const drafts = await db
    .selectFrom("application_drafts as d")
    .innerJoin("form_definitions as f", (j) => j.onRef("f.id", "=", "d.form_id").onRef("f.version", "=", "d.form_version"))
    .select(["d.id", "d.form_id", "f.title", "d.updated_at"])
    .where("d.user_id", "=", userId)
    .orderBy("d.updated_at", "desc")
    .execute();
  const submissions = await db
    .selectFrom("application_submissions as s")
    .innerJoin("form_definitions as f", (j) => j.onRef("f.id", "=", "s.form_id").onRef("f.version", "=", "s.form_version"))
    .select(["s.id", "s.reference", "s.form_id", "f.title", "s.submitted_at", "s.status"])
    .where("s.user_id", "=", userId)
    .orderBy("s.submitted_at", "desc")
    .execute();
  return { drafts, submissions };
}

/** The payment state of a submission for its pages and receipt (undefined: no fee). */
export async function submissionPayment(db: Db, sub: { id: string; fee_cents: number }): Promise<{ status: PaymentStatus | "OPEN"; amountCents: number; paidAt: Date | null } | undefined> {
  if (sub.fee_cents <= 0) return undefined;
  const p = await paymentStatusOf(db, "application", sub.id);
  if (p?.status === "PAYED") return { status: "PAYED", amountCents: p.amountCents, paidAt: p.paidAt };
  return { status: "OPEN", amountCents: sub.fee_cents, paidAt: null };
}


/**
 * Figures (issue 22): online submissions per month (Europe/Berlin) since `fromMonth` (YYYY-MM-01) per service
 * (the form's first LeiKa key, else "form:<id>"; "" = all forms) and channel (web form or API). Counts only.
 */
export async function monthlyOnlineSubmissions(db: Db, fromMonth: string): Promise<Array<{ month: string; service: string; web: number; api: number }>> {
  const res = await sql<{ month: string; service: string | null; gs: number; web: number; api: number }>`
    SELECT to_char(date_trunc('month', s.submitted_at AT TIME ZONE 'Europe/Berlin'), 'YYYY-MM-DD') AS month,
           coalesce(f.leika_keys[1], 'form:' || s.form_id) AS service, GROUPING(coalesce(f.leika_keys[1], 'form:' || s.form_id))::int AS gs,
           count(*) FILTER (WHERE s.channel = 'web')::int AS web, count(*) FILTER (WHERE s.channel = 'api')::int AS api
    FROM application_submissions s LEFT JOIN form_definitions f ON f.id = s.form_id AND f.version = s.form_version
    WHERE s.submitted_at >= (${fromMonth}::date::timestamp AT TIME ZONE 'Europe/Berlin')
    GROUP BY GROUPING SETS ((1, 2), (1))`.execute(db);
  return res.rows.map((r) => ({ month: r.month, service: r.gs ? "" : r.service!, web: r.web, api: r.api }));
}

/** The service facts of one form version for its case (title, LeiKa keys); undefined for an unknown version. */
export async function formServiceFacts(db: Db, formId: string, formVersion: number): Promise<{ title: string; leikaKeys: string[] } | undefined> {
  const row = await db.selectFrom("form_definitions").select(["title", "leika_keys"]).where("id", "=", formId).where("version", "=", formVersion).executeTakeFirst();
  return row ? { title: row.title, leikaKeys: row.leika_keys ?? [] } : undefined;
}
