import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";
import { readFormFiles, type FieldDef, type FormDefinition, type ItemDef, isRepeatingGroup } from "../../src/modules/forms/index.js";
import { SAMPLE_PDF, validAnswers } from "../fixtures/formAnswers.js";

const FORM = "schwerbehinderung-feststellung";
const byId = (id: string) => `[id="${id}"]`;

/** Types one page's sample answers as a person would: text, German dates, radios, selects; adds group instances first. */
async function fillPage(page: Page, def: FormDefinition, pageId: string, answers: Record<string, unknown>) {
  const main = page.getByRole("main");
  const items = def.pages.find((p) => p.id === pageId)!.items;
  const fields: Array<{ f: FieldDef; name: string; v: unknown }> = [];
  const walk = async (list: ItemDef[], node: Record<string, unknown>, prefix: string) => {
    for (const item of list) {
      const name = prefix ? `${prefix}.${item.id}` : item.id;
      const v = node?.[item.id];
      if (item.kind === "field") {
        if (v !== undefined) fields.push({ f: item, name, v });
      } else if (isRepeatingGroup(item)) {
        const inst = (v as Array<Record<string, unknown>>) ?? [];
        for (let i = 1; i < inst.length; i++) await follow(page, () => main.getByRole("button", { name: `Weitere Angabe: ${item.itemLabel ?? item.label} hinzufügen` }).click());
        for (let i = 0; i < inst.length; i++) await walk(item.children, inst[i]!, `${name}.${i}`);
      } else await walk(item.children, (v ?? {}) as Record<string, unknown>, name);
    }
  };
  await walk(items, answers, "");
  for (const { f, name, v } of fields) {
    if (f.type === "bool") await page.check(byId(v ? name : `${name}-nein`));
    else if (f.type === "select") {
      const list = def.codeLists[f.codeList!]!;
      if (list.length <= 4) await page.check(byId(list[0]!.value === v ? name : `${name}-${String(v)}`));
      else await page.selectOption(byId(name), String(v));
    } else if (f.type === "date") await page.fill(byId(name), String(v).split("-").reverse().join("."));
    else if (f.type === "number" || f.type === "currency") await page.fill(byId(name), String(v).replace(".", ","));
    else await page.fill(byId(name), String(v));
  }
}

test("long form with task list: sections with status, errors, resume from the overview, a medical report uploaded, check page only when complete (axe on every step)", async (t) => {
  const b = await startBrowserTest(t);
  const report = Buffer.concat([SAMPLE_PDF, Buffer.from("% Befund Kniegelenk\n")]);
  const def = (await readFormFiles()).find((d) => d.id === FORM)!;
  const answers = validAnswers[FORM]!;
  const page = await b.newPage();
  const main = page.getByRole("main");
  const status = async (pageId: string) => (await page.locator(`#status-${pageId} .kern-badge .kern-label`).innerText()).trim();

  await visit(page, `/antraege/${FORM}`);
  await follow(page, () => main.getByRole("button", { name: "Antrag beginnen" }).click());
  assert.match(pathOf(page), /\/uebersicht$/);
  assert.match(await main.innerText(), /0 von 6 Abschnitten erledigt/);
  for (const p of def.pages) assert.equal(await status(p.id), "Nicht begonnen");
  assert.equal(await main.getByRole("link", { name: /Angaben prüfen/ }).count(), 0);

  // A section left with gaps: error on the page, "Fehler" in the overview.
  await follow(page, () => main.getByRole("link", { name: "Angaben zu Ihrer Person" }).click());
  assert.match(pathOf(page), /\/person$/);
  await page.fill(byId("familienname"), "Mustermann");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(await page.locator("#fehler").innerText(), /Vornamen/);
  await follow(page, () => main.getByRole("link", { name: "Zurück zur Übersicht" }).click());
  assert.equal(await status("person"), "Fehler");
  // Screen readers hear how much is missing (the section link is described by its status).
  assert.match(await page.locator("#status-person").innerText(), /5 Angabe\(n\) fehlen/);

  // Saved with gaps → "Begonnen"; completed → "Erledigt" and back to the overview.
  await follow(page, () => main.getByRole("link", { name: "Anschrift", exact: true }).click());
  await page.fill(byId("anschrift.strasse"), "Bahnhofstraße 1");
  await follow(page, () => main.getByRole("button", { name: "Speichern und später fortsetzen" }).click());
  assert.match(pathOf(page), /\/uebersicht$/);
  assert.equal(await status("anschrift"), "Begonnen");
  for (const p of def.pages) {
    await follow(page, () => main.getByRole("link", { name: p.title, exact: true }).click());
    await fillPage(page, def, p.id, answers);
    // Issue 4: one medical report as upload (optional, several possible); the second slot stays empty.
    if (p.id === "aerzte") {
      await follow(page, () => main.getByRole("button", { name: "Weitere Angabe: Befundbericht hinzufügen" }).click());
      await page.setInputFiles(byId("befunde.0.datei"), { name: "Befund-Knie.pdf", mimeType: "application/pdf", buffer: report });
    }
    await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
    assert.match(pathOf(page), /\/uebersicht$/, `${p.id}: ${await page.locator("#fehler").innerText().catch(() => "")}`);
    assert.equal(await status(p.id), "Erledigt");
  }
  assert.match(await main.innerText(), /6 von 6 Abschnitten erledigt/);

  // Check your answers, then submit.
  await follow(page, () => main.getByRole("link", { name: "Angaben prüfen und Antrag absenden" }).click());
  assert.match(pathOf(page), /\/pruefen$/);
  const check = await main.innerText();
  assert.match(check, /Gesundheitsstörung 2: Bezeichnung der Gesundheitsstörung\s+Kniegelenksarthrose beidseits/);
  assert.match(check, /Behandelnde Stelle 2: Name der Ärztin, des Arztes oder der Klinik\s+Orthopädische Praxis am Enzufer/);
  assert.match(check, new RegExp(`Befund-Knie\\.pdf \\(${report.length} Bytes\\)`));
  await follow(page, () => main.getByRole("button", { name: "Antrag absenden" }).click());
  assert.match(pathOf(page), /^\/antraege\/eingang\/EK-\d{4}-\d{6}/);
  const row = await b.db.selectFrom("application_submissions").select("answers").where("form_id", "=", FORM).executeTakeFirstOrThrow();
  const stored = row.answers as Record<string, unknown> & { befunde: Array<{ datei: { name: string; sha256: string } }> };
  const hash = createHash("sha256").update(report).digest("hex");
  assert.deepEqual(stored.befunde.map((r) => [r.datei.name, r.datei.sha256]), [["Befund-Knie.pdf", hash]], "the empty second slot is no report");
  assert.deepEqual({ ...stored, befunde: [] }, answers);
  // The receipt lists the report with its SHA-256.
  await follow(page, () => main.getByRole("link", { name: "Eingangsbestätigung mit allen Angaben (zum Drucken)" }).click());
  const receipt = await main.innerText();
  assert.match(receipt, /Befundbericht 1: Bericht: Befund-Knie\.pdf/);
  assert.ok(receipt.includes(hash));
});

test("English page chrome of the flow (form content stays German)", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage({ locale: "en-GB", extraHTTPHeaders: { "accept-language": "en" } });
  const main = page.getByRole("main");
  await visit(page, `/antraege/${FORM}`);
  await follow(page, () => main.getByRole("button", { name: "Start application" }).click());
  assert.match(await main.innerText(), /Your application at a glance/);
  assert.equal((await page.locator("#status-person .kern-label").innerText()).trim(), "Not started");
  await follow(page, () => main.getByRole("link", { name: "Angaben zu Ihrer Person" }).click());
  assert.equal(await main.getByRole("button", { name: "Continue", exact: true }).count(), 1);
  assert.match(await main.innerText(), /Back to the overview/);
});
