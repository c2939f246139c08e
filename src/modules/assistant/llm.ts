/**
 * Optional language model (issue 19, item 5; ADR 0044): an OpenAI-compatible endpoint the county runs
 * itself (ASSISTANT_LLM_URL; off by default). It only rephrases an answer the engine already found: it gets
 * the person's question and the retrieved texts (the catalogue answer with office and contact, the
 * service's short text), each numbered [Q1], [Q2] …, and must cite them. Its text is used only when
 *  - it cites at least one of the given sources and no other, and
 *  - every number in it (phone, fee, hours, postcode) occurs in the sources, so it cannot add facts;
 * otherwise, and on any error or timeout, the catalogue answer is used unchanged. Links stay the engine's.
 */
import type { AssistantConfig } from "../../platform/config.js";

export interface LlmSource {
  title: string;
  text: string;
}

type LlmConfig = NonNullable<AssistantConfig["llm"]>;

const SYSTEM_DE =
  "Du formulierst Antworten eines Verwaltungsportals verständlich und freundlich um. Verwende ausschließlich Angaben aus den nummerierten Quellen; erfinde nichts, lass nichts Wichtiges weg (zuständige Stelle, Kontakt, Öffnungszeiten, Online-Antrag, Termin). Zitiere jede verwendete Quelle mit ihrer Marke, zum Beispiel [Q1]. Keine Links, keine Aufzählungszeichen, höchstens sechs Sätze.";

/** The numbers of a text ("07041 123-45" → 07041, 123, 45; "8–12 Uhr" → 8, 12). */
const numbersOf = (s: string) => s.match(/\d+/g) ?? [];

/** The model's text if it passes the citation and fact checks, else undefined. */
export function checkRephrased(text: string, sources: readonly LlmSource[]): string | undefined {
  const cited = [...text.matchAll(/\[Q(\d+)\]/g)].map((m) => Number(m[1]));
  if (cited.length === 0 || cited.some((n) => n < 1 || n > sources.length)) return undefined;
  const known = new Set(sources.flatMap((s) => numbersOf(`${s.title} ${s.text}`)));
  const body = text.replace(/\[Q\d+\]/g, "");
  if (numbersOf(body).some((n) => !known.has(n))) return undefined;
  const clean = body.replace(/\s+([.,;:!?])/g, "$1").replace(/\s+/g, " ").trim();
  return clean.length > 0 ? clean : undefined;
}

/**
 * Asks the endpoint (POST {url}/chat/completions) to rephrase; returns the checked text with the source
 * named in words ("Quelle: Seite „…“"), or undefined (then the caller keeps the catalogue answer).
 */
export async function rephrase(cfg: LlmConfig, question: string, sources: readonly LlmSource[], sourceLine: string): Promise<string | undefined> {
  const numbered = sources.map((s, i) => `[Q${i + 1}] ${s.title}: ${s.text}`).join("\n\n");
  try {
    const res = await fetch(`${cfg.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
      body: JSON.stringify({
        model: cfg.model,
        temperature: 0,
        max_tokens: 400,
        messages: [
          { role: "system", content: SYSTEM_DE },
          { role: "user", content: `Quellen:\n${numbered}\n\nFrage: ${question}` },
        ],
      }),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== "string") return undefined;
    const checked = checkRephrased(content, sources);
    return checked ? `${checked} ${sourceLine}` : undefined;
  } catch {
    return undefined;
  }
}
