import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../platform/i18n/index.js";
import { berlinToUtc } from "../../platform/time/berlin.js";
import { slugify } from "./commands/procedureCreator.js";
import { participationMessages } from "./messages.js";
import { closedText, csvSafe, endParts, periodText, stateText } from "./presenters.js";
import { openPhase, type PhaseInfo } from "./queries.js";

const t = translatorFor(participationMessages)("de");
const phase = (from: string, toExclusive: string): PhaseInfo => ({ id: "p", kind: "display", startsAt: berlinToUtc(from, 0), endsAt: berlinToUtc(toExclusive, 0), announcement: "", reason: null });

test("participation: a period ending at Berlin midnight ends at 24:00 of the day before (also across DST)", () => {
  assert.deepEqual(endParts(berlinToUtc("2027-01-06", 0)), { day: "05.01.2027", time: "24:00" });
  assert.deepEqual(endParts(berlinToUtc("2027-03-29", 0)), { day: "28.03.2027", time: "24:00" });
  assert.deepEqual(endParts(berlinToUtc("2027-01-06", 12 * 60)), { day: "06.01.2027", time: "12:00" });
  assert.equal(periodText(t, phase("2026-12-01", "2027-01-06")), "01.12.2026 bis einschließlich 05.01.2027");
});

test("participation: open from the first moment to just before the end; texts for before, during and after", () => {
  const p = phase("2026-12-01", "2027-01-06");
  assert.equal(openPhase([p], new Date(p.startsAt.getTime() - 1)), undefined);
  assert.equal(openPhase([p], p.startsAt), p);
  assert.equal(openPhase([p], new Date(p.endsAt.getTime() - 1)), p);
  assert.equal(openPhase([p], p.endsAt), undefined);
  assert.equal(stateText(t, [p], p.startsAt), "Stellungnahmen möglich bis 05.01.2027");
  assert.equal(closedText(t, [p], new Date(p.endsAt.getTime() + 60_000)), "Die Frist für Stellungnahmen ist abgelaufen. Sie endete am 05.01.2027 um 24:00 Uhr.");
  assert.equal(closedText(t, [p], new Date(p.startsAt.getTime() - 60_000)), "Stellungnahmen sind ab 01.12.2026, 00:00 Uhr möglich.");
  assert.equal(closedText(t, [], new Date()), "Für dieses Verfahren läuft keine Beteiligung.");
});

test("participation: CSV cells that start like a formula are neutralised; slugs are ASCII", () => {
  assert.equal(csvSafe("=1+1"), "'=1+1");
  assert.equal(csvSafe("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvSafe("-2"), "'-2");
  assert.equal(csvSafe("Bitte Bäume erhalten"), "Bitte Bäume erhalten");
  assert.equal(slugify("Bebauungsplan „Lindach-Süd“"), "bebauungsplan-lindach-sued");
  assert.equal(slugify("Straße ß Ölmühle"), "strasse-ss-oelmuehle");
  assert.match(slugify("“”"), /^[a-z0-9][a-z0-9-]{1,79}$/);
});
