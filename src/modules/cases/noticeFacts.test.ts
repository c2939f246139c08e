/** The notice's addressee and matter from the answers (issue 24 item 12): never a file name, the architect or a landlord. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { validAnswers } from "../../../test/fixtures/formAnswers.js";
import { applicantFromAnswers, buildingFacts, buildingPermitFeeCents, noticeAnswers } from "./noticeFacts.js";

const file = (name: string) => ({ id: "3f0c2b1e-8d4a-4c6b-9e2f-1a2b3c4d5e6f", name, mediaType: "application/pdf", size: 10, sha256: "a".repeat(64) });

test("the addressee of a building permit is the builders, not a plan's file name or the architect", () => {
  const answers = { lageplan: file("lageplan.pdf"), entwurfsverfasser: { name: "Dipl.-Ing. Petra Planer" }, ...validAnswers.bauantrag! };
  assert.deepEqual(applicantFromAnswers(answers), { name: "Erika Mustermann und Max Mustermann", address: "Bahnhofstraße 1, 75417 Mühlacker" });
  const one = { ...answers, bauherren: [{ art: "firma", name: "Wohnbau Enz GmbH", anschrift: "Enzstraße 1, 75417 Mühlacker" }] };
  assert.equal(applicantFromAnswers(one)?.name, "Wohnbau Enz GmbH");
});

test("other forms: the applicant's own top-level fields, never nested people or files", () => {
  assert.deepEqual(applicantFromAnswers(validAnswers["hundesteuer-anmeldung"]), { name: "Erika Mustermann", address: "Bahnhofstraße 1, 75417 Mühlacker" });
  assert.equal(applicantFromAnswers(validAnswers["wohngeld-erstantrag"])?.name, "Ayşe Yılmaz");
  assert.equal(applicantFromAnswers(validAnswers["fuehrerschein-umtausch-ersatz"])?.name, "Erika Maria Mustermann");
  // Only files and third parties: no addressee rather than a wrong one.
  assert.equal(applicantFromAnswers({ lageplan: file("lageplan.pdf"), vermieter: { name: "Wohnbau Pforzheim GmbH" } }), null);
  assert.equal(applicantFromAnswers({ name: file("x.pdf") }), null);
});

test("project, site, parcels, costs and fee of a building permit", () => {
  const facts = buildingFacts(validAnswers.bauantrag, "Keltern")!;
  assert.deepEqual(facts.details, [
    { label: "Vorhaben", value: "Neubau eines Einfamilienhauses mit Doppelgarage" },
    { label: "Baugrundstück", value: "Am Sonnenhang 7, Ortsteil Dietlingen, Keltern" },
    { label: "Flurstück", value: "Gemarkung Dietlingen, Flurstücke 1234/5, 1234/6" },
    { label: "Baukosten", value: "485.000,00 €" },
  ]);
  assert.equal(facts.fee?.cents, 242_500);
  assert.equal(buildingPermitFeeCents(1_000_00), 100_00, "minimum fee");
  assert.equal(buildingFacts(validAnswers["hundesteuer-anmeldung"], null), null, "no building facts for other forms");
});

test("the answers kept with the case give the same addressee and matter as the whole submission, for every form", () => {
  const samples: unknown[] = [...Object.values(validAnswers), { lageplan: file("lageplan.pdf"), ...validAnswers.bauantrag! }, file("x.pdf"), { name: file("x.pdf") }, null, "text", []];
  for (const answers of samples) {
    const kept = noticeAnswers(answers);
    assert.deepEqual(applicantFromAnswers(kept), applicantFromAnswers(answers));
    assert.deepEqual(buildingFacts(kept, "Keltern"), buildingFacts(answers, "Keltern"));
  }
  // Only what the notice reads is kept (no files, no other fields).
  assert.deepEqual(Object.keys(noticeAnswers({ lageplan: file("lageplan.pdf"), bezeichnung: "Carport", iban: "DE00" })), ["bezeichnung"]);
});
