import type { FastifyInstance } from "fastify";
import { findControlChars, hasControlChars } from "../controlChars.js";
import { HttpProblem, wantsProblem } from "./problem.js";
import { jsonSurelyClean } from "./jsonBody.js";

const DETAIL = "Die Anfrage enthält Steuerzeichen (z. B. Nullbytes), die nicht erlaubt sind.";

function decoded(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return undefined; // malformed escapes: Fastify's own handling answers those
  }
}

/**
 * Refuses control characters (src/platform/controlChars.ts) at the edge, before routes, queries or the
 * database see them: in the path and query string → 400; in a JSON body → 422 with the field's pointer
 * (problem document); pages get the error page. Register after the request context (the page needs
 * `req.t`). Form bodies of pages are not refused here: `readForm` strips the characters and
 * `validate` shows a German message next to the field.
 */
export function registerControlCharGuard(app: FastifyInstance) {
  app.addHook("onRequest", async (req) => {
    const url = decoded(req.url);
    if (url !== undefined && hasControlChars(url)) throw new HttpProblem(400, wantsProblem(req) ? DETAIL : req.t("error.controlChars"), { type: "control-characters" });
  });
  app.addHook("preValidation", async (req) => {
    if (req.body === undefined || req.body === null) return;
    if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(req.headers["content-type"] ?? "")) return;
    // The parser's scan of the raw text found nothing that could be one: no walk over the object.
    if (jsonSurelyClean(req)) return;
    const path = findControlChars(req.body);
    if (path === undefined) return;
    throw new HttpProblem(422, DETAIL, { type: "control-characters", errors: [{ path, message: "Steuerzeichen (z. B. Nullbytes) sind nicht erlaubt." }] });
  });
}
