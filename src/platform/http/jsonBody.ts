import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpProblem } from "./problem.js";

/**
 * No JSON body of the portal needs more members than this (the largest, a batch of 1,000 open items, has
 * about 6,000); a 1 MB body could otherwise carry 60,000 and every later pass would pay for each.
 */
export const MAX_JSON_KEYS = 10_000;

// Escapes or raw characters that may decode to a control character (controlChars.ts). `\\b` in a Windows
// path also matches: the exact check then runs, and nothing is refused that is not a control character.
const MAYBE_CONTROL = /\\(?:u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F]|u202[a-eA-E]|u206[6-9]|[bf])|[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const clean = new WeakSet<FastifyRequest>();

/** True when the raw JSON text of the request surely holds no control character (the edge check may skip its walk). */
export const jsonSurelyClean = (req: FastifyRequest): boolean => clean.has(req);

/**
 * Counts colons, an upper bound of the members (colons inside strings count too): indexOf is a memchr,
 * where a regex matching whole keys cost 20 ms on a 1 MB text. Only absurd bodies have 10,000 colons.
 */
function tooManyKeys(text: string): boolean {
  let n = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) if (++n > MAX_JSON_KEYS) return true;
  return false;
}

/**
 * The JSON parser with a cheap pass over the raw text before `JSON.parse` (issue 12 item 4): more than
 * MAX_JSON_KEYS members → 413 problem, without building the object; and a note whether the text can hold
 * control characters at all. Parsing itself is Fastify's (prototype-poisoning protection included).
 */
export function registerJsonBodyParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    const text = body as string;
    if (tooManyKeys(text)) return done(new HttpProblem(413, `Der JSON-Inhalt hat mehr als ${MAX_JSON_KEYS} Felder.`, { type: "too-many-fields" }), undefined);
    if (!MAYBE_CONTROL.test(text)) clean.add(req);
    parse(req, text, done);
  });
}
