/** JSON API of e-learning: the public course list and the verification of a certificate by its code. */
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { pick } from "./courses.js";
import { maskBirthDate } from "./presenters.js";
import { certificateByCode, currentCourses } from "./queries.js";
import { normaliseCode, VERIFY_LIMIT } from "./pages/verify.js";

const tags = ["Online-Kurse"];

const Course = Type.Object({ slug: Type.String(), version: Type.Integer(), title: Type.String(), summary: Type.String(), languages: Type.Array(Type.String()), feeCents: Type.Integer(), url: Type.String() });
const CourseList = Type.Object({ items: Type.Array(Course) });
const CertificateParams = Type.Object({ code: Type.String({ maxLength: 60 }) });
type CertificateParams = Static<typeof CertificateParams>;
const Certificate = Type.Object({
  holderName: Type.String(),
  birthDate: Type.String({ description: "Geburtsdatum teilweise verdeckt (**.MM.JJJJ)" }),
  course: Type.String(),
  version: Type.Integer(),
  issuedAt: Type.String({ format: "date-time" }),
  validUntil: Type.Union([Type.String({ format: "date" }), Type.Null()]),
  revoked: Type.Boolean(),
});

export async function learningRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get("/api/v1/learning/courses", { schema: { tags, summary: "Öffentliche Online-Kurse", description: "Ohne Anmeldung: die neueste veröffentlichte Version jedes Kurses für Bürgerinnen und Bürger.", response: { 200: CourseList } } }, async () => {
    const rows = await currentCourses(db, "public");
    return { items: rows.map((c) => ({ slug: c.slug, version: c.version, title: pick(c.content.title, "de"), summary: pick(c.content.summary, "de"), languages: c.content.languages, feeCents: c.fee_cents, url: `/kurse/${c.slug}` })) };
  });

  app.get<{ Params: CertificateParams }>(
    "/api/v1/learning/certificates/:code",
    { config: VERIFY_LIMIT, schema: { tags, summary: "Bescheinigung prüfen", description: "Öffentlich, begrenzt auf 30 Abfragen je Minute und Adresse. Zeigt nur Name, Geburtsdatum (teilweise verdeckt), Kurs, Datum, Gültigkeit und Widerruf.", params: CertificateParams, response: { 200: Certificate, 404: Problem } } },
    async (req, reply) => {
      const code = normaliseCode(req.params.code);
      const row = code ? await certificateByCode(db, code) : undefined;
      if (!row) return sendProblem(reply, 404, "Keine Bescheinigung mit diesem Prüfcode.");
      return { holderName: row.holder_name, birthDate: maskBirthDate(row.birth_date), course: pick(row.title, "de"), version: row.version, issuedAt: row.issued_at.toISOString(), validUntil: row.valid_until, revoked: !!row.revoked_at };
    },
  );
}
