import { test } from "node:test";
import assert from "node:assert/strict";
import { buildDatasets, chartPoints, count, datasetRows, lastMonths, monthStart, rollUp, SUPPRESSED, type Facts } from "./metrics.js";

test("months are Berlin months: the first of December in Berlin is still November in UTC", () => {
  assert.equal(monthStart(new Date("2026-11-30T23:30:00Z")), "2026-12-01");
  assert.equal(monthStart(new Date("2026-01-15T12:00:00Z"), -1), "2025-12-01");
  assert.deepEqual(lastMonths(new Date("2026-03-10T12:00:00Z"), 3), ["2026-01-01", "2026-02-01", "2026-03-01"]);
});

test("counts of 1 to 4 are suppressed, and so is every value derived from them", () => {
  assert.equal(count(0), 0);
  assert.equal(count(4), SUPPRESSED);
  assert.equal(count(5), 5);
  assert.equal(count(undefined), null);
  const facts: Facts = new Map([
    ["2026-11-01", { received_online: 3, received: 3, decided: 3, median_days: 2, appt_booked: 20, appt_kept: 18, appt_no_show: 2, pay_count: 1, pay_cents: 4200 }],
    ["2026-12-01", { received_online: 12, received: 12, decided: 6, median_days: 4.5, appt_booked: 20, appt_kept: 15, appt_no_show: 5, pay_count: 7, pay_cents: 70000 }],
  ]);
  const ds = buildDatasets(["2026-11-01", "2026-12-01"], facts, new Map([["2026-11-01", 10], ["2026-12-01", 8]]), [{ query: "a", count: 4 }, { query: "b", count: 9 }]);
  const rows = Object.fromEntries(ds.map((d) => [d.id, datasetRows(d)]));
  assert.deepEqual(rows.antraege, [["2026-11", SUPPRESSED, "10", SUPPRESSED, "", ""], ["2026-12", "12", "8", "60", "", ""]], "the share would reveal 3 online applications");
  assert.deepEqual(rows.bearbeitungszeit, [["2026-11", SUPPRESSED, SUPPRESSED, SUPPRESSED], ["2026-12", "12", "6", "4.5"]]);
  assert.deepEqual(rows.termine, [["2026-11", "20", "18", SUPPRESSED, SUPPRESSED], ["2026-12", "20", "15", "5", "25"]], "the rate would reveal 2 no-shows");
  assert.deepEqual(rows.zahlungen, [["2026-11", SUPPRESSED, SUPPRESSED], ["2026-12", "7", "700"]]);
  assert.deepEqual(rows.suchanfragen, [["b", "9"]]);
  assert.deepEqual(chartPoints(ds[1]!), [{ label: "2026-11", value: SUPPRESSED }, { label: "2026-12", value: 4.5 }]);
});

test("roll-up: rows are summed per service × municipality, service, municipality and overall; rows without a dimension only into the totals", () => {
  const rows = [
    { month: "2026-12-01", service: "A", ags: "08236040", n: 2 },
    { month: "2026-12-01", service: "A", ags: "08236004", n: 3 },
    { month: "2026-12-01", service: "B", ags: "08236040", n: 5 },
    { month: "2026-12-01", service: "", ags: "", n: 7 },
    { month: "2026-11-01", service: "A", ags: "08236040", n: 1 },
  ];
  const got = new Map(rollUp(rows, (r) => [r.n]).map((r) => [`${r.month}|${r.service}|${r.ags}`, r.values[0]]));
  assert.equal(got.get("2026-12-01||"), 17);
  assert.equal(got.get("2026-12-01|A|"), 5);
  assert.equal(got.get("2026-12-01||08236040"), 7);
  assert.equal(got.get("2026-12-01|A|08236040"), 2);
  assert.equal(got.get("2026-11-01||"), 1);
  assert.equal(got.has("2026-12-01|||"), false);
  assert.equal(got.size, 12, "8 views in December, 4 in November");
});
