import type { Db } from "../../platform/db/index.js";
import { findForm, formServiceFacts } from "./queries.js";
import { receiptPdf } from "./receipt.js";
import { receivingOfficeId } from "../cases/index.js";
import { orgUnitsByIds } from "../responsibility/index.js";

/** The name of the office that received a submission (its case's owner), or `fallback` (the county) when there is none. */
export async function receivingOfficeName(db: Db, sub: { id: string; form_id: string; form_version: number; answers: unknown }, fallback: string): Promise<string> {
  const id = await receivingOfficeId(db, sub, await formServiceFacts(db, sub.form_id, sub.form_version));
  return (await orgUnitsByIds(db, [id]))[0]?.name ?? fallback;
}

/**
 * The submission's own documents for the case file, rendered from the stored (immutable) submission:
 * the receipt PDF (dated by the submission, like the citizen's), or the machine-readable JSON copy of the answers.
 * The caller has authorized.
 */
export async function submissionDocument(db: Db, submissionId: string, kind: "pdf" | "json", countyName: string): Promise<{ filename: string; contentType: string; body: Buffer } | undefined> {
  const sub = await db.selectFrom("application_submissions").selectAll().where("id", "=", submissionId).executeTakeFirst();
  if (!sub) return undefined;
  if (kind === "json") return { filename: `${sub.reference}.json`, contentType: "application/json; charset=utf-8", body: Buffer.from(JSON.stringify(sub.answers, null, 2)) };
  const form = await findForm(db, sub.form_id, sub.form_version);
  if (!form) return undefined;
  return { filename: `${sub.reference}.pdf`, contentType: "application/pdf", body: receiptPdf(form.definition, sub, await receivingOfficeName(db, sub, countyName)) };
}
