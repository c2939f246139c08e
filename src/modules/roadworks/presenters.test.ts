/**
 * The notices' signature block ("Mit freundlichen Grüßen / Im Auftrag / name / unit / authority / seal") stays on one
 * page: the body grows one condition at a time, so for some counts the block would straddle the page break; read
 * back per page with poppler (test/support/pdfText.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../platform/i18n/index.js";
import { pdfInfo, pdfText } from "../../../test/support/pdfText.js";
import { roadworksMessages } from "./messages.js";
import { roadworksCoordinationMessages } from "./messagesCoordination.js";
import { roadworksSpecialUseMessages } from "./messagesSpecialUse.js";
import { changeNoticePdf, orderPdf } from "./presenters.js";
import type { ConsentRow, RoadworkRow } from "./queries.js";

const t = translatorFor(roadworksMessages, roadworksCoordinationMessages, roadworksSpecialUseMessages)("de");
const AUTHORITY = "Stadt Mühlacker";
const SIGNER = { name: "Erika Signatura", unit: "Amt für Ordnung und Verkehr" };

const work = {
  id: "00000000-0000-4000-8000-000000000001",
  reference: "BS-2026-000123",
  title: "Kanalanschluss Lienzinger Straße",
  road_name: "Lienzinger Straße",
  house_from: "10",
  house_to: "24",
  municipality: "Mühlacker",
  ags: "08236040",
  road_class: "municipal",
  start_date: "2026-12-14",
  end_date: "2026-12-23",
  daily_from: "07:00",
  daily_to: "18:00",
  closure: "half",
  lanes: 1,
  rsa_plan: "B I/3",
  geometry: { type: "Point", coordinates: [8.84, 48.95] },
  detour: null,
  contractor: "Tiefbau Demo GmbH",
  client: "Stadtwerke Mühlacker",
  site_manager: "Max Bauleiter",
  site_phone: "+49 7041 000000",
  fee_cents: 8000,
  authority_name: AUTHORITY,
  status: "ordered",
  ordered_at: new Date("2026-12-08T09:00:00Z"),
  submitted_at: new Date("2026-12-01T09:00:00Z"),
  order_signed_by: SIGNER.name,
  order_signed_unit: SIGNER.unit,
} as unknown as RoadworkRow;

const consentsWith = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ party: "police", answer: "consent", condition: `Auflage ${i + 1}: Die Absperrung ist nachts zu beleuchten.`, reason: "" })) as unknown as ConsentRow[];

/** The 1-based pages whose text contains `s`. */
function pagesWith(pages: string[], s: string): number[] {
  return pages.flatMap((text, i) => (text.includes(s) ? [i + 1] : []));
}

function assertBlockTogether(pdf: Buffer, label: string): { blockPage: number; lastConditionPage: number; pages: number } {
  const count = Number(pdfInfo(pdf).Pages);
  const pages = Array.from({ length: count }, (_, i) => pdfText(pdf, i + 1));
  const lines = ["Mit freundlichen Grüßen", "Im Auftrag", SIGNER.name, SIGNER.unit, "Dienstsiegel:", "noch nicht angebracht"];
  const where = lines.map((l) => pagesWith(pages, l).at(-1));
  for (const [i, l] of lines.entries()) assert.ok(where[i] !== undefined, `${label}: "${l}" printed`);
  assert.equal(new Set(where).size, 1, `${label}: the signature block on one page, got ${lines.map((l, i) => `${l} → ${where[i]}`).join(", ")}`);
  const conditionPages = pagesWith(pages, "Auflage ");
  return { blockPage: where[0]!, lastConditionPage: conditionPages.at(-1) ?? 1, pages: count };
}

test("order PDF: the signature block is never split across a page break (moved to the next page as a whole)", () => {
  let moved = 0;
  for (let n = 0; n <= 40; n++) {
    const r = assertBlockTogether(orderPdf(work, consentsWith(n), t, { company: "Tiefbau Demo GmbH" }), `order with ${n} conditions`);
    if (r.blockPage > r.lastConditionPage) moved++;
  }
  assert.ok(moved > 0, "some body length pushed the block to the next page (the break was exercised)");
});

test("early-end notice: the signature block is never split across a page break", () => {
  let moved = 0;
  for (let n = 0; n <= 40; n++) {
    const change = { kind: "early_end" as const, old_end: "2026-12-23", new_end: "2026-12-18", old_geometry: null, new_geometry: null, reason: "Arbeiten früher fertig", decided_at: new Date("2026-12-15T10:00:00Z"), answers: [], signed_by: SIGNER.name, signed_unit: SIGNER.unit };
    const r = assertBlockTogether(changeNoticePdf(work, change, consentsWith(n), t, { company: "Tiefbau Demo GmbH" }), `early end with ${n} conditions`);
    if (r.blockPage > r.lastConditionPage) moved++;
  }
  assert.ok(moved > 0, "some body length pushed the block to the next page (the break was exercised)");
});
