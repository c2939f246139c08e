/** The receipt PDF (Eingangsbestätigung): layout and content, read back with poppler (test/support/pdfText.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileFieldIds, validAnswers } from "../../../test/fixtures/formAnswers.js";
import { pdfInfo, pdfText } from "../../../test/support/pdfText.js";
import { readFormFiles, submissionCalculation, trustedFileRef } from "../forms/index.js";
import { receiptPdf } from "./receipt.js";
import { applicationMessages } from "./messages.js";
import { registerMessages } from "../../platform/i18n/index.js";

// The module registers its catalogue when it is loaded; the receipt alone does not load the pages.
registerMessages(applicationMessages);

const defs = new Map((await readFormFiles()).map((d) => [d.id, d]));
const hash = "3f".repeat(32);
const submittedAt = new Date("2026-07-01T08:30:00Z"); // 10:30 in Berlin (summer time)

test("receipt of the dog registration: header, title, reference, Berlin time, numbered dogs, calculation, hash, page footer", () => {
  const def = defs.get("hundesteuer-anmeldung")!;
  const answers = structuredClone(validAnswers["hundesteuer-anmeldung"]!) as Record<string, unknown> & { hunde: Array<Record<string, unknown>> };
  answers.name = "Łucja Ørsted-Müller";
  answers.hunde.push({ ...answers.hunde[0], name: "Straßenfeger „Fips“ – der Zweite" });
  const calc = submissionCalculation(def, { answers, submitted_at: submittedAt });
  const pdf = receiptPdf(def, { reference: "HS-2026-000042", submitted_at: submittedAt, answers, answers_hash: hash, fee_cents: 570 }, "Landratsamt Enzkreis", "Gebühr bezahlt: 5,70 €");
  const text = pdfText(pdf);
  const info = pdfInfo(pdf);
  assert.equal(info.Title, "Eingangsbestätigung HS-2026-000042");
  assert.equal(info.Author, "Landratsamt Enzkreis");
  assert.equal(info.Subject, def.title);
  for (const s of ["Landratsamt Enzkreis", "Eingangsbestätigung", def.title, "Aktenzeichen", "HS-2026-000042", "01.07.2026 um 10:30 Uhr", "Gebühr", "5,70 €", "Gebühr bezahlt: 5,70 €", "Łucja Ørsted-Müller", "Bello", "Straßenfeger „Fips“ – der Zweite", hash, "Seite 1 von"])
    assert.ok(text.includes(s), `${s} missing in:\n${text}`);
  // repeated groups are numbered sections, in order
  const hund1 = text.indexOf("Hund 1");
  const hund2 = text.indexOf("Hund 2");
  assert.ok(hund1 > 0 && hund2 > hund1, "Hund 1 before Hund 2");
  assert.ok(text.indexOf("Bello") > hund1 && text.indexOf("Bello") < hund2);
  assert.ok(text.indexOf("Fips") > hund2);
  if (calc) assert.ok(text.includes(calc.title) && text.includes("Summe pro Jahr"));
  for (const page of def.pages) assert.ok(text.includes(page.title), `page heading ${page.title}`);
  assert.doesNotMatch(text, /\S\?\S|\ufffd/, "no character replaced (labels may end with a question mark)");
  const pages = Number(info.Pages);
  assert.ok(text.includes(`Seite ${pages} von ${pages}`));
});

test("receipt of a building application: every file with name, size and SHA-256 under Anlagen; no fee line without a fee", () => {
  const def = defs.get("bauantrag")!;
  const answers = structuredClone(validAnswers.bauantrag!);
  fileFieldIds(def).forEach((f, i) => {
    answers[f] = trustedFileRef({ id: "0b6f4d1e-8a55-4c5e-9d1f-2a3b4c5d6e7f", name: `Plan ${i} – Ansicht Süd.pdf`, mediaType: "application/pdf", size: 123456, sha256: String(i).repeat(64) });
  });
  const pdf = receiptPdf(def, { reference: "BA-2026-000007", submitted_at: submittedAt, answers, answers_hash: hash, fee_cents: 0 }, "Landratsamt Enzkreis");
  const text = pdfText(pdf);
  const flat = text.replace(/\s+/g, "");
  assert.ok(text.includes("Anlagen"));
  const files = fileFieldIds(def);
  assert.ok(files.length >= 3);
  files.forEach((_, i) => {
    assert.ok(text.includes(`Plan ${i} – Ansicht Süd.pdf`), `file ${i}`);
    assert.ok(flat.includes(String(i).repeat(64)), `SHA-256 of file ${i}`);
  });
  assert.ok(text.includes("Bauherrin oder Bauherr 1"), "the builders are numbered");
  assert.ok(!/^Gebühr$/m.test(text), "no fee row");
  assert.ok(Number(pdfInfo(pdf).Pages) >= 2);
});

test("receipt in English: the receipt's own texts and the page frame from the catalogue, the form's questions as the form has them", () => {
  const def = defs.get("hundesteuer-anmeldung")!;
  const answers = validAnswers["hundesteuer-anmeldung"]!;
  const pdf = receiptPdf(def, { reference: "HS-2026-000043", submitted_at: submittedAt, answers, answers_hash: hash, fee_cents: 0 }, "Landratsamt Enzkreis", undefined, "en");
  const text = pdfText(pdf);
  assert.equal(pdfInfo(pdf).Title, "Receipt HS-2026-000043");
  for (const s of ["Receipt", "Reference number", "Received on", "01.07.2026 at 10:30", "Checksum", "SHA-256 of the answers", "Page 1 of", "Created on", "Vor- und Familienname"]) assert.ok(text.includes(s), `${s} missing in:\n${text}`);
  for (const s of ["Eingangsbestätigung", "Aktenzeichen", "Seite 1 von", "Erstellt am", "Prüfsumme"]) assert.ok(!text.includes(s), `${s} should not be in the English receipt`);
});
