/**
 * E-learning bench:  npx tsx bench/learning.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL with both
 * course folders published, 5,000 issued certificates and 5,000 guest enrolments with an open quiz
 * attempt. Then, for 30 s at the same time:
 *  1. The public verification page GET /nachweis/{code}, 8 at a time, each from its own client address
 *     (the per-address limit would answer 429 otherwise); one request in ten with a code that does not
 *     exist (404): p50/p99, requests/s.
 *  2. Quiz submissions through the command (attemptSubmitter: the owner check (capability code), lock the attempt, time-out check, server
 *     scoring, certificate and audit entry in one transaction), 4 at a time, all answers right:
 *     p50/p99, submissions/s.
 */
import os from "node:os";
import { publishCourseFolders } from "../src/modules/learning/index.js";
import { latestVersion } from "../src/modules/learning/queries.js";
import { attemptSubmitter, newCertificateCode } from "../src/modules/learning/commands/attempts.js";
import { GUEST_CAPABILITY } from "../src/modules/learning/commands/enrollments.js";
import { capabilityCode } from "../src/platform/auth/capabilities.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const RIGHT: Record<string, string[]> = { durchfall: ["b"], anzeichen: ["a", "b", "d"], reihenfolge: ["nass", "seife", "spuelen", "trocknen"], sekunden: ["20"], wiederholung: ["b"] };

async function main() {
  await withBenchRuntime("learning", {}, async (bench) => {
    const db = bench.runtime.db;
    await publishCourseFolders(db);
    const course = (await latestVersion(db, "infektionsschutz-43"))!;
    const N = 5000;
    const codes: string[] = [];
    const open: Array<{ enrollment: string; attempt: string; code: string }> = [];
    for (let i = 0; i < N; i += 500) {
      const rows = Array.from({ length: Math.min(500, N - i) }, (_, k) => ({ version_id: course.id, user_id: null, holder_name: `Bench Person ${i + k}`, birth_date: "1990-01-01", email: `p${i + k}@example.org`, content_locale: "de", identity_declared_at: new Date(), paid_at: new Date(), completed_at: new Date(), modules_done: ["belehrung", "haendewaschen", "merkblatt"], ident_status: "confirmed" as const }));
      const done = await db.insertInto("learning_enrollments").values(rows).returning("id").execute();
      const certs = done.map((e) => ({ enrollment_id: e.id, code: newCertificateCode(), valid_until: null, revoked_at: null, revoke_reason: null, revoked_by: null }));
      await db.insertInto("learning_certificates").values(certs).execute();
      codes.push(...certs.map((c) => c.code));
      const pending = await db.insertInto("learning_enrollments").values(rows.map((r) => ({ ...r, completed_at: null }))).returning("id").execute();
      const attempts = await db.insertInto("learning_attempts").values(pending.map((e) => ({ enrollment_id: e.id, submitted_at: null, outcome: null, score: null, max_score: null, answers: null }))).returning(["id", "enrollment_id"]).execute();
      // The command checks the guest's capability code of the enrolment (as the page passes it).
      for (const a of attempts) open.push({ enrollment: a.enrollment_id, attempt: a.id, code: await capabilityCode(db, bench.config.sessionSecret, GUEST_CAPABILITY, a.enrollment_id) });
    }
    log(`${codes.length} certificates, ${open.length} open quiz attempts`);

    await withBenchApp(bench, { listen: false }, async (app) => {
      const DURATION_MS = 30_000;
      const verifyLat: number[] = [];
      const submitLat: number[] = [];
      const statuses: Record<string, number> = {};
      const outcomes: Record<string, number> = {};
      const t0 = performance.now();
      const end = t0 + DURATION_MS;
      let i = 0;
      const verifiers = Array.from({ length: 8 }, async () => {
        while (performance.now() < end) {
          const k = i++;
          const code = k % 10 === 9 ? newCertificateCode() : codes[k % codes.length]!;
          const s = performance.now();
          const res = await app.inject({ url: `/nachweis/${code}`, remoteAddress: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` });
          verifyLat.push(performance.now() - s);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        }
      });
      let j = 0;
      const submitters = Array.from({ length: 4 }, async () => {
        while (performance.now() < end && j < open.length) {
          const o = open[j++]!;
          const s = performance.now();
          const r = await attemptSubmitter({ actor: { type: "anonymous", id: null }, db }, o.enrollment, o.attempt, course.content.quiz, null, RIGHT, { code: o.code, secret: bench.config.sessionSecret });
          submitLat.push(performance.now() - s);
          outcomes[r.kind] = (outcomes[r.kind] ?? 0) + 1;
        }
      });
      await Promise.all([...verifiers, ...submitters]);
      const wall = performance.now() - t0;
      const result = {
        certificates: codes.length,
        durationMs: Math.round(wall),
        verify: { requests: verifyLat.length, concurrency: 8, statuses, p50Ms: pct(verifyLat, 50), p99Ms: pct(verifyLat, 99), requestsPerSecond: Math.round(verifyLat.length / (wall / 1000)) },
        quizSubmit: { submissions: submitLat.length, concurrency: 4, outcomes, p50Ms: pct(submitLat, 50), p99Ms: pct(submitLat, 99), perSecond: Math.round(submitLat.length / (wall / 1000)) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      const expected404 = Math.floor(verifyLat.length / 10);
      if ((statuses["200"] ?? 0) + (statuses["404"] ?? 0) !== verifyLat.length || (statuses["404"] ?? 0) < expected404 - 8 || outcomes.passed !== submitLat.length) process.exitCode = 1;
    });
  });
}

runBench(main);
