import { test } from "node:test";
import assert from "node:assert/strict";
import { berlinToUtc } from "../../platform/time/berlin.js";
import { eventsIcs } from "./eventPresenters.js";
import { validateEvent } from "./eventValidation.js";

const t = (key: string) => key;

test("round table iCal: RFC 5545 lines (CRLF, folded at 75 octets), escaping, UID, DTSTAMP, UTC times", () => {
  const start = berlinToUtc("2027-03-10", 18 * 60);
  const ev = {
    id: "0b6f3c1e-8a8b-4f57-9a51-0f1f2a3b4c5d",
    title: "Runder Tisch; Äpfel, Birnen",
    description: "Zeile eins\nZeile zwei mit Kommas, Semikolons; und Umlauten: Größere Übersicht über Streuobstwiesen im Enzkreis – ".repeat(3),
    place: "Landratsamt Enzkreis, Zähringerallee 3, Pforzheim",
    starts_at: start,
    ends_at: new Date(start.getTime() + 2 * 3600_000),
  };
  const ics = eventsIcs([ev, { ...ev, id: "9d2c4e6f-1a2b-4c3d-8e9f-a0b1c2d3e4f5" }], { publicUrl: "https://portal.example", name: "Runder Tisch", now: new Date("2027-01-01T12:00:00Z") });
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n/);
  assert.ok(ics.endsWith("END:VCALENDAR\r\n"));
  assert.doesNotMatch(ics.replace(/\r\n/g, ""), /[\r\n]/, "only CRLF line ends");
  const lines = ics.split("\r\n").slice(0, -1);
  for (const l of lines) assert.ok(Buffer.byteLength(l, "utf8") <= 75, `longer than 75 octets: ${l}`);
  assert.ok(lines.some((l) => l.startsWith(" ")), "long lines are folded");
  const unfolded = ics.replace(/\r\n[ \t]/g, "");
  // Folding never splits a UTF-8 character: unfolding gives back the text.
  assert.match(unfolded, /SUMMARY:Runder Tisch\\; Äpfel\\, Birnen\r\n/);
  assert.match(unfolded, /DESCRIPTION:Zeile eins\\nZeile zwei mit Kommas\\, Semikolons\\; und Umlauten: Größere/);
  assert.match(unfolded, /LOCATION:Landratsamt Enzkreis\\, Zähringerallee 3\\, Pforzheim\r\n/);
  assert.equal((unfolded.match(/^BEGIN:VEVENT$/gm) ?? []).length, 2);
  assert.match(unfolded, /\r\nUID:0b6f3c1e-8a8b-4f57-9a51-0f1f2a3b4c5d@kreisportal-orchards\r\n/);
  assert.match(unfolded, /\r\nDTSTAMP:20270101T120000Z\r\n/);
  // 18:00 in Berlin in March (CET) is 17:00 UTC.
  assert.match(unfolded, /\r\nDTSTART:20270310T170000Z\r\n/);
  assert.match(unfolded, /\r\nDTEND:20270310T190000Z\r\n/);
  assert.match(unfolded, /\r\nURL;VALUE=URI:https:\/\/portal\.example\/streuobst\/runder-tisch\/0b6f3c1e|\r\nURL:https:\/\/portal\.example\/streuobst\/runder-tisch\/0b6f3c1e/);
});

test("round table form: Berlin wall-clock times, end after start, in the future, capacity 1..1000", () => {
  const now = new Date("2027-01-01T12:00:00Z");
  const ok = validateEvent({ titel: "Runder Tisch", datum: "10.07.2027", beginn: "18.30", ende: "20:00", ort: "Mühlacker", plaetze: "25", beschreibung: "Austausch" }, t, now);
  assert.ok(ok.input);
  // Summer time: 18:30 Berlin is 16:30 UTC.
  assert.equal(ok.input.startsAt.toISOString(), "2027-07-10T16:30:00.000Z");
  assert.equal(ok.input.capacity, 25);
  const bad = validateEvent({ titel: "R", datum: "31.02.2027", beginn: "25:00", ende: "x", ort: "", plaetze: "0", beschreibung: "" }, t, now);
  assert.deepEqual(Object.keys(bad.form.errors).sort(), ["beginn", "beschreibung", "datum", "ende", "ort", "plaetze", "titel"]);
  const backwards = validateEvent({ titel: "Runder Tisch", datum: "10.07.2027", beginn: "20:00", ende: "18:00", ort: "Mühlacker", plaetze: "1001", beschreibung: "x" }, t, now);
  assert.ok(backwards.form.errors.ende && backwards.form.errors.plaetze);
  const past = validateEvent({ titel: "Runder Tisch", datum: "10.07.2026", beginn: "18:00", ende: "20:00", ort: "Mühlacker", plaetze: "5", beschreibung: "x" }, t, now);
  assert.ok(past.form.errors.datum);
});
