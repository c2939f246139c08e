import { test } from "node:test";
import assert from "node:assert/strict";
import { findTransition, nextEvent, processFor, processProblems, readProcessFiles, type ProcessDefinition } from "./definition.js";
import { illegalMessage } from "./commands/caseTransitioner.js";
import { municipalityFrom } from "./commands/caseOpener.js";

const minimal = (): ProcessDefinition => ({
  id: "test",
  version: 1,
  title: "Test",
  default: true,
  initial: "a",
  states: {
    a: { label: "A", citizenStatus: "received", citizenText: "Eingegangen." },
    b: { label: "B", citizenStatus: "closed", citizenText: "Fertig.", final: true },
  },
  transitions: [{ event: "finish", label: "Fertig", from: ["a"], to: "b", by: ["owner"] }],
});

test("the shipped process definitions are valid, and the building permit has four parallel participations and a four-eyes decision", async () => {
  const defs = await readProcessFiles();
  const bau = defs.find((d) => d.id === "baugenehmigung")!;
  assert.deepEqual(bau.states.participation!.participation!.map((p) => p.key), ["wasser", "immission", "denkmal", "gemeinde"]);
  assert.ok(bau.transitions.filter((t) => t.fourEyes).every((t) => t.from.includes("decision") && t.notice));
  assert.equal(processFor(defs, "bauantrag", []).id, "baugenehmigung");
  assert.equal(processFor(defs, "unbekannt", ["99012008001001"]).id, "baugenehmigung", "by LeiKa prefix");
  assert.equal(processFor(defs, "hundesteuer-anmeldung", []).id, "hundesteuer");
  assert.equal(processFor(defs, "wohngeld-erstantrag", ["99107004000000"]).id, "allgemein", "default");
});

test("definition validation names each problem", () => {
  assert.deepEqual(processProblems(minimal()), []);
  const unknownState = minimal();
  unknownState.transitions.push({ event: "back", label: "Zurück", from: ["b"], to: "x", by: ["owner"] });
  const p1 = processProblems(unknownState);
  assert.ok(p1.some((p) => p.includes("unbekannter Zielzustand x")), p1.join());
  assert.ok(p1.some((p) => p.includes("b ist ein Endzustand")), p1.join());

  const deadEnd = minimal();
  deadEnd.states.c = { label: "C", citizenStatus: "in_progress", citizenText: "…" };
  const p2 = processProblems(deadEnd);
  assert.ok(p2.some((p) => p.includes("Zustand c: kein Übergang heraus")));
  assert.ok(p2.some((p) => p.includes("Zustand c: nicht erreichbar")));

  const ambiguous = minimal();
  ambiguous.transitions.push({ event: "finish", label: "Nochmal", from: ["a"], to: "b", by: ["owner"] });
  assert.ok(processProblems(ambiguous).some((p) => p.includes("mehrdeutig im Zustand a")));

  const bad = minimal() as unknown as Record<string, unknown>;
  bad.id = "Bad Id";
  (bad.states as Record<string, Record<string, unknown>>).a!.citizenStatus = "pending";
  (bad.transitions as Array<Record<string, unknown>>)[0]!.by = ["anyone"];
  const p3 = processProblems(bad);
  assert.ok(p3.some((p) => p.startsWith("id:")));
  assert.ok(p3.some((p) => p.includes("citizenStatus muss")));
  assert.ok(p3.some((p) => p.includes("by muss")));

  const applicantFourEyes = minimal();
  applicantFourEyes.transitions[0] = { ...applicantFourEyes.transitions[0]!, by: ["applicant"], fourEyes: true };
  assert.ok(processProblems(applicantFourEyes).some((p) => p.includes("Vier-Augen-Prinzip nur für Beschäftigte")));

  const participation = minimal();
  participation.states.a!.participation = [{ key: "wasser", label: "Wasser", unit: { countyDepartment: "wasser" }, deadlineWorkingDays: 0 }];
  assert.ok(processProblems(participation).some((p) => p.includes("deadlineWorkingDays")));
});

test("an event that is not possible in the state is explained in German with the possible steps", () => {
  const def = minimal();
  def.states.c = { label: "C", citizenStatus: "in_progress", citizenText: "…" };
  def.transitions.push({ event: "check", label: "Prüfen", from: ["c"], to: "b", by: ["owner"] }, { event: "start", label: "Beginnen", from: ["a"], to: "c", by: ["owner"] });
  assert.equal(findTransition(def, "a", "check"), undefined);
  assert.deepEqual(illegalMessage(def, "a", "check"), { message: "„Prüfen“ ist im Stand „A“ nicht möglich. Möglich sind: „Fertig“, „Beginnen“.", allowed: ["finish", "start"] });
  assert.match(illegalMessage(def, "b", "finish").message, /abgeschlossen/);
  assert.match(illegalMessage(def, "a", "nope").message, /gibt es im Verfahren „Test“ nicht/);
});

test("the municipality comes from the configured answer path, else the building site before the residence", () => {
  assert.equal(municipalityFrom({ gemeinde: "08236070" }, "gemeinde"), "08236070");
  assert.equal(municipalityFrom({ wohnort: { gemeinde: "08236040" }, grundstueck: { gemeinde: "08236004" } }), "08236004");
  assert.equal(municipalityFrom({ halter: { gemeinde: "08236040" } }), "08236040");
  assert.equal(municipalityFrom({ gemeinde: "Mühlacker" }), null);
});

test("a state's `next` must be a transition from that state; without it the first staff step that is not a text-only side action is next", () => {
  const def = minimal();
  def.transitions.unshift({ event: "withdraw", label: "Rücknahme", from: ["a"], to: "b", by: ["owner"], requiresText: true });
  assert.equal(nextEvent(def, "a"), "finish", "the withdrawal needs a text: a side action");
  def.states.a!.next = "withdraw";
  assert.deepEqual(processProblems(def), []);
  assert.equal(nextEvent(def, "a"), "withdraw");
  def.states.a!.next = "nope";
  assert.ok(processProblems(def).some((p) => p.includes("next nope ist kein Übergang")));
  assert.equal(nextEvent(def, "b"), undefined);
});
