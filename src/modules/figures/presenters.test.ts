import { test } from "node:test";
import assert from "node:assert/strict";
import { dcatCatalogue } from "./presenters.js";

const base = { baseUrl: "https://portal.example", publisher: "Enzkreis", countyKey: "08236", modified: undefined, datasets: [{ id: "antraege" as const, title: "Anträge", description: "…" }] };

test("DCAT-AP.de: the GovData contributor id is stated on every data set when configured, and left out otherwise", () => {
  const withId = dcatCatalogue({ ...base, contributorId: "enzkreis" }) as { "dcat:dataset": Array<Record<string, unknown>> };
  assert.deepEqual(withId["dcat:dataset"][0]!["dcatde:contributorID"], { "@id": "http://dcat-ap.de/def/contributors/enzkreis" });
  const without = dcatCatalogue(base) as { "dcat:dataset": Array<Record<string, unknown>> };
  assert.equal("dcatde:contributorID" in without["dcat:dataset"][0]!, false);
});
