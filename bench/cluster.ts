/**
 * Two-node bench:  npm run bench:cluster
 *
 * Prints one JSON object (progress on stderr). Two app nodes (`src/server.ts` as child processes) on one
 * fresh embedded PostgreSQL behind Debian's nginx (round-robin, test/support/cluster.ts). BENCH_CLUSTER_TOTAL
 * (default 400) anonymous JSON submissions with an Idempotency-Key each, BENCH_CLIENTS (default 8) at a
 * time, through nginx; after 40 % of them node B is killed with SIGKILL. Submissions that failed are sent
 * once more with the same key (as a careful client would). Reports:
 *  - recoverySeconds: from the kill until requests through nginx succeed again (first of 5 in a row),
 *  - acknowledged (first try and after the retry) vs found in the database, duplicates, missing.
 * Without /usr/sbin/nginx it prints {"skipped": "…"}.
 */
import { sql } from "kysely";
import { validAnswers } from "../test/fixtures/formAnswers.js";
import { bookableSlots, clusterUnavailable, loadUnderKill, mixedLoad, startCluster } from "../test/support/cluster.js";
import { log, runBench, withBenchRuntime } from "./support.js";

const TOTAL = Number(process.env.BENCH_CLUSTER_TOTAL ?? 400);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const FORM = "hundesteuer-anmeldung";

async function main() {
  const skipped = clusterUnavailable();
  if (skipped) {
    process.stdout.write(`${JSON.stringify({ skipped })}\n`);
    return;
  }
  await withBenchRuntime("cluster", {}, async ({ runtime }) => {
    const cleanups: Array<() => unknown> = [];
    const after = { after: (fn: () => unknown) => void cleanups.push(fn) };
    try {
      log("starting two nodes and nginx");
      const { nodes, nginx } = await startCluster(after, { DATABASE_URL: runtime.databaseUrl, DEMO_DATA: "false", LOG_LEVEL: "error", BOOKING_CHALLENGE: "off" });
      const tag = `bench-cluster-${process.pid}`;
      log(`${TOTAL} submissions, ${CLIENTS} clients, SIGKILL of node B after ${Math.round(TOTAL * 0.4)}`);
      const slotIds = await bookableSlots(nginx.url, "99023001012000", "lra-08236-fuehrerschein");
      const load = mixedLoad(nginx.url, { form: FORM, answers: validAnswers[FORM]!, tag, slotIds });
      const r = await loadUnderKill(nodes[1], { total: TOTAL, concurrency: CLIENTS, killAfter: Math.round(TOTAL * 0.4), op: load.op, retryable: load.retryable });
      const submissions = await sql<{ refs: string[]; n: number }>`
        SELECT answers->>'name' AS name, array_agg(reference) AS refs, count(*)::int AS n
        FROM application_submissions WHERE answers->>'name' LIKE ${`${tag} %`} GROUP BY 1`.execute(runtime.db);
      const bookings = await sql<{ refs: string[]; n: number }>`
        SELECT name, array_agg(code) AS refs, count(*)::int AS n FROM appt_bookings WHERE name LIKE ${`${tag} %`} GROUP BY 1`.execute(runtime.db);
      const report = (kind: "submissions" | "bookings", rows: Array<{ refs: string[]; n: number }>) => {
        const ops = [...Array(TOTAL).keys()].filter((i) => (kind === "bookings") === load.isBooking(i));
        const acked = ops.filter((i) => r.acknowledged.has(i));
        const found = new Set(rows.flatMap((x) => x.refs));
        return {
          attempts: ops.length,
          failedFirstTry: r.failed.filter((i) => ops.includes(i)).length,
          acknowledged: acked.length,
          found: rows.length,
          duplicates: rows.filter((x) => x.n > 1).length,
          acknowledgedMissing: acked.filter((i) => !found.has(r.acknowledged.get(i)!)).length,
          answers: load.statuses[kind],
        };
      };
      process.stdout.write(
        `${JSON.stringify(
          {
            nodes: 2,
            proxy: "nginx round-robin, proxy_next_upstream error timeout",
            requests: r.attempts,
            clients: CLIENTS,
            killedAfter: Math.round(TOTAL * 0.4),
            survivorAlive: nodes[0].alive(),
            recoverySeconds: r.recoveryMs === undefined ? null : r.recoveryMs / 1000,
            failedFirstTry: r.failed.length,
            submissions: report("submissions", submissions.rows),
            bookings: report("bookings", bookings.rows),
          },
          null,
          2,
        )}\n`,
      );
    } finally {
      for (const fn of cleanups.reverse()) await fn();
    }
  });
}

runBench(main);
