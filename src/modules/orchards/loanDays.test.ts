import { test } from "node:test";
import assert from "node:assert/strict";
import { isIsoDate, nextFreeSpan, overlaps, parseDay, spanLength } from "./loanDays.js";

test("loan days: length, overlap and the next free span after confirmed loans", () => {
  assert.equal(spanLength({ from: "2026-12-05", to: "2026-12-06" }), 2);
  assert.equal(spanLength({ from: "2026-12-31", to: "2027-01-01" }), 2);
  assert.equal(overlaps({ from: "2026-12-05", to: "2026-12-06" }, { from: "2026-12-06", to: "2026-12-08" }), true);
  assert.equal(overlaps({ from: "2026-12-05", to: "2026-12-06" }, { from: "2026-12-07", to: "2026-12-08" }), false);
  const taken = [
    { from: "2026-12-10", to: "2026-12-11" },
    { from: "2026-12-05", to: "2026-12-06" },
    { from: "2026-12-08", to: "2026-12-08" },
  ];
  // Free right away.
  assert.deepEqual(nextFreeSpan({ from: "2026-12-01", to: "2026-12-02" }, taken), { from: "2026-12-01", to: "2026-12-02" });
  // A weekend on the 5th: the 7th fits one day, not two; the 9th is free but the 10th is not; so the 12th.
  assert.deepEqual(nextFreeSpan({ from: "2026-12-05", to: "2026-12-06" }, taken), { from: "2026-12-12", to: "2026-12-13" });
  assert.deepEqual(nextFreeSpan({ from: "2026-12-05", to: "2026-12-05" }, taken), { from: "2026-12-07", to: "2026-12-07" });
  assert.equal(isIsoDate("2026-02-29"), false);
  assert.equal(isIsoDate("2028-02-29"), true);
  assert.equal(isIsoDate("5.12.2026"), false);
  assert.equal(parseDay("5.12.2026"), "2026-12-05");
  assert.equal(parseDay("2026-12-05"), "2026-12-05");
  assert.equal(parseDay("31.02.2026"), undefined);
});
