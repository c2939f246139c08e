/**
 * Scores dialogue scripts against the assistant (bench/assistant.ts and the eval test): a script is right
 * when within two turns the assistant answers with one of the acceptable services (and, where given, the
 * answer names the expected place or office). When the assistant asks for the municipality and the script
 * has no further turn, the evaluation answers with a default municipality (counts as a turn); when it offers
 * a numbered menu, the evaluation picks the acceptable service if it is on the menu (as the person would);
 * when the menu also asks for the municipality, with the default municipality in the same answer.
 */
export interface Script {
  turns: string[];
  keys: string[];
  mustContain?: string;
}

export interface TurnResult {
  conversation: string;
  reply: { kind: string; text: string; leikaKey?: string; links?: Array<{ kind: string; label?: string }>; options?: Array<{ n: number; leikaKey: string }>; asksPlace?: boolean; placeAnswers?: number };
}

export type Turn = (text: string, conversation?: string) => Promise<TurnResult>;

export interface ScriptOutcome {
  script: Script;
  /** Right within two turns. */
  right: boolean;
  /** Right within three turns (a menu, then the municipality). */
  rightIn3: boolean;
  turns: number;
  kind: string;
  leikaKey?: string;
  /** Each turn as "said → reply kind" (for reading the development sets' misses). */
  trace: string[];
}

/** Lines "turn | turn<TAB>key,key[<TAB>text]"; "#" starts a comment. */
export function parseScripts(tsv: string): Script[] {
  return tsv
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [turns = "", keys = "", mustContain] = l.split("\t");
      return { turns: turns.split(" | ").map((s) => s.trim()), keys: keys.split(",").map((k) => k.trim()), mustContain: mustContain?.trim() || undefined };
    });
}

export async function runScript(turn: Turn, script: Script, defaultPlace = "Mühlacker"): Promise<ScriptOutcome> {
  const queue = [...script.turns];
  let conversation: string | undefined;
  let last: TurnResult | undefined;
  let used = 0;
  const trace: string[] = [];
  while (used < 3) {
    const picked = last?.reply.options?.find((o) => script.keys.includes(o.leikaKey));
    // A menu that also asks for the municipality is answered as asked: the municipality alone for the option
    // it stands for, else the number with the municipality ("2 Mühlacker").
    const choice = picked && last?.reply.asksPlace ? (picked.n === last.reply.placeAnswers ? defaultPlace : `${picked.n} ${defaultPlace}`) : picked ? String(picked.n) : undefined;
    const text = queue.shift() ?? (last?.reply.kind === "ask_place" ? defaultPlace : last?.reply.kind === "choose" ? choice : undefined);
    if (text === undefined) break;
    last = await turn(text, conversation);
    conversation = last.conversation;
    used += 1;
    trace.push(`${text} → ${last.reply.kind}${last.reply.kind === "answer" && !last.reply.leikaKey ? ` „${last.reply.links?.find((l) => l.kind === "source")?.label ?? ""}“` : ""}${last.reply.options ? ` [${last.reply.options.map((o) => o.leikaKey).join(" ")}]` : ""}`);
    if (last.reply.kind === "answer") break;
  }
  const reply = last?.reply;
  const right = used <= 2 && !!reply && reply.kind === "answer" && !!reply.leikaKey && script.keys.includes(reply.leikaKey) && (!script.mustContain || reply.text.includes(script.mustContain));
  const rightIn3 = !!reply && reply.kind === "answer" && !!reply.leikaKey && script.keys.includes(reply.leikaKey) && (!script.mustContain || reply.text.includes(script.mustContain));
  return { script, right, rightIn3, turns: used, kind: reply?.kind ?? "none", leikaKey: reply?.leikaKey, trace };
}

/** Share right, share with an honest "I do not know" (unknown/handoff), share wrong, mean turns of the right ones. */
export function summarise(outcomes: ScriptOutcome[]) {
  const n = outcomes.length || 1;
  const right = outcomes.filter((o) => o.right);
  const honest = outcomes.filter((o) => !o.rightIn3 && (o.kind === "unknown" || o.kind === "handoff" || o.kind === "choose"));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    scripts: outcomes.length,
    rightWithinTwoTurns: round(right.length / n),
    rightWithinThreeTurns: round(outcomes.filter((o) => o.rightIn3).length / n),
    /** No answer but honest: "I do not know", or a menu without the right service. */
    saidUnknown: round(honest.length / n),
    wrongAnswer: round(outcomes.filter((o) => !o.rightIn3 && o.kind === "answer").length / n),
    meanTurnsWhenRight: round(right.reduce((s, o) => s + o.turns, 0) / (right.length || 1)),
  };
}
