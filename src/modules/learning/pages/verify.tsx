import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readForm } from "../../../platform/forms.js";
import { emptyForm } from "../../../platform/views/components.js";
import { pick } from "../courses.js";
import { certificateByCode } from "../queries.js";
import { verifyPath } from "../presenters.js";
import { VerifyFormPage, VerifyPage } from "./quizViews.js";

/** Rate limit of the public verification (per client address): enough for an employer, useless for guessing. */
export const VERIFY_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** A code as people type it: upper case, groups of four; undefined when it cannot be a code. */
export function normaliseCode(raw: string): string | undefined {
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (!/^[A-Z2-9]{24}$/.test(s)) return undefined;
  return s.match(/.{4}/g)!.join("-");
}

/** The public verification page /nachweis/{code}: name, masked date of birth, course, date, validity, revoked – nothing else. */
export async function verificationPages(app: FastifyInstance) {
  const { db } = app.deps;
  const notFound = (req: FastifyRequest, reply: FastifyReply, value: string) =>
    reply.page(`${req.t("error.summary")}: ${req.t("learning.verify.title")}`, (ctx) => <VerifyFormPage ctx={ctx} form={{ values: { code: value }, errors: { code: req.t("learning.verify.notFound") } }} />, { status: 404, noindex: true });

  app.get("/nachweis", async (req, reply) => reply.page(req.t("learning.verify.title"), (ctx) => <VerifyFormPage ctx={ctx} form={emptyForm()} />));
  app.post("/nachweis", { config: VERIFY_LIMIT }, async (req, reply) => {
    const v = readForm(req.body, ["code"] as const);
    const code = normaliseCode(v.code.slice(0, 60));
    if (!code) return notFound(req, reply, v.code.slice(0, 60));
    return reply.redirect(verifyPath(code), 303);
  });
  app.get<{ Params: { code: string } }>("/nachweis/:code", { config: VERIFY_LIMIT }, async (req, reply) => {
    const code = normaliseCode(req.params.code.slice(0, 60));
    const row = code ? await certificateByCode(db, code) : undefined;
    if (!row) return notFound(req, reply, req.params.code.slice(0, 60));
    reply.header("cache-control", "no-store");
    return reply.page(
      req.t("learning.verify.resultTitle"),
      (ctx) => <VerifyPage ctx={ctx} cert={{ holderName: row.holder_name, birthDate: row.birth_date, course: pick(row.title, req.locale), version: row.version, issuedAt: row.issued_at, validUntil: row.valid_until, revokedAt: row.revoked_at }} />,
      { noindex: true },
    );
  });
}
