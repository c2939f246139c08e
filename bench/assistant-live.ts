/**
 * Live handoff bench (ADR 0076):  npm run bench:assistant-live
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL with master
 * data and offices; ASSISTANT_LIVE_HOURS always on.
 *  1. Claims: CASES live cases (conversation + transcript through the opener command), each claimed by
 *     RIVALS staff members at the same moment (liveClaimer, the command the claim button runs), CONCURRENCY
 *     cases at a time. Checks that every case has exactly one winner; claims/s = claim attempts per second.
 *  2. Answer round trip: ANSWERS times a claimer writes an answer (liveStaffMessenger, one transaction with
 *     the audit entry) and the person's poll (GET /assistent/live/:id/nachrichten with the signed
 *     conversation cookie, the request public/assistant-live.js makes) returns it; CONCURRENCY at a time,
 *     p50/p99 of write + poll. The script polls every 4 s, so a person sees an answer up to 4 s later than this.
 */
import os from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { hashSecret } from "../src/modules/assistant/policies.js";
import { liveClaimer, liveOpener, liveStaffMessenger } from "../src/modules/assistant/commands/liveHandoffs.js";
import type { Db } from "../src/platform/db/index.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const CASES = Number(process.env.BENCH_LIVE_CASES ?? 300);
const RIVALS = 3;
const ANSWERS = Number(process.env.BENCH_LIVE_ANSWERS ?? 1000);
const CONCURRENCY = 10;

interface Case {
  id: string;
  cookie: string;
  claimer?: string;
}

async function openCases(app: FastifyInstance, db: Db): Promise<Case[]> {
  const cases: Case[] = [];
  for (let i = 0; i < CASES; i++) {
    const id = randomUUID();
    const secret = randomBytes(24).toString("base64url");
    await db.insertInto("assistant_conversations").values({ id, secret_hash: hashSecret(secret), channel: "chat", locale: "de", ags: null, pending_leika: null, pending_choices: [] }).execute();
    const transcript = [
      { role: "user" as const, text: "Ich möchte mit jemandem sprechen" },
      { role: "assistant" as const, text: "Gern verbinde ich Sie mit einem Menschen." },
    ];
    const c = await liveOpener({ db, actor: { type: "anonymous", id: null } }, { conversationId: id, orgUnitId: null, transcript, claimMinutes: 60 });
    cases.push({ id: c.id, cookie: `kp_assistant=${encodeURIComponent(app.signCookie(`${id}.${secret}`))}` });
  }
  return cases;
}

async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function main() {
  await withBenchRuntime("assistant-live", { ASSISTANT_LIVE_HOURS: "Mo-So,Ft 00:00-24:00" }, async (bench) => {
    const { db } = bench.runtime;
    await withBenchApp(bench, { listen: false }, async (app) => {
      log(`opening ${CASES} live cases …`);
      const cases = await openCases(app, db);
      const staff = (
        await db
          .insertInto("users")
          .values(Array.from({ length: 10 }, (_, i) => ({ kind: "staff" as const, email: `bench-live-${i}@lra.example`, display_name: `Bench ${i}`, password_hash: null, email_verified_at: new Date(), home_ags: null, disabled_at: null })))
          .returning("id")
          .execute()
      ).map((r) => r.id);

      log(`claims: ${CASES} cases × ${RIVALS} rivals …`);
      let attempts = 0;
      let wins = 0;
      const t0 = performance.now();
      await pool(cases, CONCURRENCY, async (c, i) => {
        const rivals = Array.from({ length: RIVALS }, (_, r) => staff[(i + r) % staff.length]!);
        const results = await Promise.all(rivals.map((s) => liveClaimer({ db, actor: { type: "staff", id: s } }, { id: c.id })));
        attempts += results.length;
        const won = results.flatMap((r, k) => (r.ok ? [rivals[k]!] : []));
        if (won.length !== 1) throw new Error(`case ${c.id}: ${won.length} winners`);
        wins++;
        c.claimer = won[0];
      });
      const claimWall = performance.now() - t0;

      log(`round trips: ${ANSWERS} answers …`);
      const lat: number[] = [];
      const seen = new Map<string, number>();
      const jobs = Array.from({ length: ANSWERS }, (_, i) => cases[i % cases.length]!);
      let client = 0;
      const t1 = performance.now();
      await pool(jobs, CONCURRENCY, async (c) => {
        const s = performance.now();
        const w = await liveStaffMessenger({ db, actor: { type: "staff", id: c.claimer! } }, { id: c.id, text: "Der Wertstoffhof ist samstags von 9 bis 13 Uhr geöffnet." });
        if (!w.ok) throw new Error(`answer refused: ${w.reason}`);
        const k = client++;
        const res = await app.inject({ method: "GET", url: `/assistent/live/${c.id}/nachrichten?nach=${seen.get(c.id) ?? 0}`, headers: { cookie: c.cookie }, remoteAddress: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` });
        if (res.statusCode !== 200) throw new Error(`poll: ${res.statusCode}`);
        const msgs = (res.json() as { messages: Array<{ seq: number }> }).messages;
        if (!msgs.some((m) => m.seq === w.seq)) throw new Error("the answer was not in the poll");
        seen.set(c.id, Math.max(...msgs.map((m) => m.seq)));
        lat.push(performance.now() - s);
      });
      const answerWall = performance.now() - t1;
      const result = {
        claims: { cases: CASES, rivalsPerCase: RIVALS, attempts, winners: wins, claimsPerSecond: Math.round(attempts / (claimWall / 1000)), casesClaimedPerSecond: Math.round(wins / (claimWall / 1000)) },
        answerRoundTrip: { answers: ANSWERS, concurrency: CONCURRENCY, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), perSecond: Math.round(ANSWERS / (answerWall / 1000)) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  });
}

runBench(main);
