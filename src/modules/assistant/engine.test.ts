import assert from "node:assert/strict";
import { test } from "node:test";
import { asksCaseStatus, matchPlace, pickedNumber, receiptPair, serviceFamily, wantsHuman, withoutReceiptCode } from "./engine.js";

const places = [
  { ags: "08236040", name: "Mühlacker" },
  { ags: "08231000", name: "Pforzheim" },
  { ags: "08236006", name: "Bad Liebenzell" },
  { ags: "08236007", name: "Liebenzell" },
];

test("matchPlace finds a municipality as whole words, umlauts folded, the longest name first", () => {
  assert.equal(matchPlace("ich wohne in muehlacker", places)?.place.ags, "08236040");
  assert.equal(matchPlace("Mühlacker", places)?.rest, "");
  assert.equal(matchPlace("wohne in Bad Liebenzell", places)?.place.ags, "08236006");
  assert.equal(matchPlace("Pforzheimer Straße", places), undefined, "part of a word is no place");
  assert.equal(matchPlace("hund anmelden", places), undefined);
  assert.equal(matchPlace("Ich hab meinen Lappen verloren und wohne in Pforzheim", places)?.rest, "ich hab meinen lappen verloren und wohne in");
});

test("wantsHuman: requests for a person (German, English, phone key 0), not service questions", () => {
  for (const s of ["Ich möchte mit jemandem sprechen", "mit einem Menschen reden", "Bitte Rückruf", "I want to talk to a human", "0", "Kann mich ein Mitarbeiter zurückrufen?"]) assert.ok(wantsHuman(s), s);
  for (const s of ["hund anmelden", "Personalausweis verloren", "Sprechstunde Jugendamt", "10"]) assert.ok(!wantsHuman(s), s);
});

test("serviceFamily adds the general variant of the activity", () => {
  assert.deepEqual(serviceFamily("99023001036003"), ["99023001036003", "99023001036000"]);
  assert.deepEqual(serviceFamily("99023001036000"), ["99023001036000"]);
});

test("pickedNumber: a menu choice said or pressed", () => {
  for (const [s, n] of [["2", 2], ["zwei", 2], ["die zweite", 2], ["Nummer 3", 3], ["first", 1], ["1.", 1]] as const) assert.equal(pickedNumber(s), n, s);
  for (const s of ["hund anmelden", "2 hunde anmelden", "", "12"]) assert.equal(pickedNumber(s), undefined, s);
});

test("asksCaseStatus: questions about one's own application, not service questions about applications", () => {
  for (const q of ["Wo steht mein Antrag?", "wo steht meine antrag", "Status meines Antrags", "Stand meiner Anträge", "Wie steht es um meinen Antrag?", "was ist mit meinem Antrag", "mein antrag status", "where is my application", "status of my application"])
    assert.equal(asksCaseStatus(q), true, q);
  for (const q of ["Antrag auf Wohngeld", "Bauantrag stellen", "Wo beantrage ich einen Pass?", "Status Führerschein", "wie stelle ich einen antrag"]) assert.equal(asksCaseStatus(q), false, q);
});

test("receiptPair: a receipt reference with its status code in one message, typed or as the pasted status link", () => {
  const code = "Ab3dEfGhIjKlMnOpQrStUv_x";
  assert.deepEqual(receiptPair(`EK-2026-000123 ${code}`), { reference: "EK-2026-000123", code });
  assert.deepEqual(receiptPair(`Aktenzeichen ek-2026-000123, Code: ${code}`), { reference: "EK-2026-000123", code });
  assert.deepEqual(receiptPair(`https://portal.example/antraege/status/EK-2026-000123?code=${encodeURIComponent(code)}`), { reference: "EK-2026-000123", code });
  // Without a code, or with only long German words next to the reference: no pair (the status question is asked back).
  for (const s of ["EK-2026-000123", "wie ist der Bearbeitungsstand von EK-2026-000123", `${code} ohne Aktenzeichen`, "hund anmelden"]) assert.equal(receiptPair(s), undefined, s);
  assert.equal(withoutReceiptCode(`EK-2026-000123 ${code}`), "EK-2026-000123 [Statuscode]");
  assert.ok(!withoutReceiptCode(`https://portal.example/antraege/status/EK-2026-000123?code=${code}`).includes(code));
  assert.equal(withoutReceiptCode("hund anmelden"), "hund anmelden");
  assert.ok(asksCaseStatus("wie ist der stand meines antrags"));
});
