/**
 * Cases bench:  npm run bench:cases
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL
 * (temporary VAR_DIR), listening on loopback; requests go over real HTTP with a staff session.
 *  1. 100,000 cases (BENCH_CASES, e.g. 1000000 for issue 13's target) generated with SQL (spread over 12
 *     departments, 40 % at the building authority, two years of submissions, every state of the building-permit
 *     process, participations with deadlines for a fifth of them, one timeline entry each).
 *  2. Inbox listing GET /api/v1/cases as a member of the building authority (≈ 40 % of the cases):
 *     first page, filtered by status, by service, overdue only, and the next page by cursor;
 *     200 sequential requests each, latency p50/p99.
 *  2b. 200 staff (members of the 12 departments, one session each), 20 concurrent clients, 2,000 inbox requests
 *     (first page, by status, overdue, next page, mixed), each from a random staff member: p50/p99.
 *  3. Transitions: 2,000 fresh cases, 10 concurrent clients each POST a transition
 *     (start_check) with its version; transitions per second, p50/p99.
 */
import os from "node:os";
import { sql } from "kysely";
import { createSession } from "../src/platform/auth/session.js";
import { SESSION_COOKIE } from "../src/platform/http/cookies.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";


const CASES = Number(process.env.BENCH_CASES ?? 100_000);
if (!Number.isInteger(CASES) || CASES < 1000) throw new Error(`BENCH_CASES must be a whole number ≥ 1000 (is ${process.env.BENCH_CASES})`);

async function main() {
  await withBenchRuntime("cases", {}, async (bench) => {
    const { config, runtime } = bench;
    const db = runtime.db;
    // Building the app loads the process definitions into case_processes.
    await withBenchApp(bench, { listen: true }, async (app, base) => {
      const units = await db.selectFrom("org_units").select(["id", "key"]).where("key", "like", "lra-08236-%").orderBy("key").execute();
      const bau = units.find((u) => u.key === "lra-08236-baurecht")!;
      const others = units.filter((u) => u.id !== bau.id).slice(0, 11).map((u) => u.id);
      const staff = await db
        .insertInto("users")
        .values({ kind: "staff", email: "bench-bau@example.org", display_name: "Bench Baurecht", password_hash: null, email_verified_at: new Date(), home_ags: null, disabled_at: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: bau.id, granted_by: null }).execute();
      const token = await createSession(db, staff.id, "password", { idleMinutes: 600, absoluteHours: 12 });
      const cookie = `${SESSION_COOKIE(config)}=${app.signCookie(token)}`;

      // The building-permit process as loaded from data/processes (its current version).
      const bauProcess = await db.selectFrom("case_processes").select(["version"]).where("id", "=", "baugenehmigung").orderBy("version", "desc").executeTakeFirstOrThrow();
      log(`generating ${CASES} cases with SQL …`);
      let t0 = performance.now();
      // States of the building-permit process with their citizen status.
      await sql`
        WITH states(i, state, status) AS (VALUES (0, 'received', 'received'), (1, 'completeness_check', 'in_progress'), (2, 'documents_requested', 'action_required'),
                                             (3, 'participation', 'in_progress'), (4, 'decision', 'in_progress'), (5, 'notice', 'decided'), (6, 'closed', 'closed')),
             gen AS (
               SELECT g, (g % 7) AS si,
                      CASE WHEN g % 5 < 2 THEN ${bau.id}::uuid ELSE (${others}::uuid[])[1 + (g % 11)] END AS owner,
                      now() - make_interval(mins => (g * 7) % (2 * 365 * 24 * 60)) AS created
               FROM generate_series(1, ${CASES}) g)
        INSERT INTO cases (reference, process_id, process_version, form_id, leika_key, service_title, municipality_ags, state, citizen_status, owner_unit_id, version, created_at, updated_at, decided_at, closed_at)
        SELECT 'BX-' || lpad(g::text, 7, '0'), 'baugenehmigung', ${bauProcess.version}::int,
               (ARRAY['bauantrag', 'hundesteuer-anmeldung', 'wohngeld-erstantrag'])[1 + g % 3],
               '99012008001000', (ARRAY['Bauantrag', 'Anmeldung zur Hundesteuer', 'Wohngeld'])[1 + g % 3], '08236070',
               s.state, s.status, owner, 1 + si, created, created,
               CASE WHEN si >= 5 THEN created + make_interval(days => 10 + g % 60) END, CASE WHEN si = 6 THEN created + make_interval(days => 80) END
        FROM gen JOIN states s ON s.i = gen.si`.execute(db);
      await sql`
        INSERT INTO case_events (case_id, at, actor_type, kind, to_state, visibility, citizen_status, text)
        SELECT id, created_at, 'system', 'created', 'received', 'citizen', 'received', 'Ihr Antrag ist eingegangen.' FROM cases`.execute(db);
      await sql`
        INSERT INTO case_participations (case_id, step_key, label, unit_id, requested_at, due_date)
        SELECT c.id, s.key, s.key, (${others}::uuid[])[1 + s.n], c.created_at, (c.created_at + interval '28 days')::date
        FROM cases c CROSS JOIN (VALUES ('wasser', 1), ('immission', 2), ('denkmal', 3), ('gemeinde', 4)) AS s(key, n)
        WHERE c.state = 'participation'`.execute(db);
      await sql`ANALYZE cases; ANALYZE case_participations; ANALYZE case_events`.execute(db);
      const generateMs = Math.round(performance.now() - t0);
      const counts = await sql<{ all: number; bau: number; parts: number }>`
        SELECT (SELECT count(*) FROM cases)::int AS all, (SELECT count(*) FROM cases WHERE owner_unit_id = ${bau.id})::int AS bau, (SELECT count(*) FROM case_participations)::int AS parts`.execute(db);
      log(`generated in ${generateMs} ms: ${JSON.stringify(counts.rows[0])}`);

      const get = async (url: string) => {
        const s = performance.now();
        const res = await fetch(`${base}${url}`, { headers: { cookie } });
        const body = (await res.json()) as { items: unknown[]; next: string | null };
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        return { ms: performance.now() - s, body };
      };
      const first = await get("/api/v1/cases");
      const listing: Record<string, { p50: number; p99: number; items: number }> = {};
      const variants: Record<string, string> = {
        firstPage: "/api/v1/cases",
        byStatus: "/api/v1/cases?status=in_progress",
        byService: "/api/v1/cases?service=wohngeld-erstantrag",
        overdueOnly: "/api/v1/cases?overdue=true",
        nextPage: `/api/v1/cases?after=${first.body.next}`,
        reference: "/api/v1/cases?reference=BX-00123",
      };
      for (const [name, url] of Object.entries(variants)) {
        for (let i = 0; i < 10; i++) await get(url);
        const lat: number[] = [];
        let items = 0;
        for (let i = 0; i < 200; i++) {
          const r = await get(url);
          lat.push(r.ms);
          items = r.body.items.length;
        }
        listing[name] = { p50: pct(lat, 50), p99: pct(lat, 99), items };
        log(`inbox ${name}: p50 ${listing[name]!.p50} ms, p99 ${listing[name]!.p99} ms (${items} items)`);
      }

      // 200 staff of the 12 departments at once: each request from a random member, 20 concurrent clients.
      const depts = [bau.id, ...others];
      const crowd = await db
        .insertInto("users")
        .values(Array.from({ length: 200 }, (_, i) => ({ kind: "staff" as const, email: `bench-staff-${i}@example.org`, display_name: `Bench ${i}`, password_hash: null, email_verified_at: new Date(), home_ags: null, disabled_at: null })))
        .returning("id")
        .execute();
      await db.insertInto("user_roles").values(crowd.map((u, i) => ({ user_id: u.id, role: "member", org_unit_id: depts[i % depts.length]!, granted_by: null }))).execute();
      const cookies = await Promise.all(crowd.map(async (u) => `${SESSION_COOKIE(config)}=${app.signCookie(await createSession(db, u.id, "password", { idleMinutes: 600, absoluteHours: 12 }))}`));
      const mixed = ["/api/v1/cases", "/api/v1/cases?status=in_progress", "/api/v1/cases?overdue=true", "/api/v1/cases?service=bauantrag"];
      const crowdLat: number[] = [];
      let crowdLeft = 2000;
      t0 = performance.now();
      await Promise.all(
        Array.from({ length: 20 }, async (_, client) => {
          for (let n = client; crowdLeft-- > 0; n += 20) {
            const s = performance.now();
            const res = await fetch(`${base}${mixed[n % mixed.length]}`, { headers: { cookie: cookies[(n * 7919) % cookies.length]! } });
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`crowd: ${res.status}`);
            crowdLat.push(performance.now() - s);
          }
        }),
      );
      const crowdInbox = { staff: crowd.length, clients: 20, requests: crowdLat.length, perSecond: Math.round(crowdLat.length / ((performance.now() - t0) / 1000)), p50: pct(crowdLat, 50), p99: pct(crowdLat, 99) };
      log(`inbox, 200 staff: ${JSON.stringify(crowdInbox)}`);

      // Transitions: fresh cases in 'received' at the building authority.
      const N = 2000;
      const fresh = await sql<{ id: string }>`
        INSERT INTO cases (reference, process_id, process_version, form_id, service_title, state, citizen_status, owner_unit_id)
        SELECT 'TX-' || lpad(g::text, 6, '0'), 'baugenehmigung', ${bauProcess.version}::int, 'bauantrag', 'Bauantrag', 'received', 'received', ${bau.id}
        FROM generate_series(1, ${N}) g RETURNING id`.execute(db);
      const queue = fresh.rows.map((r) => r.id);
      const lat: number[] = [];
      const statuses: Record<string, number> = {};
      t0 = performance.now();
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let id = queue.pop(); id; id = queue.pop()) {
            const s = performance.now();
            const res = await fetch(`${base}/api/v1/cases/${id}/transitions`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ event: "start_check", version: 1 }) });
            await res.arrayBuffer();
            lat.push(performance.now() - s);
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const transitions = { count: N, clients: 10, perSecond: Math.round(N / seconds), p50: pct(lat, 50), p99: pct(lat, 99), statuses };
      log(`transitions: ${JSON.stringify(transitions)}`);
      process.stdout.write(`${JSON.stringify({ cases: counts.rows[0]!.all, buildingAuthorityCases: counts.rows[0]!.bau, participations: counts.rows[0]!.parts, generateMs, inboxListingMs: listing, crowdInbox, transitions, cpus: os.cpus().length }, null, 2)}\n`);
    });
  });
}

runBench(main);
