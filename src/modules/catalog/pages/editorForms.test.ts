import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../../platform/i18n/index.js";
import { validationMessages } from "../../../platform/i18n/messages.js";
import { catalogMessages } from "../messages.js";
import { formatLinkLines, parseLinkLines, parseTerms, readOfficeForm, readServiceForm, serviceFormValues, SERVICE_FIELDS, type ServiceField } from "./editorForms.js";

const t = translatorFor(validationMessages, catalogMessages)("de");

test("link lines: title | https URL, link optional only where allowed, round trip", () => {
  assert.deepEqual(parseLinkLines("§ 2 StVG | https://www.gesetze-im-internet.de/stvg/__2.html\n\nLandesrecht ohne Link", true), {
    entries: [{ title: "§ 2 StVG", url: "https://www.gesetze-im-internet.de/stvg/__2.html" }, { title: "Landesrecht ohne Link" }],
  });
  assert.deepEqual(parseLinkLines("Formular ohne Link", false), { badLine: 1 });
  assert.deepEqual(parseLinkLines("ok | https://a.example\nunsicher | http://b.example", true), { badLine: 2 });
  assert.deepEqual(parseLinkLines(" | https://a.example", true), { badLine: 1 });
  const entries = [{ title: "A | B", url: "https://x.example/a" }];
  assert.deepEqual(parseLinkLines(formatLinkLines(entries), false), { entries });
});

test("search terms: commas or lines, trimmed, no duplicates regardless of case", () => {
  assert.deepEqual(parseTerms("Lappen, Fahrerlaubnis\nlappen;  Führer  schein ,"), ["Lappen", "Fahrerlaubnis", "Führer schein"]);
  assert.deepEqual(parseTerms(" , ;"), []);
});

const blank = () => Object.fromEntries(SERVICE_FIELDS.map((f) => [f, ""])) as Record<ServiceField, string>;

test("service form: valid input becomes changes; errors keep the values as typed", () => {
  const ok = readServiceForm({ ...blank(), version: "3", shortText: "Kurz", requirements: "a\n\nb", searchTerms: "x, y", taskCategory: "county", department: "fuehrerschein", popularity: "70" }, t);
  assert.equal(ok.version, 3);
  assert.deepEqual(ok.changes?.requirements, ["a", "b"]);
  assert.equal(ok.changes?.fees, null);
  assert.equal(ok.changes?.popularity, 70);
  assert.equal(ok.changes?.onlineService, null);

  const bad = readServiceForm({ ...blank(), version: "x", fees: "10 €", popularity: "101", taskCategory: "bund", department: "nirgends", onlineUrl: "http://x", trustLevel: "mittel" }, t);
  assert.equal(bad.changes, undefined);
  assert.equal(bad.version, -1);
  for (const f of ["popularity", "taskCategory", "department", "onlineUrl", "trustLevel", "shortText"]) assert.ok(bad.form.errors[f], f);
  assert.equal(bad.form.values.fees, "10 €");
  assert.ok(readServiceForm({ ...blank(), version: "1", shortText: "x".repeat(601) }, t).form.errors.shortText);
});

test("service form values round-trip through the form", () => {
  const row = {
    version: 4, short_text: "K", full_text: "V", requirements: ["r"], documents: ["d1", "d2"], fees: "5 €", deadlines: null, processing_time: "1 Tag",
    legal_basis: [{ title: "§ 1", url: "https://e.example/1" }, { title: "ohne" }], forms: [{ title: "F", url: "https://e.example/f" }],
    online_service: { url: "https://e.example/online", trustLevel: "substantial" }, search_terms: ["a", "b"], task_category: "municipal", responsible_department: null, popularity: 12,
  };
  const values = serviceFormValues(row);
  const back = readServiceForm(values, t).changes!;
  assert.deepEqual(back.legalBasis, row.legal_basis);
  assert.deepEqual(back.forms, row.forms);
  assert.deepEqual(back.onlineService, row.online_service);
  assert.deepEqual(back.searchTerms, row.search_terms);
  assert.equal(back.deadlines, null);
});

test("office form: postcode, e-mail, https website and opening-hour lines are checked", () => {
  const base = { updatedAt: "2026-01-01T00:00:00.000Z", building: "", street: "", postcode: "", city: "", phone: "", email: "", website: "", openingHours: "", accessibility: "" };
  const ok = readOfficeForm({ ...base, postcode: "75177", email: "a@b.de", website: "https://www.enzkreis.de", openingHours: "Mo–Fr | 08:00–12:00\n\nDo | 14:00–17:30" }, t);
  assert.deepEqual(ok.contact?.openingHours, [{ days: "Mo–Fr", hours: "08:00–12:00" }, { days: "Do", hours: "14:00–17:30" }]);
  assert.equal(ok.contact?.street, null);
  const bad = readOfficeForm({ ...base, postcode: "7517", email: "kaputt", website: "www.x.de", openingHours: "Montag" }, t);
  assert.equal(bad.contact, undefined);
  assert.deepEqual(Object.keys(bad.form.errors).sort(), ["email", "openingHours", "postcode", "website"]);
});
