import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";

// Issue 24 item 5: the building permit's Gebäudeklasse and Vollgeschosse are shown when they apply (not only
// after a failed submit), and inputs are as wide as the answer they expect (Baukosten "450.000" fits).

const VERFAHREN = { verfahren: "vereinfacht", vorhabenart: "neubau", bezeichnung: "Neubau eines Einfamilienhauses mit Doppelgarage" };

async function begin(c: Client) {
  const begun = await c.submit("/antraege/bauantrag", "/antraege/bauantrag/beginnen", {});
  assert.equal(begun.statusCode, 303);
  const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(begun.headers.location as string)![1]!;
  return `/antraege/entwurf/${draftId}`;
}

/** The <input>/<select> element with this name, as HTML. */
const control = (html: string, name: string) => new RegExp(`<(input|select)[^>]*name="${name.replace(/\./g, "\\.")}"[^>]*>`).exec(html)?.[0];

test("bauantrag: Gebäudeklasse and Vollgeschosse are on the description page when the project is a new building, before any submit", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const base = await begin(c);
  const first = await c.submit(`${base}/verfahren`, `${base}/verfahren`, { ...VERFAHREN, aktion: "weiter" });
  assert.equal(first.statusCode, 303, first.body.match(/kern-error[^]*?<\/p>/)?.[0]);
  const page = await c.get(`${base}/vorhaben`);
  assert.equal(page.statusCode, 200);
  assert.ok(control(page.body, "gebaeudeklasse"), "Gebäudeklasse missing on the first visit");
  assert.ok(control(page.body, "vollgeschosse"), "Vollgeschosse missing on the first visit");
  // Decided on an earlier page: no "only if" hint is needed.
  assert.doesNotMatch(page.body, /Nur nötig, wenn[^<]*Art des Vorhabens/);
});

test("bauantrag: opened before the project type is answered, the questions are shown with the condition as a hint; a demolition hides them", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const base = await begin(c);
  // The task list lets people open any section first.
  const early = await c.get(`${base}/vorhaben`);
  assert.equal(early.statusCode, 200);
  assert.ok(control(early.body, "gebaeudeklasse"), "Gebäudeklasse hidden while the project type is open");
  assert.ok(control(early.body, "vollgeschosse"));
  assert.match(early.body, /Nur nötig, wenn[^<]*Art des Vorhabens[^<]*nicht[^<]*Abbruch/);

  // Abbruch: neither question, and submitting the page without them is fine.
  const abbruch = await c.submit(`${base}/verfahren`, `${base}/verfahren`, { ...VERFAHREN, vorhabenart: "abbruch", bezeichnung: "Abbruch einer alten Feldscheune", aktion: "weiter" });
  assert.equal(abbruch.statusCode, 303);
  const page = await c.get(`${base}/vorhaben`);
  assert.equal(control(page.body, "gebaeudeklasse"), undefined);
  assert.equal(control(page.body, "vollgeschosse"), undefined);
  const ok = await c.submit(`${base}/vorhaben`, `${base}/vorhaben`, { beschreibung: "Abbruch einer Feldscheune aus Holz ohne Keller.", nutzung: "landwirtschaft", baukosten: "12.000", abweichungen: "nein", aktion: "weiter" });
  assert.equal(ok.statusCode, 303, ok.body.match(/kern-error[^]*?<\/p>/)?.[0]);
});

test("form inputs are sized by the answer they expect (KERN width classes): Baukosten fits 450.000, short numbers stay short", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const base = await begin(c);
  await c.submit(`${base}/verfahren`, `${base}/verfahren`, { ...VERFAHREN, aktion: "weiter" });
  const vorhaben = (await c.get(`${base}/vorhaben`)).body;
  const widthOf = (html: string, name: string) => {
    const el = control(html, name);
    assert.ok(el, `${name} missing`);
    const m = /(?:kern-form-input__input|kp-input)--width-(\d+)/.exec(el);
    return m ? Number(m[1]) : Infinity;
  };
  // Baukosten: up to 1.000.000.000,00 € → wide enough for "450.000" and more (not the 80 px width-4).
  assert.ok(widthOf(vorhaben, "baukosten") >= 12, control(vorhaben, "baukosten"));
  assert.ok(widthOf(vorhaben, "baukosten") < Infinity, "Baukosten should not span the whole line either");
  // Vollgeschosse (0–40): a two-digit field.
  assert.ok(widthOf(vorhaben, "vollgeschosse") <= 4, control(vorhaben, "vollgeschosse"));
  // Stellplätze up to 10.000: at least 6 characters.
  assert.ok(widthOf(vorhaben, "stellplaetze") >= 6 && widthOf(vorhaben, "stellplaetze") <= 8, control(vorhaben, "stellplaetze"));
  // Long texts stay full width.
  assert.equal(widthOf(vorhaben, "beschreibung"), Infinity);
  const grund = (await c.get(`${base}/grundstueck`)).body;
  // Flur (maxLength 10) fits ten characters; Flurstücknummern (200) is full width.
  assert.ok(widthOf(grund, "grundstueck.flur") >= 10 && widthOf(grund, "grundstueck.flur") <= 12, control(grund, "grundstueck.flur"));
  assert.equal(widthOf(grund, "grundstueck.flurstuecke"), Infinity);
  // Every width class used is styled (KERN's own 2 and 4, the portal's further steps in public/app.css).
  const css = (await app.inject({ method: "GET", url: "/assets/app.css" })).body;
  for (const html of [vorhaben, grund]) {
    for (const m of html.matchAll(/kp-input--width-(\d+)/g)) assert.match(css, new RegExp(`\\.kp-input--width-${m[1]}\\b`), `no CSS for kp-input--width-${m[1]}`);
  }
});
