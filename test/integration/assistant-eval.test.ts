/**
 * The assistant against its dialogue scripts (data/assistant, src/modules/assistant/evaluation.ts) through the
 * phone API: the own multi-turn scripts must all reach the right service (and name the place) within two
 * turns; the first shared development set must stay at its measured level (0.977 on 2026-12-06).
 * The full numbers, including the harder second set, come from `npm run bench:assistant`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { buildTestApp } from "../helpers.js";
import { parseScripts, runScript, summarise, type TurnResult } from "../../src/modules/assistant/evaluation.js";
import { rootPath } from "../../src/platform/paths.js";

test("dialogue scripts: own scripts all right within two turns; dev set at least 0.95", async (t) => {
  const { app } = await buildTestApp(t);
  let i = 0;
  const turn = async (text: string, conversation?: string): Promise<TurnResult> => {
    i += 1;
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text, conversation, channel: "phone" }, remoteAddress: `10.0.${i >> 8}.${i & 255}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as TurnResult;
  };
  const read = (f: string) => parseScripts(readFileSync(rootPath("data", "assistant", f), "utf8"));
  const own = [];
  for (const s of read("dialogues.tsv")) own.push(await runScript(turn, s));
  const wrong = own.filter((o) => !o.right).map((o) => `${o.script.turns.join(" | ")} → ${o.kind} ${o.leikaKey ?? ""}`);
  assert.deepEqual(wrong, []);
  assert.ok(own.length >= 12);

  const dev = [];
  for (const s of read("eval-dev.tsv")) dev.push(await runScript(turn, s));
  const summary = summarise(dev);
  assert.ok(summary.rightWithinTwoTurns >= 0.95, JSON.stringify(summary));
});
