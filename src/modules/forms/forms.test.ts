/** The shipped forms (data/forms): structure, JSON Schema, LeiKa keys, valid and broken answers. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileFields, sampleFileFor, validAnswers } from "../../../test/fixtures/formAnswers.js";
import { trustedFileRef } from "./fileAnswers.js";
import { checkAnswers, feeFor } from "./answers.js";
import { dogTaxRates } from "./calculations.js";
import { FORMS_DIR, parseCardinality, readFormFiles, walkItems } from "./definition.js";
import { generateJsonSchema, validateAgainstSchema } from "./jsonSchema.js";

const defs = await readFormFiles();
const byId = new Map(defs.map((d) => [d.id, d]));
const clone = <T>(x: T): T => structuredClone(x);
/** A stored upload as the API resolves `{ "id" }`. */
const storedFile = (name: string, mediaType: "application/pdf" | "image/jpeg" | "image/png" = "application/pdf") => trustedFileRef({ id: "0b6f4d1e-8a55-4c5e-9d1f-2a3b4c5d6e7f", name, mediaType, size: 1234, sha256: "a".repeat(64) });
/** The sample answers plus a stored file for every unconditional file field (a JPEG for the photo, else a PDF). */
const sample = (id: string): Record<string, unknown> => {
  const a = clone(validAnswers[id]!);
  for (const f of fileFields(byId.get(id)!)) {
    const s = sampleFileFor(f);
    a[f.id] = storedFile(s.name, s.type);
  }
  return a;
};

test("every shipped form loads, names catalogue LeiKa keys and has a valid sample whose JSON copy passes its JSON Schema", () => {
  const leika = new Set(readFileSync(path.join(FORMS_DIR, "../catalog/leika.csv"), "utf8").split("\n").map((l) => l.split(",")[0]));
  assert.deepEqual(defs.map((d) => d.id).sort(), Object.keys(validAnswers).sort(), "a sample per form");
  for (const def of defs) {
    for (const k of def.leikaKeys) assert.ok(leika.has(k), `${def.id}: LeiKa ${k} not in the catalogue`);
    const schema = generateJsonSchema(def);
    assert.equal(schema.type, "object");
    const input = sample(def.id);
    const { answers, errors } = checkAnswers(def, input, "json");
    assert.deepEqual(errors, [], def.id);
    // Nothing of the sample is dropped as hidden: it exercises the visible branches.
    assert.deepEqual(answers, input, `${def.id}: sample keeps every answer`);
    assert.deepEqual(validateAgainstSchema(schema, answers), [], `${def.id}: schema`);
    // Every page asks something; every field has a German label.
    for (const page of def.pages) assert.ok(page.items.length > 0, `${def.id}/${page.id}`);
    walkItems(def, (item, p) => assert.ok(item.label.length > 1, `${def.id}: ${p}`));
  }
});

test("an empty submission names every unconditional required field of every form", () => {
  for (const def of defs) {
    const { errors } = checkAnswers(def, {}, "json");
    const paths = new Set(errors.map((e) => e.path));
    for (const page of def.pages)
      for (const item of page.items) if (!item.visibleIf && (item.kind === "group" ? parseCardinality(item.cardinality)!.min > 0 : item.cardinality === "1:1")) assert.ok([...paths].some((p) => p === `/${item.id}` || p.startsWith(`/${item.id}/`)), `${def.id}: /${item.id} missing`);
    assert.ok(errors.every((e) => /[a-zäöü]/.test(e.message)), def.id);
  }
});

/** Breaks one answer per case and expects exactly these error paths. */
const broken: Array<{ form: string; change: (a: Record<string, any>) => void; paths: string[] }> = [
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (a.eidesstattlich = false), paths: ["/eidesstattlich"] },
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (a.entziehung = true), paths: ["/entziehung"] },
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (a.verlust.datum = "2999-01-01"), paths: ["/verlust/datum"] },
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (delete a.verlust.dienststelle), paths: ["/verlust/dienststelle"] },
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (a.klassen = "B; <script>"), paths: ["/klassen"] },
  // Issue 4, file fields: the photo is required and must be a JPEG or PNG; the eye test only for C/D classes.
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => delete a.lichtbild, paths: ["/lichtbild"] },
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (a.lichtbild = storedFile("foto.pdf")), paths: ["/lichtbild"] },
  { form: "fuehrerschein-umtausch-ersatz", change: (a) => (a.gruppe2 = true), paths: ["/sehtest"] },
  { form: "wohngeld-erstantrag", change: (a) => delete a.mietbescheinigung, paths: ["/mietbescheinigung"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.einkommensnachweise = [{ datei: storedFile("lohn.pdf") }, {}, { datei: storedFile("rente.pdf") }]), paths: ["/einkommensnachweise/1/datei"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.einkommensnachweise = Array.from({ length: 11 }, () => ({ datei: storedFile("lohn.pdf") }))), paths: ["/einkommensnachweise"] },
  { form: "schwerbehinderung-feststellung", change: (a) => (a.befunde = [{ datei: { id: "0b6f4d1e-8a55-4c5e-9d1f-2a3b4c5d6e7f" } }]), paths: ["/befunde/0/datei"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.mitglieder[1].geburtsdatum = "2999-01-01"), paths: ["/mitglieder/1/geburtsdatum"] },
  { form: "wohngeld-erstantrag", change: (a) => (delete a.mitglieder[0].brutto), paths: ["/mitglieder/0/brutto"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.grundmiete = "610"), paths: ["/grundmiete"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.nebenkosten = 12.345), paths: ["/nebenkosten"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.transferleistungen = true), paths: ["/transferleistungen"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.iban = "12345"), paths: ["/iban"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.zimmer = 2.5), paths: ["/zimmer"] },
  { form: "wohngeld-erstantrag", change: (a) => (a.mitglieder = Array.from({ length: 12 }, () => a.mitglieder[1])), paths: ["/mitglieder"] },
  { form: "kfz-ausserbetriebsetzung", change: (a) => (a.fin = "WVWZZZ1JZXW00000I"), paths: ["/fin"] },
  { form: "kfz-ausserbetriebsetzung", change: (a) => (a.sicherheitscode = "ABC"), paths: ["/sicherheitscode"] },
  { form: "kfz-ausserbetriebsetzung", change: (a) => (a.kennzeichen = "PF AB"), paths: ["/kennzeichen"] },
  { form: "kfz-ausserbetriebsetzung", change: (a) => (delete a.verwertung.betriebsnummer), paths: ["/verwertung/betriebsnummer"] },
  { form: "kfz-ausserbetriebsetzung", change: (a) => (delete a.name), paths: ["/name"] },
  { form: "schwerbehinderung-feststellung", change: (a) => (a.beeintraechtigungen = []), paths: ["/beeintraechtigungen"] },
  { form: "schwerbehinderung-feststellung", change: (a) => (a.behandelnde[0].art = "heilpraktiker"), paths: ["/behandelnde/0/art"] },
  { form: "schwerbehinderung-feststellung", change: (a) => (a.vertretung = true), paths: ["/vertreter/name", "/vertreter/anschrift", "/vertreter/funktion"] },
  { form: "schwerbehinderung-feststellung", change: (a) => (a.beeintraechtigungen[1].seit = 1850), paths: ["/beeintraechtigungen/1/seit"] },
  { form: "bauantrag", change: (a) => (a.grundstueck.flurstuecke = "irgendwo"), paths: ["/grundstueck/flurstuecke"] },
  { form: "bauantrag", change: (a) => (a.bauherren[1].art = "firma"), paths: ["/bauherren/1/firma"] },
  { form: "bauantrag", change: (a) => (a.entwurfsverfasser.kammernummer = undefined), paths: ["/entwurfsverfasser/kammernummer"] },
  { form: "bauantrag", change: (a) => (a.bezeichnung = "Haus"), paths: ["/bezeichnung"] },
  { form: "bauantrag", change: (a) => (a.gemeinde = "08236999"), paths: ["/gemeinde"] },
  { form: "bauantrag", change: (a) => (delete a.lageplan), paths: ["/lageplan"] },
  // A file reference the client wrote itself (not resolved from an upload) is refused.
  { form: "bauantrag", change: (a) => (a.bauzeichnungen = { ...a.bauzeichnungen }), paths: ["/bauzeichnungen"] },
  { form: "bauantrag", change: (a) => (a.abweichungen = true), paths: ["/abweichungenBegruendung", "/abweichungsantrag"] },
];

test("broken answers give German errors at exactly the broken paths", () => {
  for (const c of broken) {
    const def = byId.get(c.form)!;
    const a = sample(c.form) as Record<string, any>;
    c.change(a);
    const { errors } = checkAnswers(def, a, "json");
    assert.deepEqual(errors.map((e) => e.path).sort(), [...c.paths].sort(), `${c.form}: ${c.change.toString()}`);
  }
});

test("hidden branches are dropped: a deregistration without scrapping keeps no scrapping certificate", () => {
  const kfz = clone(validAnswers["kfz-ausserbetriebsetzung"]!) as Record<string, any>;
  kfz.verbleib = "stilllegung";
  const r = checkAnswers(byId.get("kfz-ausserbetriebsetzung")!, kfz, "json");
  assert.deepEqual(r.errors, []);
  assert.equal(r.answers.verwertung, undefined);
});

test("issue 4 file fields: optional proofs and reports are kept per instance, an unused empty instance is dropped, hidden ones go", () => {
  const wg = sample("wohngeld-erstantrag");
  wg.einkommensnachweise = [{ datei: storedFile("lohn-oktober.pdf") }, { datei: storedFile("rentenbescheid.jpg", "image/jpeg") }, {}];
  const r = checkAnswers(byId.get("wohngeld-erstantrag")!, wg, "json");
  assert.deepEqual(r.errors, []);
  assert.deepEqual((r.answers.einkommensnachweise as Array<{ datei: { name: string } }>).map((e) => e.datei.name), ["lohn-oktober.pdf", "rentenbescheid.jpg"]);
  const gdb = sample("schwerbehinderung-feststellung");
  gdb.befunde = [{ datei: storedFile("befund.pdf") }];
  assert.equal((checkAnswers(byId.get("schwerbehinderung-feststellung")!, gdb, "json").answers.befunde as unknown[]).length, 1);
  gdb.befundeVorhanden = false;
  assert.equal(checkAnswers(byId.get("schwerbehinderung-feststellung")!, gdb, "json").answers.befunde, undefined, "no reports asked when there are none");
  const fs = sample("fuehrerschein-umtausch-ersatz");
  Object.assign(fs, { gruppe2: true, sehtest: storedFile("sehtest.pdf"), verlusterklaerung: storedFile("verlust.png", "image/png") });
  const f = checkAnswers(byId.get("fuehrerschein-umtausch-ersatz")!, fs, "json");
  assert.deepEqual(f.errors, []);
  assert.equal((f.answers.sehtest as { name: string }).name, "sehtest.pdf");
  fs.grund = "umtausch";
  delete fs.verlust;
  delete fs.eidesstattlich;
  assert.equal(checkAnswers(byId.get("fuehrerschein-umtausch-ersatz")!, fs, "json").answers.verlusterklaerung, undefined, "the loss declaration only for a loss");
});

test("fees: driving licence by reason (GebOSt), online deregistration fixed, dog tax computed, the others free", () => {
  const fs = byId.get("fuehrerschein-umtausch-ersatz")!;
  assert.equal(feeFor(fs, { grund: "umtausch" }), 2530);
  assert.equal(feeFor(fs, { grund: "verlust" }), 4000);
  assert.equal(feeFor(byId.get("kfz-ausserbetriebsetzung")!, {}), 570);
  for (const id of ["wohngeld-erstantrag", "schwerbehinderung-feststellung", "bauantrag"]) assert.equal(feeFor(byId.get(id)!, validAnswers[id]!), 0, id);
  assert.equal(byId.get("hundesteuer-anmeldung")!.fee.kind, "computed");
});

test("dog tax: a (demo) rate for every municipality of the code list – all 28 of the Enzkreis and Pforzheim", () => {
  const list = byId.get("hundesteuer-anmeldung")!.codeLists.gemeinden!;
  assert.equal(list.length, 29);
  assert.equal(list.filter((e) => e.value.startsWith("08236")).length, 28);
  for (const e of list) assert.ok(dogTaxRates()[e.value], e.label);
  for (const id of ["fuehrerschein-umtausch-ersatz", "wohngeld-erstantrag", "schwerbehinderung-feststellung", "bauantrag"]) assert.deepEqual(byId.get(id)!.codeLists.gemeinden, list, id);
});
