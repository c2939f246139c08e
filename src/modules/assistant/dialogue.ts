/**
 * One turn of a conversation as the chat page and the JSON API run it: find the caller's conversation by
 * its token ("<id>.<secret>"), run the engine, store both texts. A missing or foreign token starts a new
 * conversation: nothing tells the caller whether another conversation exists.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Locale } from "../../platform/i18n/index.js";
import type { AssistantChannel } from "./db.js";
import { respond, withoutReceiptCode, type Reply, type ReceiptStatus } from "./engine.js";
import { findConversation, type ConversationRow } from "./queries.js";
import { hashSecret, ownsConversation } from "./policies.js";
import { turnRecorder } from "./commands/turnRecorder.js";
import { rephrase } from "./llm.js";
import { getCaseForSubmission, listCasesOfApplicant } from "../cases/index.js";
import { findSubmissionRef, STATUS_CAPABILITY } from "../applications/index.js";
import { verifyCapability } from "../../platform/auth/capabilities.js";
import { hitCounter } from "../../platform/http/rateLimitStore.js";

/** Receipt look-ups (reference + status code) per client address: this many per window, then "try again later". */
export const RECEIPT_LIMIT = { max: 5, windowMs: 15 * 60_000 };
/** Checked against when the reference is unknown, so an unknown reference costs what a wrong code costs. */
const NO_SUBMISSION = "00000000-0000-0000-0000-000000000000";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The caller's own conversation for a token, or undefined (unknown, malformed, or someone else's). */
export async function ownConversation(app: FastifyInstance, token: string | undefined): Promise<ConversationRow | undefined> {
  if (!token) return undefined;
  const [id = "", secret = ""] = token.split(".");
  if (!UUID.test(id) || !secret) return undefined;
  const row = await findConversation(app.deps.db, id);
  return ownsConversation(row, secret) ? row : undefined;
}

export async function converse(app: FastifyInstance, req: FastifyRequest, opts: { token?: string; text: string; channel: AssistantChannel }): Promise<{ token: string; conversationId: string; reply: Reply }> {
  const search = app.services.search;
  if (!search) throw new Error("the assistant needs the search module");
  const existing = await ownConversation(app, opts.token);
  const state = { ags: existing?.ags ?? null, pendingLeika: existing?.pending_leika ?? null, choices: existing?.pending_choices ?? [] };
  const user = req.user;
  // Only the signed-in person's own cases (the cases module's account query); the phone and API have no account.
  const ownCases = user
    ? async () =>
        (await listCasesOfApplicant(app.deps.db, user.id, 50)).map((c) => ({
          reference: c.reference,
          serviceTitle: c.serviceTitle,
          status: req.t(`cases.status.${c.status}`),
          href: c.submissionId ? `/postfach/${encodeURIComponent(c.reference)}` : "/antraege",
        }))
    : undefined;
  // The receipt's reference and status code (whoever holds the code may follow the case, as with the status link):
  // counted per client address, the same "none" for an unknown reference and a wrong code, only the status label.
  const receiptStatus = async (reference: string, code: string): Promise<ReceiptStatus> => {
    const { db, config } = app.deps;
    const hit = await hitCounter(db, `rl:assistant-receipt:${req.ip}`, RECEIPT_LIMIT.windowMs);
    if (hit.count > RECEIPT_LIMIT.max) return { limited: { minutes: Math.max(1, Math.ceil(hit.ttlMs / 60_000)) } };
    const sub = await findSubmissionRef(db, reference);
    const valid = await verifyCapability(db, config.sessionSecret, STATUS_CAPABILITY, sub?.id ?? NO_SUBMISSION, code);
    if (!sub || !valid) return { none: true };
    const c = await getCaseForSubmission(db, sub.id);
    return { found: { reference: sub.reference, serviceTitle: c?.serviceTitle ?? sub.title, status: req.t(`cases.status.${c?.status ?? "received"}`) } };
  };
  const { reply: found, state: next } = await respond({ db: app.deps.db, search, t: req.t, ownCases, receiptStatus }, state, opts.text, { homeAgs: user?.homeAgs });
  const reply = await withLanguageModel(app, req, opts.text, found);
  // The status code is a secret: the stored turn (conversation, a handoff's transcript) has it replaced.
  const id = existing?.id ?? randomUUID();
  const secret = existing ? "" : randomBytes(24).toString("base64url");
  await turnRecorder(
    { db: app.deps.db, actor: req.actor(), requestId: req.id },
    { conversationId: id, secretHash: existing ? existing.secret_hash : hashSecret(secret), create: !existing, channel: opts.channel, locale: req.locale as Locale, userText: withoutReceiptCode(opts.text), reply, state: next },
  );
  return { token: existing ? opts.token! : `${id}.${secret}`, conversationId: id, reply };
}

/**
 * The optional language model (ASSISTANT_LLM_URL, off by default) rephrases a service answer from the
 * answer's own text; without a checked citation the catalogue answer stays (llm.ts).
 */
async function withLanguageModel(app: FastifyInstance, req: FastifyRequest, question: string, reply: Reply): Promise<Reply> {
  const llm = app.deps.config.assistant.llm;
  const source = reply.links.find((l) => l.kind === "source");
  if (!llm || reply.kind !== "answer" || !reply.leikaKey || !source) return reply;
  const sourceLine = req.t("assistant.answer.source", { service: source.label });
  const text = await rephrase(llm, question, [{ title: source.label, text: reply.text.replace(sourceLine, "").trim() }], sourceLine);
  return text ? { ...reply, text } : reply;
}
