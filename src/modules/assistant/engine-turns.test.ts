/**
 * Turns of the engine that need no database: the slot question with and without a known place, and the
 * repeated slot question after a place alone. The search is a test double with a fixed result list (the
 * real catalogue is covered by test/integration/assistant*.test.ts).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Db } from "../../platform/db/index.js";
import type { Hit, SearchService } from "../search/index.js";
import { respond, type DialogueState } from "./engine.js";

const hit = (leikaKey: string, title: string, score: number) => ({ doc: { type: "service", leikaKey, title, url: `/leistungen/${leikaKey}` }, score, idx: 0 }) as unknown as Hit;
const lost = hit("99023001036003", "Führerschein Ersatz wegen Verlust", 10);
const exchange = hit("99023001051000", "Führerschein Umtausch", 9.95);

const search = {
  municipalities: [
    { ags: "08236040", ars: "082360040040", name: "Mühlacker" },
    { ags: "08231000", ars: "082310000000", name: "Pforzheim" },
  ],
  search: async () => ({ hits: [lost, exchange], total: 2, topics: [], effectiveQuery: "" }),
  current: async () => ({ docs: [lost.doc, exchange.doc] }),
} as unknown as SearchService;
const t = ((key: string, vars?: Record<string, unknown>) => `${key}${vars ? JSON.stringify(vars) : ""}`) as never;
const deps = { db: undefined as unknown as Db, search, t };
const fresh: DialogueState = { ags: null, pendingLeika: null, choices: [] };

test("slot question: asks for the place in the same turn when none is known, not when one is", async () => {
  const unknown = await respond(deps, fresh, "Führerschein");
  assert.equal(unknown.reply.kind, "choose");
  assert.equal(unknown.reply.asksPlace, true);
  assert.equal(unknown.reply.placeAnswers, undefined, "a place alone does not pick a variant");
  assert.match(unknown.reply.text, /assistant\.slot\.howWithPlace/);
  assert.deepEqual(unknown.state.choices, [lost.doc.leikaKey, exchange.doc.leikaKey]);

  const known = await respond(deps, { ...fresh, ags: "08231000" }, "Führerschein");
  assert.equal(known.reply.asksPlace, undefined);
  assert.match(known.reply.text, /assistant\.slot\.how(?!WithPlace)/);
});

test("a place alone while a slot question is open: the place is remembered and the question asked again", async () => {
  const first = await respond(deps, fresh, "Führerschein");
  const placed = await respond(deps, first.state, "ich wohne in Brötzingen");
  assert.equal(placed.reply.kind, "choose");
  assert.equal(placed.reply.place?.name, "Pforzheim");
  assert.match(placed.reply.text, /assistant\.placeThanks/);
  assert.deepEqual(placed.reply.options?.map((o) => o.leikaKey), [lost.doc.leikaKey, exchange.doc.leikaKey]);
  assert.equal(placed.state.ags, "08231000");
  assert.deepEqual(placed.state.choices, first.state.choices);
});
