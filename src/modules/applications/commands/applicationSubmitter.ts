import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { appendAudit, canonicalJson } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { capabilityCode } from "../../../platform/auth/capabilities.js";
import { STATUS_CAPABILITY } from "../queries.js";
import { enqueueMail, enqueueMailWithinQuota } from "../../../platform/mail/queue.js";
import { linkSubmissionFiles, type FileLinks } from "../uploads.js";
import { confirmationMail, type ConfirmationMail } from "../confirmationMail.js";
import { caseOwnerFor, caseReferenceSetter, openCaseForSubmission } from "../../cases/index.js";
import { formServiceFacts } from "../queries.js";

export interface ApplicationSubmitterProps {
  formId: string;
  formVersion: number;
  /** The form version's title and LeiKa keys when the caller has the form already (else read here). */
  service?: { title: string; leikaKeys: string[] };
  referencePrefix: string;
  /** Validated answers (checkAnswers and the JSON Schema passed). */
  answers: Record<string, unknown>;
  feeCents: number;
  userId: string | null;
  channel: "web" | "api";
  /** Server secret the status code is derived from (only the code's hash is stored, in capability_keys). */
  statusSecret: string;
  idempotencyKey?: string;
  /** Hash of the request body; a reused key with another body is refused. */
  requestHash?: string;
  /** Draft to delete in the same transaction. */
  draftId?: string;
  /** "payment_pending": the fee is paid before; the submission completes (case opened) when it is paid. */
  status?: "payment_pending";
  /** Uploaded files named in the answers, linked in the same transaction (FileLinkError when one is not the submitter's). */
  files?: FileLinks;
  /** The confirmation mail, queued in the same transaction: no submission without its mail (reference, code and fee are filled in). */
  confirmation?: Omit<ConfirmationMail, "reference" | "statusCode" | "pendingFeeCents">;
  /**
   * The confirmation goes to an address typed into the answers (anyone's): queued only while that recipient got
   * fewer than RECIPIENT_MAILS_PER_HOUR within the hour, counted in the same statement (`enqueueMailWithinQuota`).
   */
  confirmationQuota?: boolean;
  now?: Date;
}

export type ApplicationSubmitterResult =
  | { kind: "created" | "replayed"; id: string; reference: string; statusCode: string; /** The queued confirmation (created only). */ mailId?: string }
  | { kind: "conflict" };

/** The secret status code of a submission: HMAC of its id, so a retried request can answer with the same URL. */
export const statusCodeFor = (db: CommandContext["db"], secret: string, id: string) => capabilityCode(db, secret, STATUS_CAPABILITY, id);

/** Year in Europe/Berlin (the reference counts per calendar year there). */
const berlinYear = (d: Date) => Number(d.toLocaleDateString("en-CA", { timeZone: "Europe/Berlin" }).slice(0, 4));

/**
 * Stores a submission atomically: next reference of the year (gap-free: the counter row is incremented in
 * the same transaction, as its last write but the mail and audit, and rolls back with it), the answers with their hash, the hashed status code, the
 * draft deleted, the confirmation mail queued, the audit entry. With an idempotency key a retry returns the first submission.
 */
export async function applicationSubmitter(ctx: CommandContext, props: ApplicationSubmitterProps): Promise<ApplicationSubmitterResult> {
  const previous = async (): Promise<ApplicationSubmitterResult | undefined> => {
    if (!props.idempotencyKey) return undefined;
    const row = await ctx.db.selectFrom("application_submissions").select(["id", "reference", "request_hash", "form_id"]).where("idempotency_key", "=", props.idempotencyKey).executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== (props.requestHash ?? null) || row.form_id !== props.formId) return { kind: "conflict" };
    return { kind: "replayed", id: row.id, reference: row.reference, statusCode: await statusCodeFor(ctx.db, props.statusSecret, row.id) };
  };
  const before = await previous();
  if (before) return before;
  // Looked up before the transaction: on a second pool connection inside it, a full pool would deadlock.
  const service = props.service ?? (await formServiceFacts(ctx.db, props.formId, props.formVersion));
  const ownerUnitId = props.status !== "payment_pending" ? await caseOwnerFor(ctx.db, { formId: props.formId, service, answers: props.answers }) : undefined;
  const id = randomUUID();
  const year = berlinYear(props.now ?? new Date());
  let opened: Awaited<ReturnType<typeof openCaseForSubmission>> | undefined;
  try {
    const created = await ctx.db.transaction().execute(async (tx) => {
      // Written under a placeholder (the id, never shown) and renumbered by the counter at the end: the
      // counter's row lock serialises all submissions of a prefix, so it is held only for the last statements.
      const provisional = `~${id}`;
      await tx
        .insertInto("application_submissions")
        .values({
          id,
          reference: provisional,
          form_id: props.formId,
          form_version: props.formVersion,
          user_id: props.userId,
          answers: JSON.stringify(props.answers),
          answers_hash: createHash("sha256").update(canonicalJson(props.answers)).digest("hex"),
          fee_cents: props.feeCents,
          idempotency_key: props.idempotencyKey ?? null,
          request_hash: props.requestHash ?? null,
          channel: props.channel,
          ...(props.status ? { status: props.status } : {}),
        })
        .execute();
      const statusCode = await statusCodeFor(tx, props.statusSecret, id);
      if (props.files) await linkSubmissionFiles(tx, id, props.files);
      if (props.draftId) await tx.deleteFrom("application_drafts").where("id", "=", props.draftId).execute();
      // Every submission becomes a case of the responsible office, in the same transaction (issue 5).
      opened = props.status !== "payment_pending" ? await openCaseForSubmission(tx, { submissionId: id, reference: provisional, provisional: true, formId: props.formId, formVersion: props.formVersion, service, answers: props.answers, userId: props.userId, actor: ctx.actor, requestId: ctx.requestId, ownerUnitId, db: ctx.db }) : undefined;
      // The reference is not in the audit entry (it names the submission's id) so that the entry, which can
      // never be changed, is written before the counter.
      await appendAudit(tx, ctx.actor, { action: "application.submitted", objectType: "application_submission", objectId: id, details: { form: props.formId, version: props.formVersion, channel: props.channel }, requestId: ctx.requestId });
      // Gap-free: the counter row is incremented in this transaction and rolls back with it. From here to the
      // commit (case renumbered, its event, the confirmation mail) every other submission of the prefix waits.
      const numbered = await sql<{ reference: string }>`
        WITH c AS (
          INSERT INTO application_reference_counters (prefix, year, last) VALUES (${props.referencePrefix}, ${year}, 1)
          ON CONFLICT (prefix, year) DO UPDATE SET last = application_reference_counters.last + 1
          RETURNING last)
        UPDATE application_submissions SET reference = ${`${props.referencePrefix}-${year}-`} || lpad(c.last::text, greatest(6, length(c.last::text)), '0')
        FROM c WHERE id = ${id} RETURNING reference`.execute(tx);
      const reference = numbered.rows[0]!.reference;
      if (opened) await caseReferenceSetter(tx, opened, reference);
      const mail = props.confirmation ? confirmationMail({ ...props.confirmation, reference, statusCode, pendingFeeCents: props.status === "payment_pending" ? props.feeCents : undefined }) : undefined;
      const mailId = mail ? await (props.confirmationQuota ? enqueueMailWithinQuota(tx, mail) : enqueueMail(tx, mail)) : undefined;
      return { kind: "created" as const, id, reference, statusCode, mailId };
    });
    // Committed: the case's process definition is stored for good.
    opened?.afterCommit?.();
    return created;
  } catch (err) {
    // Two requests with the same key at once: the loser's transaction rolled back (no gap), answer with the winner.
    if ((err as { code?: string }).code === "23505" && props.idempotencyKey) {
      const after = await previous();
      if (after) return after;
    }
    throw err;
  }
}
