import { test } from "node:test";
import assert from "node:assert/strict";
import { checkOpenItem, parseDate, parseEuro, parseOpenItemsCsv } from "./openItems.js";

test("amounts and dates as German users write them", () => {
  assert.equal(parseEuro("35,00"), 3500);
  assert.equal(parseEuro("1.234,5"), 123450);
  assert.equal(parseEuro("35"), 3500);
  assert.equal(parseEuro("35.00"), undefined);
  assert.equal(parseEuro("abc"), undefined);
  assert.equal(parseDate("31.12.2026"), "2026-12-31");
  assert.equal(parseDate("2026-02-30"), undefined);
});

test("CSV: every bad line is reported with its number, good lines are kept", () => {
  const csv = [
    "Kassenzeichen;Kennzeichen;Betrag;Fällig;Beschreibung",
    "5.1234.5678;PF-AB 123;35,00;31.12.2026;Geschwindigkeitsüberschreitung",
    "x;;35,00;31.12.2026;Zu kurz",
    "5.1234.9999;;zwölf;31.02.2026;",
    '5.1234.5678;;20,00;01.01.2027;"Doppelt; mit Semikolon"',
    "",
  ].join("\r\n");
  const r = parseOpenItemsCsv(`\uFEFF${csv}`);
  assert.equal(r.items.length, 1);
  assert.deepEqual(r.items[0], { kassenzeichen: "5.1234.5678", plate: "PFAB123", amountCents: 3500, dueDate: "2026-12-31", description: "Geschwindigkeitsüberschreitung", line: 2 });
  assert.deepEqual(r.errors.map((e) => e.line), [3, 4, 4, 4, 5]);
  assert.match(r.errors[0]!.message, /Kassenzeichen „x“ ist ungültig/);
  assert.match(r.errors[1]!.message, /Betrag „zwölf“/);
  assert.match(r.errors[2]!.message, /Fälligkeit/);
  assert.match(r.errors[3]!.message, /Beschreibung fehlt/);
  assert.match(r.errors[4]!.message, /steht schon in Zeile 2/);
});

test("CSV without the header is refused as a whole", () => {
  const r = parseOpenItemsCsv("5.1234.5678;;35,00;31.12.2026;x");
  assert.equal(r.items.length, 0);
  assert.match(r.errors[0]!.message, /Kopfzeile/);
});

test("API items: cents as integer, unknown plate format refused", () => {
  assert.ok("item" in checkOpenItem({ kassenzeichen: "5.1234.1", amount: 2500, dueDate: "2026-12-31", description: "Parken" }));
  const bad = checkOpenItem({ kassenzeichen: "5.1234.1", plate: "<script>", amount: 25.5, dueDate: "2026-12-31", description: "Parken" });
  assert.ok("errors" in bad && bad.errors.length === 2);
});
