import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { fileRetainer } from "../../../platform/files/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import type { Locale } from "../../../platform/i18n/index.js";
import type { StatementSender } from "../db.js";

export interface StatementSubmitterProps extends StatementSender {
  procedureId: string;
  phaseId: string;
  userId: string | null;
  body: string;
  /** The language of the page or API request it was written in (default German): the outcome mail's language. */
  locale?: Locale;
  /** Where in the plan: a document of the procedure with page/paragraph as text, and/or a map point (WGS84) in the plan's area. */
  place?: { documentId: string | null; text: string | null; lat: number | null; lon: number | null };
  /** Stored attachments (platform file service, checked by content), at most three; retained from now on. */
  fileIds?: string[];
  /** The receipt mail (to `email`), built by the caller once the reference is known. */
  receipt?: (reference: string, submittedAt: Date) => { subject: string; text: string };
}

export type StatementSubmitterResult = { ok: true; reference: string; submittedAt: Date } | { ok: false; reason: "closed" };

/** Is this the database refusing a statement outside its period (trigger in 0024_participation.sql)? */
export function isPeriodClosedError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { hint?: string }).hint === "participation_period_closed";
}

/**
 * Stores a statement with its reference number (BT-<year>-<number>) in one transaction, queues the
 * receipt mail when an address was given, and appends the audit entry (ids only, no personal data).
 * The database refuses it outside the phase's period (by its own clock): then `{ ok: false, reason: "closed" }`.
 */
export async function statementSubmitter(ctx: CommandContext, props: StatementSubmitterProps): Promise<StatementSubmitterResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const n = await sql<{ n: string; now: Date }>`SELECT nextval('participation_statement_number')::text AS n, now() AS now`.execute(tx);
      const { n: num, now } = n.rows[0]!;
      const reference = `BT-${berlinDate(new Date(now)).slice(0, 4)}-${num.padStart(6, "0")}`;
      const row = await tx
        .insertInto("participation_statements")
        .values({
          reference,
          procedure_id: props.procedureId,
          phase_id: props.phaseId,
          user_id: props.userId,
          name: props.name,
          street: props.street,
          postcode: props.postcode,
          city: props.city,
          email: props.email,
          body: props.body,
          place_document_id: props.place?.documentId ?? null,
          place_text: props.place?.text ?? null,
          place_lat: props.place?.lat ?? null,
          place_lon: props.place?.lon ?? null,
          locale: props.locale ?? "de",
        })
        .returning(["id", "submitted_at"])
        .executeTakeFirstOrThrow();
      const fileIds = props.fileIds ?? [];
      if (fileIds.length) {
        await tx.insertInto("participation_statement_files").values(fileIds.map((file_id, i) => ({ statement_id: row.id, file_id, position: i + 1 }))).execute();
        await fileRetainer(tx, { ids: fileIds, until: null });
      }
      const submittedAt = new Date(row.submitted_at);
      if (props.email && props.receipt) {
        const mail = props.receipt(reference, submittedAt);
        await enqueueMail(tx, { kind: "participation.receipt", ref: reference, to: props.email, subject: mail.subject, text: mail.text });
      }
      await appendAudit(tx, ctx.actor, {
        action: "participation.statement_submitted",
        objectType: "participation_statement",
        objectId: row.id,
        details: { reference, procedureId: props.procedureId, phaseId: props.phaseId, withAccount: props.userId !== null, receiptMail: !!props.email, attachments: fileIds.length, ...(fileIds.length ? { fileIds } : {}) },
        requestId: ctx.requestId,
      });
      return { ok: true as const, reference, submittedAt };
    });
  } catch (err) {
    if (isPeriodClosedError(err)) return { ok: false, reason: "closed" };
    throw err;
  }
}
