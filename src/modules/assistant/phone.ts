/**
 * The phone channel: one turn of a call. The telephone system (FreeSWITCH mod_httapi, Asterisk via AGI or
 * ARI, or any IVR that speaks HTTP) sends what the caller said (its speech recognition) or the keys pressed
 * (DTMF); the portal answers with the sentences to speak, the keys that are live, and the links (for an SMS).
 *
 * DTMF fallback, so a call works without speech recognition: 0 = a person (then 1 = call back on this
 * number, 2 = call back and show the conversation, 3 = be put through now while the office is on duty and
 * ASSISTANT_PHONE_TRANSFER names its extension), 1–3 = the numbered menu when the assistant is unsure.
 * The dialogue itself is the chat's engine (same answers, same sources).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { CommandContext } from "../../platform/commands.js";
import type { ReplyKind, ReplyLink } from "./db.js";
import type { Reply } from "./engine.js";
import { converse, ownConversation } from "./dialogue.js";
import { absoluteLinks } from "./presenters.js";
import { lastAssistantTurn, listTurns, type ConversationRow } from "./queries.js";
import { wantsHuman } from "./engine.js";
import { responsibleOffice, transferTarget } from "./live.js";
import { handoffCreator } from "./commands/handoffCreator.js";
import { phoneTransferRecorder } from "./commands/liveHandoffs.js";
import { turnRecorder } from "./commands/turnRecorder.js";

export interface PhoneInput {
  /** The conversation token of the previous turn (none at the start of the call). */
  conversation?: string;
  /** What the caller said (speech recognised as text). */
  text?: string;
  /** Keys pressed (DTMF); they win over text. */
  digits?: string;
  /** The caller's number as the telephone system reports it (for a call back); absent when withheld. */
  caller?: string;
}

export interface PhoneKey {
  key: string;
  label: string;
}

export interface PhoneTurn {
  conversation: string;
  kind: ReplyKind;
  /** Everything to speak, menu included: plain German (or English) sentences. */
  say: string;
  /** The keys that do something after this turn. */
  keys: PhoneKey[];
  links: ReplyLink[];
  /** The call back request created in this turn. */
  reference?: string;
  /** True when the call can end after speaking. */
  hangup: boolean;
  /** Put the call through to this extension or number after speaking (the live handoff on the phone). */
  transfer?: string;
}

const CALLER = /^\+?[0-9]{5,20}$/;

/** The caller's number if it is a usable one (digits, optional +); withheld or "anonymous" → undefined. */
export function callerNumber(raw: string | undefined): string | undefined {
  const n = raw?.replace(/[\s/-]/g, "");
  return n && CALLER.test(n) ? n : undefined;
}

/** A reference spoken character by character ("A, 7, K, …"), so the caller can note it. */
export const spellReference = (ref: string) => ref.replace("-", "").split("").join(", ");

/** The keys of a reply and the sentences that announce them ("Drücken Sie 1 für …"). */
function menuFor(req: FastifyRequest, reply: Pick<Reply, "kind" | "options">, caller: string | undefined, canTransfer = false): { say: string[]; keys: PhoneKey[] } {
  const t = req.t;
  const person: PhoneKey = { key: "0", label: t("assistant.phone.key.person") };
  if (reply.kind === "handoff") {
    const keys: PhoneKey[] = [];
    if (canTransfer) keys.push({ key: "3", label: t("assistant.phone.key.connect") });
    if (caller) keys.push({ key: "1", label: t("assistant.phone.key.callback") }, { key: "2", label: t("assistant.phone.key.callbackTranscript") });
    if (keys.length === 0) return { say: [t("assistant.phone.noCaller")], keys };
    return { say: keys.map((k) => t("assistant.phone.press", { key: k.key, what: k.label })), keys };
  }
  const options = (reply.options ?? []).map((o) => ({ key: String(o.n), label: o.title }));
  const lines = options.map((o) => t("assistant.phone.press", { key: o.key, what: o.label }));
  if (reply.kind === "ask_place") lines.unshift(t("assistant.phone.sayPlace"));
  else if (reply.kind !== "choose") lines.unshift(t("assistant.phone.more"));
  lines.push(t("assistant.phone.press", { key: "0", what: person.label }));
  return { say: lines, keys: [...options, person] };
}

/** The spoken text of an engine reply: the chat's sentences, with the phone's own menu instead of "answer with the number". */
function spoken(req: FastifyRequest, reply: Reply, caller: string | undefined, canTransfer: boolean): { say: string; keys: PhoneKey[] } {
  const menu = menuFor(req, reply, caller, canTransfer);
  const body = reply.kind === "choose" ? reply.lead ?? req.t("assistant.choose.intro") : reply.kind === "handoff" ? req.t(canTransfer ? "assistant.phone.handoffLive" : "assistant.phone.handoff") : reply.text;
  return { say: [body, ...menu.say].join(" "), keys: menu.keys };
}

/** Records a key pressed after the offer of a person, and what the caller was told, as a turn of the conversation. */
async function recordHandoffKey(ctx: CommandContext, req: FastifyRequest, conv: ConversationRow, digits: string, say: string): Promise<void> {
  await turnRecorder(ctx, {
    conversationId: conv.id,
    secretHash: conv.secret_hash,
    create: false,
    channel: "phone",
    locale: req.locale as "de" | "en",
    userText: digits,
    reply: { kind: "handoff", text: say, links: [] },
    state: { ags: conv.ags, pendingLeika: conv.pending_leika, choices: [] },
  });
}

/** One turn of a call. */
export async function phoneTurn(app: FastifyInstance, req: FastifyRequest, input: PhoneInput): Promise<PhoneTurn> {
  const { db, config } = app.deps;
  const caller = callerNumber(input.caller);
  const digits = input.digits?.replace(/[^0-9*#]/g, "").replace(/#$/, "") ?? "";
  const conv = await ownConversation(app, input.conversation);
  const last = conv ? await lastAssistantTurn(db, conv.id) : undefined;

  // After the offer of a person: 1 = call back on this number, 2 = and show the conversation.
  if (conv && last?.kind === "handoff" && caller && (digits === "1" || digits === "2")) {
    const turns = await listTurns(db, conv.id);
    const asked = turns.filter((x) => x.role === "user" && x.text.trim() && !wantsHuman(x.text) && !/^[0-9*#]+$/.test(x.text.trim())).at(-1);
    const transcript = digits === "2" ? turns.filter((x) => x.text.trim()).map((x) => ({ role: x.role, text: x.text })) : [];
    const ctx = { db, actor: req.actor(), requestId: req.id };
    const { reference } = await handoffCreator(ctx, { conversationId: conv.id, channel: "phone", question: asked?.text ?? req.t("assistant.phone.callbackQuestion"), name: null, email: null, phone: caller, transcript });
    const say = req.t("assistant.phone.callbackDone", { reference: spellReference(reference) });
    await recordHandoffKey(ctx, req, conv, digits, say);
    return { conversation: input.conversation!, kind: "handoff", say, keys: [], links: [], reference, hangup: true };
  }

  // After the offer of a person: 3 = put through now (the office's extension, while it is on duty).
  if (conv && last?.kind === "handoff" && digits === "3") {
    const turns = await listTurns(db, conv.id);
    const office = await responsibleOffice(app, turns);
    const target = await transferTarget(app, office);
    const ctx = { db, actor: req.actor(), requestId: req.id };
    const menu = target ? undefined : menuFor(req, { kind: "handoff" }, caller);
    const say = target ? req.t("assistant.phone.connecting") : [req.t("assistant.phone.connectOff"), ...menu!.say].join(" ");
    await recordHandoffKey(ctx, req, conv, digits, say);
    if (!target) return { conversation: input.conversation!, kind: "handoff", say, keys: menu!.keys, links: [], hangup: menu!.keys.length === 0 };
    await phoneTransferRecorder(ctx, { conversationId: conv.id, orgUnitId: office });
    return { conversation: input.conversation!, kind: "handoff", say, keys: [], links: [], hangup: false, transfer: target };
  }

  // Keys stand for what a caller could say: 0 = a person, 1–3 = the menu; any other key is not live.
  let text = input.text?.trim() ?? "";
  if (digits) {
    const menuKey = (conv?.pending_choices.length ?? 0) >= Number(digits) && /^[1-9]$/.test(digits);
    if (digits === "0" || menuKey) text = digits;
    else {
      // Not live: say so and repeat the last reply (its stored text names its own numbers).
      const keys = [...(conv?.pending_choices ?? []).map((_, i) => ({ key: String(i + 1), label: String(i + 1) })), { key: "0", label: req.t("assistant.phone.key.person") }];
      const say = [req.t("assistant.phone.badKey"), last?.text ?? "", req.t("assistant.phone.press", { key: "0", what: req.t("assistant.phone.key.person") })].filter(Boolean).join(" ");
      return { conversation: input.conversation ?? "", kind: last?.kind ?? "greeting", say, keys, links: [], hangup: false };
    }
  }
  const { token, reply } = await converse(app, req, { token: input.conversation, text, channel: "phone" });
  // Whether "3 = put through now" is offered: only with a person asked for, an extension set and the office on duty.
  let canTransfer = false;
  if (reply.kind === "handoff" && app.deps.config.assistant.phoneTransfer.size > 0) {
    const now = await ownConversation(app, token);
    canTransfer = !!now && !!(await transferTarget(app, await responsibleOffice(app, await listTurns(db, now.id))));
  }
  const { say, keys } = spoken(req, reply, caller, canTransfer);
  const greeting = reply.kind === "greeting" && !text ? `${req.t("assistant.phone.welcome")} ${say}` : say;
  return { conversation: token, kind: reply.kind, say: greeting, keys, links: absoluteLinks(reply.links, config.publicUrl), hangup: false };
}
