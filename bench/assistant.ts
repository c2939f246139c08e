/**
 * Assistant bench:  npx tsx bench/assistant.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL with master
 * data, offices, catalogue and appointment locations. Through the JSON API (POST /api/v1/assistant/turns):
 *  1. Quality: the dialogue scripts of data/assistant (12 own multi-turn scripts, 124 queries of the
 *     shared development sets, 62 + 48 held-out scripts never tuned on; their misses are not printed) and the
 *     search's development sets 3 and 4 (data/search/eval-dev-3.tsv, eval-dev-4.tsv: 123 one-turn queries): share right within two turns, share answered "I do not know", share
 *     wrong, mean turns (src/modules/assistant/evaluation.ts).
 *  2. Speed: 1,000 turns ("hund anmelden" / "Mühlacker" / a full-sentence question alternating, each
 *     storing both texts), 10 at a time, a different client address per request (the per-IP limit of
 *     60/min would otherwise answer 429): p50/p99, turns/s.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import type { FastifyInstance } from "fastify";
import { seedAppointments } from "../src/modules/appointments/index.js";
import { parseScripts, runScript, summarise, type TurnResult } from "../src/modules/assistant/evaluation.js";
import { rootPath } from "../src/platform/paths.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

let client = 0;
function turner(app: FastifyInstance) {
  return async (text: string, conversation?: string): Promise<TurnResult> => {
    const i = client++;
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text, conversation, channel: "phone" }, remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
    if (res.statusCode !== 200) throw new Error(`turn "${text}": ${res.statusCode} ${res.body}`);
    return res.json() as TurnResult;
  };
}

async function main() {
  await withBenchRuntime("assistant", {}, async (bench) => {
    await seedAppointments(bench.runtime.db);
    await withBenchApp(bench, { listen: false }, async (app) => {
      const turn = turner(app);
      const read = (f: string) => parseScripts(readFileSync(rootPath("data", "assistant", f), "utf8"));
      // The search's own development sets 3 and 4 (data/search, "may be tuned on") as one-turn scripts: more tuning
      // data for the understanding (synonyms, intents) without touching a held-out set.
      const readSearch = (f: string) => parseScripts(readFileSync(rootPath("data", "search", f), "utf8"));
      const allSets = { dialogues: read("dialogues.tsv"), evalDev: read("eval-dev.tsv"), evalDev2: read("eval-dev-2.tsv"), evalDev3: readSearch("eval-dev-3.tsv"), evalDev4: readSearch("eval-dev-4.tsv"), heldOut: read("heldout.tsv"), heldOut2: read("heldout-2.tsv") };
      // ASSISTANT_BENCH_SETS=evalDev3,evalDev4: only these sets (quick runs while tuning).
      const only = process.env.ASSISTANT_BENCH_SETS?.split(",").filter(Boolean);
      const sets = Object.fromEntries(Object.entries(allSets).filter(([name]) => !only || only.includes(name)));
      const quality: Record<string, unknown> = {};
      const misses: string[] = [];
      for (const [name, scripts] of Object.entries(sets)) {
        const outcomes = [];
        for (const s of scripts) outcomes.push(await runScript(turn, s));
        quality[name] = summarise(outcomes);
        // Held-out misses are not printed: reading them would be tuning on them.
        if (!name.startsWith("heldOut")) for (const o of outcomes) if (!o.right) misses.push(`${name}: ${o.script.turns.join(" | ")} → ${o.kind} ${o.leikaKey ?? ""} (${o.turns} turns; want ${o.script.keys.join(",")}; ${o.trace.join(" / ")})`);
        log(`${name}: ${JSON.stringify(quality[name])}`);
      }
      if (!only) {
        const all = [];
        for (const scripts of Object.values(sets)) for (const s of scripts) all.push(await runScript(turn, s));
        quality.all = summarise(all);
      }
      for (const m of misses) log(`miss ${m}`);

      // ASSISTANT_BENCH_QUALITY_ONLY=1: skip the speed part (quality runs while tuning).
      if (process.env.ASSISTANT_BENCH_QUALITY_ONLY === "1") {
        process.stdout.write(`${JSON.stringify({ quality, loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) }, null, 2)}\n`);
        return;
      }
      const TURNS = 1000;
      const CONCURRENCY = 10;
      const texts = ["hund anmelden", "Mühlacker", "Ich hab meinen Lappen verloren und wohne in Pforzheim"];
      const lat: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          let conversation: string | undefined;
          while (next < TURNS) {
            const i = next++;
            const s = performance.now();
            const r = await turn(texts[i % texts.length]!, conversation);
            conversation = r.conversation;
            lat.push(performance.now() - s);
          }
        }),
      );
      const wall = performance.now() - t0;
      const result = {
        quality,
        speed: { turns: TURNS, concurrency: CONCURRENCY, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), turnsPerSecond: Math.round(TURNS / (wall / 1000)) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  });
}

runBench(main);
