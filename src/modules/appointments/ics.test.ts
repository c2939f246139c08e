import { test } from "node:test";
import assert from "node:assert/strict";
import { buildIcs } from "./ics.js";

test("ICS: RFC 5545 structure, UTC times, escaping, CRLF, folding", () => {
  const ics = buildIcs({ uid: "ABCD1234@kreisportal", start: new Date("2026-03-30T07:00:00Z"), end: new Date("2026-03-30T07:30:00Z"), summary: "Termin: Führerschein Ausstellung", location: "Landratsamt Enzkreis – Führerscheinstelle, Am Mühlkanal 3a, Pforzheim", description: "Nr. ABCD1234; bitte Ausweis mitbringen, danke", url: "http://localhost:3000/termine/buchung/ABCD1234?token=x" }, new Date("2026-03-01T00:00:00Z"));
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:/);
  assert.match(ics, /\r\nDTSTART:20260330T070000Z\r\n/);
  assert.match(ics, /\r\nDTEND:20260330T073000Z\r\n/);
  assert.match(ics, /\r\nDTSTAMP:20260301T000000Z\r\n/);
  assert.match(ics, /DESCRIPTION:Nr. ABCD1234\\; bitte Ausweis mitbringen\\, danke/);
  assert.ok(ics.endsWith("END:VCALENDAR\r\n"));
  for (const line of ics.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
  assert.ok(!/[^\r]\n/.test(ics), "only CRLF line ends");
  const long = buildIcs({ uid: "X@kreisportal", start: new Date("2026-03-30T07:00:00Z"), end: new Date("2026-03-30T07:30:00Z"), summary: "ä".repeat(60), location: "", description: "", cancelled: true });
  for (const line of long.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
  assert.match(long.replace(/\r\n /g, ""), new RegExp(`\r\nSUMMARY:${"ä".repeat(60)}\r\n`));
  assert.match(long, /\r\nMETHOD:CANCEL\r\n[\s\S]*\r\nSTATUS:CANCELLED\r\n/);
});
