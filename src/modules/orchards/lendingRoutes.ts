/**
 * JSON API for lenders (issue 16, ADR 0084): the loans of one's own items, and the same decisions as on
 * the pages — confirm or decline a request (`loanDecider`), record the pick-up and the return with their
 * check-lists (`loanHandoverRecorder`), each audited by its command as the account. With a personal API
 * token (scope `orchards:lending`; a lending station's software acts for the station's account) or the
 * same-origin JSON session. A loan of another owner's item → 403 `not-owner` (also for its borrower).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { CommandContext } from "../../platform/commands.js";
import { formatDay } from "../../platform/i18n/format.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { apiAccount, notOwner, orchardApiAuth } from "./apiAuth.js";
import { loanDecider } from "./commands/loans.js";
import { loanHandoverRecorder, loanUrl } from "./commands/loanHandover.js";
import { CONDITIONS } from "./loanDb.js";
import { findLoanDetail } from "./loanQueries.js";
import { validateChecklist } from "./loanValidation.js";
import { canDecideLoan } from "./policies.js";
import { listLoansToDecide } from "./queries.js";
import { IdParams } from "./routes.js";

const tags = ["Streuobst"];
const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const security = [{ bearerAuth: [] as string[] }];
const AUTH = "Mit persönlichem API-Token (Berechtigung `orchards:lending`; das Token handelt für sein Bürgerkonto, z. B. die Verleihstation eines Obst- und Gartenbauvereins) oder der Sitzung im Portal (dann nur `Content-Type: application/json` von der eigenen Herkunft). Ausleihen von Geräten eines anderen Kontos → 403 (`not-owner`).";

const Loan = Type.Object({
  id: Type.String({ format: "uuid" }),
  itemId: Type.String({ format: "uuid" }),
  itemName: Type.String(),
  status: Type.String({ description: "requested, confirmed, declined, cancelled, picked_up, returned" }),
  from: Type.String({ format: "date" }),
  to: Type.String({ format: "date" }),
  borrower: Type.String({ description: "Anzeigename der ausleihenden Person (keine E-Mail-Adresse)" }),
  note: Type.String(),
  url: Type.String({ description: "Die Ausleihe im Portal" }),
});
const Decision = Type.Object({ decision: Type.Union([Type.Literal("confirm"), Type.Literal("decline")]) }, { additionalProperties: false });
type Decision = Static<typeof Decision>;
const ChecklistWrite = Type.Object(
  {
    condition: Type.Union(CONDITIONS.map((c) => Type.Literal(c)), { description: "Zustand des Geräts" }),
    note: Type.Optional(Type.String({ description: "Notiz, höchstens 1000 Zeichen" })),
    accessoriesComplete: Type.Boolean({ description: "Zubehör vollständig" }),
    deposit: Type.Union([Type.Literal("yes"), Type.Literal("no"), Type.Literal("partly")], { description: "Abholung: Kaution erhalten (yes/no); Rückgabe: Kaution zurückgegeben (yes/no/partly)" }),
    depositReturned: Type.Optional(Type.String({ description: "Nur bei Rückgabe mit `partly`: zurückgegebener Betrag in Euro (z. B. \"25,50\"), mehr als 0 und weniger als die Kaution" })),
  },
  { additionalProperties: false },
);
type ChecklistWrite = Static<typeof ChecklistWrite>;
const CHECKLIST_POINTERS: Record<string, string> = { zustand: "/condition", notiz: "/note", zubehoer: "/accessoriesComplete", kaution: "/deposit", betrag: "/depositReturned" };

type LoanLike = { id: string; item_id: string; item_name: string; status: string; from: string; to: string; borrower_name: string; note: string | null };
const presentLoan = (l: LoanLike) => ({ id: l.id, itemId: l.item_id, itemName: l.item_name, status: l.status, from: l.from, to: l.to, borrower: l.borrower_name, note: l.note ?? "", url: loanUrl(l.id) });

export async function orchardLendingRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const staffMessage = "Ausleihen eigener Geräte entscheiden Bürgerkonten; Geräte ohne Bürgerkonto (z. B. des Kreises) entscheidet die Verwaltung im Portal.";
  const lending = orchardApiAuth(db, config.publicUrl, "orchards:lending", { staffMessage });
  // A blocked lender still records a return: it ends the loan and settles the deposit (as on the page).
  const lendingEvenBlocked = orchardApiAuth(db, config.publicUrl, "orchards:lending", { staffMessage, allowBlocked: true });

  /** The loan of one of the account's items; another owner's → 403, unknown → 404 (answered; undefined returned). */
  async function ownLoan(req: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
    const loan = await findLoanDetail(db, req.params.id);
    if (!loan) return void sendProblem(reply, 404, "Keine Ausleihe mit dieser Kennung.");
    if (!canDecideLoan(apiAccount(req), { owner_id: loan.item_owner_id })) return void notOwner(reply, "Das Gerät dieser Ausleihe");
    return loan;
  }
  const reread = async (id: string) => presentLoan((await findLoanDetail(db, id))!);

  app.get(
    "/api/v1/orchards/loans",
    {
      preValidation: lending,
      schema: { tags, security, summary: "Offene Ausleihen der eigenen Geräte (orchards:lending)", description: `${AUTH} Anfragen und bestätigte Ausleihen ab heute sowie abgeholte Geräte, nach erstem Tag sortiert.`, response: { 200: Type.Object({ loans: Type.Array(Loan) }), 401: Problem, 403: Problem, 415: Problem } },
    },
    async (req) => {
      const rows = await listLoansToDecide(db, apiAccount(req));
      return { loans: rows.map(presentLoan) };
    },
  );

  app.post<{ Params: IdParams; Body: Decision }>(
    "/api/v1/orchards/loans/:id/decision",
    {
      config: writeLimit,
      preValidation: lending,
      schema: {
        tags,
        security,
        summary: "Anfrage für ein eigenes Gerät bestätigen oder ablehnen (orchards:lending)",
        description: `${AUTH} Wie „Bestätigen“/„Ablehnen“ im Portal (auditiert). Nicht mehr offene Anfrage → 409 (\`loan-not-open\`); Tage inzwischen anderweitig bestätigt → 409 (\`loan-overlap\`, mit \`nextFree\`).`,
        params: IdParams,
        body: Decision,
        response: { 200: Loan, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 415: Problem },
      },
    },
    async (req, reply) => {
      const loan = await ownLoan(req, reply);
      if (!loan) return reply;
      const out = await loanDecider(ctxOf(req), { loanId: loan.id, itemId: loan.item_id, days: loan, decision: req.body.decision });
      if (out.kind === "overlap") return sendProblem(reply, 409, req.t("orchards.loan.overlap", { from: formatDay(out.next.from), to: formatDay(out.next.to) }), { type: "loan-overlap", extensions: { nextFree: out.next } });
      if (out.kind === "not_open") return sendProblem(reply, 409, `Die Anfrage ist nicht mehr offen (Stand: ${req.t(`orchards.loan.status.${loan.status}`)}).`, { type: "loan-not-open" });
      return reread(loan.id);
    },
  );

  for (const [path, step] of [["pickup", "pickup"], ["return", "return"]] as const) {
    app.post<{ Params: IdParams; Body: ChecklistWrite }>(
      `/api/v1/orchards/loans/:id/${path}`,
      {
        config: writeLimit,
        preValidation: step === "pickup" ? lending : lendingEvenBlocked,
        schema: {
          tags,
          security,
          summary: step === "pickup" ? "Abholung mit Check-Liste festhalten (orchards:lending)" : "Rückgabe mit Check-Liste festhalten (orchards:lending)",
          description: `${AUTH} Wie die Check-Liste im Portal (auditiert; die ausleihende Person kann sie dort bestätigen oder widersprechen). ${step === "pickup" ? "Nur für bestätigte Ausleihen (sonst 409 `loan-wrong-state`); gesperrtes Konto → 403." : "Nur für abgeholte Geräte (sonst 409 `loan-wrong-state`); auch mit gesperrtem Konto (beendet die Ausleihe)."} Fehler je Feld → 422.`,
          params: IdParams,
          body: ChecklistWrite,
          response: { 200: Loan, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 415: Problem, 422: Problem },
        },
      },
      async (req, reply) => {
        const loan = await ownLoan(req, reply);
        if (!loan) return reply;
        const wrongState = () => sendProblem(reply, 409, req.t("orchards.checklist.wrongState", { status: req.t(`orchards.loan.status.${loan.status}`) }), { type: "loan-wrong-state" });
        if (loan.status !== (step === "pickup" ? "confirmed" : "picked_up")) return wrongState();
        const b = req.body;
        const values = { zustand: b.condition, notiz: b.note ?? "", zubehoer: b.accessoriesComplete ? "yes" : "no", kaution: b.deposit, betrag: b.depositReturned ?? "" };
        const { form, checklist } = validateChecklist(values, step, loan.deposit_cents, req.t);
        if (!checklist) return sendProblem(reply, 422, "Die Check-Liste ist nicht gültig (siehe errors).", { errors: Object.entries(form.errors).map(([f, message]) => ({ path: CHECKLIST_POINTERS[f] ?? "/", message })) });
        const out = await loanHandoverRecorder(ctxOf(req), { loanId: loan.id, step, checklist });
        if (out.kind === "wrong_state") return wrongState();
        return reread(loan.id);
      },
    );
  }
}
