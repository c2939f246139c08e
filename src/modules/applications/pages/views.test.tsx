import { test } from "node:test";
import assert from "node:assert/strict";
import { render } from "preact-render-to-string";
import { readFormFiles, type FormDefinition } from "../../forms/index.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { translator } from "../../../platform/i18n/index.js";
import { CheckPage, StepPage } from "./views.js";
import { emptyForm } from "../../../platform/views/components.js";

const ctx = { t: translator("de"), csrfToken: "tok", locale: "de" } as unknown as ViewContext;
const answers = { name: "Erika", gemeinde: "08236040", hunde: [{ name: "Bello", gefaehrlich: false }] };

test("check page: 'Kostenpflichtig absenden' exactly when a fee applies", async () => {
  const def = (await readFormFiles()).find((f) => f.id === "hundesteuer-anmeldung")!;
  const free = render(<CheckPage ctx={ctx} def={def} answers={answers} errors={[]} draftId="d" feeCents={0} />);
  assert.match(free, />Antrag absenden</);
  assert.doesNotMatch(free, /Kostenpflichtig/);
  const paid: FormDefinition = { ...def, fee: { kind: "fixed", amountCents: 1500, reason: "Gebühr" } };
  const html = render(<CheckPage ctx={ctx} def={paid} answers={answers} errors={[]} draftId="d" feeCents={1500} />);
  assert.match(html, />Kostenpflichtig absenden</);
  assert.match(html, /15,00 €/);
});

test("step page: Enter submits 'weiter' (first submit button), conditional field explained, repeat buttons", async () => {
  const def = (await readFormFiles()).find((f) => f.id === "hundesteuer-anmeldung")!;
  const page = def.pages.find((p) => p.id === "hunde")!;
  const html = render(<StepPage ctx={ctx} def={def} page={page} form={emptyForm({ "hunde.__count": "2" })} tree={{}} action="/x" stepNo={3} />);
  const firstButton = /<button[^>]*>/.exec(html)![0];
  assert.match(firstButton, /value="weiter"/);
  assert.match(html, /Nur nötig, wenn „Anlass der Anmeldung“ ist „Ich bin mit dem Hund zugezogen“/);
  assert.match(html, /value="entfernen:hunde:1"/);
  assert.match(html, /value="hinzufuegen:hunde"/);
  assert.match(html, /Schritt 3 von 3/);
});
