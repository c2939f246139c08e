import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAnswers, feeFor, holds, valuesToTree } from "./answers.js";
import { definitionProblems, readFormFiles, type FormDefinition } from "./definition.js";
import { generateJsonSchema, validateAgainstSchema } from "./jsonSchema.js";
import { dogTax, dogTaxRates, taxableMonths } from "./calculations.js";

const dogForm = async () => (await readFormFiles()).find((f) => f.id === "hundesteuer-anmeldung")!;
const dog = { name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false };
const valid = { name: "Erika", geburtsdatum: "1980-03-14", gemeinde: "08236040", anschrift: { strasse: "Weg 1", plz: "75417", ort: "Mühlacker" }, hunde: [dog] };

test("conditional visibility: hidden fields are dropped and not required; shown ones are", async () => {
  const def = await dogForm();
  const hidden = checkAnswers(def, { ...valid, hunde: [{ ...dog, vorherigeGemeinde: "Pforzheim" }] }, "json");
  assert.deepEqual(hidden.errors, []);
  assert.equal((hidden.answers.hunde as Array<Record<string, unknown>>)[0]!.vorherigeGemeinde, undefined, "hidden answer dropped");
  const shown = checkAnswers(def, { ...valid, hunde: [{ ...dog, anlass: "zuzug" }] }, "json");
  assert.deepEqual(shown.errors.map((e) => e.path), ["/hunde/0/vorherigeGemeinde"]);
  assert.equal(holds({ any: [{ field: "gemeinde", equals: "x" }, { field: "gemeinde", in: ["08236040"] }] }, valid), true);
  assert.equal(holds({ all: [{ field: "gemeinde", filled: true }, { field: "gemeinde", notEquals: "08236040" }] }, valid), false);
});

test("rules per instance of a repeating group; cardinality limits", async () => {
  const def = await dogForm();
  const r = checkAnswers(def, { ...valid, hunde: [dog, { ...dog, gefaehrlich: true, wurfdatum: "2999-01-01" }] }, "json");
  assert.deepEqual(r.errors.map((e) => e.path).sort(), ["/hunde/1/chipnummer", "/hunde/1/wurfdatum"]);
  const none = checkAnswers(def, { ...valid, hunde: [] }, "json");
  assert.deepEqual(none.errors.map((e) => e.path), ["/hunde"]);
  const many = checkAnswers(def, { ...valid, hunde: Array(6).fill(dog) }, "json");
  assert.match(many.errors[0]!.message, /Höchstens 5/);
});

test("form input: German dates and numbers, Ja/Nein, control characters removed, every error a German message", async () => {
  const def = await dogForm();
  const values: Record<string, string> = {
    name: "  Erika\u0007 Mustermann ",
    geburtsdatum: "14.03.1980",
    gemeinde: "08236040",
    "anschrift.strasse": "Weg 1",
    "anschrift.plz": "75417",
    "anschrift.ort": "Mühlacker",
    "hunde.__count": "1",
    "hunde.0.name": "Bello",
    "hunde.0.rasse": "Dackel",
    "hunde.0.geschlecht": "w",
    "hunde.0.wurfdatum": "1.6.2023",
    "hunde.0.haltungsbeginn": "01.02.2026",
    "hunde.0.anlass": "alter",
    "hunde.0.gefaehrlich": "nein",
  };
  const ok = checkAnswers(def, valuesToTree(def, values), "form");
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.answers.name, "Erika Mustermann");
  assert.equal(ok.answers.geburtsdatum, "1980-03-14");
  assert.equal((ok.answers.hunde as Array<Record<string, unknown>>)[0]!.gefaehrlich, false);
  const bad = checkAnswers(def, valuesToTree(def, { ...values, geburtsdatum: "31.02.1980", "hunde.0.gefaehrlich": "vielleicht" }), "form");
  assert.deepEqual(bad.errors.map((e) => e.path), ["/geburtsdatum", "/hunde/0/gefaehrlich"]);
  assert.match(bad.errors[0]!.message, /TT\.MM\.JJJJ/);
  // Only one page's errors when asked for one page.
  const page = checkAnswers(def, valuesToTree(def, { name: "" }), "form", "halter");
  assert.deepEqual(page.errors.map((e) => e.path), ["/name", "/geburtsdatum"]);
});

test("JSON Schema: generated from the definition, valid answers pass, wrong ones fail", async () => {
  const def = await dogForm();
  const schema = generateJsonSchema(def);
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  const props = schema.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(props.gemeinde!.enum, def.codeLists.gemeinden!.map((e) => e.value));
  assert.equal(props.hunde!.type, "array");
  assert.equal(props.hunde!.maxItems, 5);
  assert.ok((schema.required as string[]).includes("hunde"));
  assert.ok(!(schema.required as string[]).includes("email"));
  // The conditional field is required by if/then in the dog item.
  const item = props.hunde!.items as Record<string, unknown>;
  assert.deepEqual(item.allOf, [{ if: { properties: { anlass: { const: "zuzug" } }, required: ["anlass"] }, then: { required: ["vorherigeGemeinde"] } }]);
  assert.deepEqual(validateAgainstSchema(schema, checkAnswers(def, valid, "json").answers), []);
  const errs = validateAgainstSchema(schema, { ...valid, hunde: [{ ...dog, anlass: "zuzug" }], extra: 1 });
  assert.ok(errs.length >= 2);
});

test("fees: none, fixed, by option, computed; dog tax per municipality", async () => {
  const def = await dogForm();
  const none: FormDefinition = { ...def, fee: { kind: "none" } };
  assert.equal(feeFor(none, valid), 0);
  const fixed: FormDefinition = { ...def, fee: { kind: "fixed", amountCents: 1250, reason: "Gebühr" } };
  assert.equal(feeFor(fixed, valid), 1250);
  const byOption: FormDefinition = { ...def, fee: { kind: "byOption", field: "gemeinde", amounts: { "08236040": 500 }, reason: "x" } };
  assert.equal(feeFor(byOption, valid), 500);
  assert.equal(feeFor(byOption, { ...valid, gemeinde: "08231000" }), 0);
  const tax = dogTax({ ...valid, hunde: [dog, dog, { ...dog, gefaehrlich: true }] }, () => "Mühlacker")!;
  assert.deepEqual(tax.lines.map((l) => l.cents), [10800, 21600, 64800]);
  assert.equal(tax.totalCents, 97200);
  assert.match(tax.note!, /Demo-Werte/);
  assert.equal(dogTax({ ...valid, gemeinde: "09162000" }, () => "?"), undefined);
});

test("computed fee: the dog form charges the pro-rata dog tax of the current year, from the month after keeping began", async () => {
  const def = await dogForm();
  assert.equal(def.fee.kind, "computed");
  const asOf = new Date("2026-11-23T10:00:00Z");
  // Mühlacker (demo): 108 € first dog, 216 € every further one, 648 € dangerous.
  const since = (d: string) => ({ ...valid, hunde: [{ ...dog, haltungsbeginn: d }] });
  assert.equal(feeFor(def, since("2026-11-10"), asOf), 900, "December only: 108 € / 12");
  assert.equal(feeFor(def, since("2026-03-31"), asOf), 8100, "April to December: 9 months");
  assert.equal(feeFor(def, since("2026-01-01"), asOf), 9900, "February to December");
  assert.equal(feeFor(def, since("2025-06-15"), asOf), 10800, "kept since last year: the whole year");
  assert.equal(feeFor(def, since("2026-12-01"), asOf), 0, "liability starts next year");
  assert.equal(feeFor(def, since("2027-02-01"), asOf), 0);
  const three = { ...valid, hunde: [{ ...dog, haltungsbeginn: "2026-10-02" }, { ...dog, name: "Rex", haltungsbeginn: "2026-07-20" }, { ...dog, name: "Ajax", gefaehrlich: true, chipnummer: "276098106543210", haltungsbeginn: "2020-01-01" }] };
  // Bello 2 months of 108 €, Rex (further dog) 5 months of 216 €, Ajax (dangerous) all of 648 €.
  assert.equal(feeFor(def, three, asOf), 1800 + 9000 + 64800);
  const calc = dogTax(three, () => "Mühlacker", asOf)!;
  assert.equal(calc.due!.title, "Hundesteuer 2026 (anteilig)");
  assert.deepEqual(calc.due!.lines.map((l) => l.label), ["Bello: 2 Monate ab 1. November 2026", "Rex: 5 Monate ab 1. August 2026", "Ajax: ganzes Jahr 2026"]);
  // The year is Berlin's: 23:30 UTC on New Year's Eve is already 2027 there.
  assert.equal(feeFor(def, since("2026-11-10"), new Date("2026-12-31T23:30:00Z")), 10800);
  assert.equal(taxableMonths("2026-05-17", new Date("2026-05-20T12:00:00Z")).months, 7);
  // Another municipality, another rate: Pforzheim is not in the rates file as 08236040's.
  const other = Object.entries(dogTaxRates()).find(([ags, r]) => ags !== "08236040" && r.first !== 108)!;
  assert.equal(feeFor(def, { ...since("2026-10-02"), gemeinde: other[0] }, asOf), Math.round((other[1].first * 100 * 2) / 12));
});

test("a computed fee rule must name a known calculation", async () => {
  const def = await dogForm();
  assert.deepEqual(definitionProblems(def), []);
  assert.ok(definitionProblems({ ...def, fee: { kind: "computed", calculation: "grundsteuer", reason: "x" } }).some((p) => /unbekannte Berechnung grundsteuer/.test(p)));
  assert.ok(definitionProblems({ ...def, fee: { kind: "computed", calculation: "hundesteuer" } }).some((p) => /fee.reason/.test(p)));
  assert.ok(definitionProblems({ ...def, fee: { kind: "percent" } }).some((p) => /fee: none, fixed, byOption oder computed/.test(p)));
});

test("optional repeating group (0:n): trailing empty instances are no answers; an empty one between filled ones is an error", () => {
  const def: FormDefinition = {
    id: "t", version: 1, title: "T", leikaKeys: [], anonymous: true, referencePrefix: "EK", fee: { kind: "none" }, codeLists: {}, rules: [],
    pages: [{ id: "p", title: "P", items: [{ kind: "group", id: "anlagen", label: "Anlagen", itemLabel: "Anlage", cardinality: "0:3", children: [{ kind: "field", id: "text", label: "Text", type: "text", cardinality: "1:1" }] }] }],
  };
  // The web form always shows one instance: left empty, the list is empty.
  const empty = checkAnswers(def, valuesToTree(def, { "anlagen.__count": "1", "anlagen.0.text": "" }), "form");
  assert.deepEqual(empty.errors, []);
  assert.deepEqual(empty.answers.anlagen, []);
  const gap = checkAnswers(def, valuesToTree(def, { "anlagen.__count": "3", "anlagen.0.text": "a", "anlagen.1.text": "", "anlagen.2.text": "" }), "form");
  assert.deepEqual(gap.answers.anlagen, [{ text: "a" }]);
  const middle = checkAnswers(def, { anlagen: [{ text: "a" }, {}, { text: "c" }] }, "json");
  assert.deepEqual(middle.errors.map((e) => e.path), ["/anlagen/1/text"]);
  // A required list (1:n) keeps reporting an empty instance.
  const required = checkAnswers({ ...def, pages: [{ ...def.pages[0]!, items: [{ ...(def.pages[0]!.items[0] as object), cardinality: "1:3" } as FormDefinition["pages"][0]["items"][0]] }] }, { anlagen: [{}] }, "json");
  assert.deepEqual(required.errors.map((e) => e.path), ["/anlagen/0/text"]);
});

test("fee booking fields must name top-level fields with plain keys", async () => {
  const def = await dogForm();
  assert.equal(def.fee.kind !== "none" && def.fee.bookingFields?.empfaenger_ags, "gemeinde");
  const withFields = (bookingFields: Record<string, string>): FormDefinition => ({ ...def, fee: { kind: "computed", calculation: "hundesteuer", reason: "x", bookingFields } });
  assert.deepEqual(definitionProblems(withFields({ empfaenger_ags: "gemeinde" })), []);
  assert.ok(definitionProblems(withFields({ empfaenger_ags: "wohnort" })).some((p) => /wohnort ist kein Feld/.test(p)));
  assert.ok(definitionProblems(withFields({ hund: "hunde.name" })).some((p) => /hunde.name ist kein Feld der obersten Ebene/.test(p)));
  assert.ok(definitionProblems(withFields({ "Empfänger": "gemeinde" })).some((p) => /ungültiger Schlüssel/.test(p)));
});

test("a date rule can compare with another field of the same dog: keeping cannot begin before the dog was born", async () => {
  const def = await dogForm();
  const r = checkAnswers(def, { ...valid, hunde: [dog, { ...dog, name: "Rex", wurfdatum: "2025-05-01", haltungsbeginn: "2025-04-30" }] }, "json");
  assert.deepEqual(r.errors, [{ path: "/hunde/1/haltungsbeginn", message: "Der Beginn der Haltung kann nicht vor dem Geburtsdatum des Hundes liegen." }]);
  assert.deepEqual(checkAnswers(def, { ...valid, hunde: [{ ...dog, wurfdatum: "2025-05-01", haltungsbeginn: "2025-05-01" }] }, "json").errors, [], "the same day is fine");
  // A wrong birth date is reported once, at the birth date, not again at the start of keeping.
  const future = checkAnswers(def, { ...valid, hunde: [{ ...dog, wurfdatum: "2999-01-01" }] }, "json");
  assert.deepEqual(future.errors.map((e) => e.path), ["/hunde/0/wurfdatum"]);
  // The definition check knows the compared field.
  const broken: FormDefinition = { ...def, rules: [{ id: "R-x", field: "hunde.haltungsbeginn", check: { notBefore: { field: "hunde.geburtstag" } }, message: "m" }] };
  assert.ok(definitionProblems(broken).some((p) => /Vergleich mit unbekanntem Feld hunde.geburtstag/.test(p)));
});
