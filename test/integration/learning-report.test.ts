/**
 * Issue 20, department report: completions per course and month over the last 12 months (SVG with role="img",
 * title/desc and a table with the same numbers) and the filter by role next to the one by org unit (page and CSV).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, createTestUser, signedIn } from "../helpers.js";
import { publishCourseFolders } from "../../src/modules/learning/index.js";
import { newCertificateCode } from "../../src/modules/learning/commands/attempts.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import type { Db } from "../../src/platform/db/index.js";

/** The month k months before the current one (Europe/Berlin), as "YYYY-MM" and as a time on its 2nd day. */
function monthAgo(k: number): { month: string; at: Date } {
  const [y, m] = berlinDate(new Date()).split("-").map(Number) as [number, number];
  const at = new Date(Date.UTC(y, m - 1 - k, 2, 12));
  return { month: at.toISOString().slice(0, 7), at };
}

async function completion(db: Db, userId: string, name: string, issuedAt: Date, revoked = false): Promise<void> {
  const v = await db.selectFrom("learning_course_versions").select("id").where("slug", "=", "datenschutz-grundlagen").executeTakeFirstOrThrow();
  const e = await db.insertInto("learning_enrollments").values({ version_id: v.id, user_id: userId, holder_name: name, birth_date: null, email: `${name}@example.org`, content_locale: "de", identity_declared_at: null, paid_at: null, completed_at: issuedAt }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("learning_certificates").values({ enrollment_id: e.id, code: newCertificateCode(), issued_at: issuedAt, valid_until: addDays(berlinDate(new Date()), 700), revoked_at: revoked ? new Date() : null, revoke_reason: revoked ? "Test" : null, revoked_by: null }).execute();
}

/** The chart's bars: month → value (data attributes of the SVG). */
const bars = (html: string, slug: string): Map<string, number> => {
  const svg = new RegExp(`<svg id="chart-${slug}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? "";
  return new Map([...svg.matchAll(/data-key="(\d{4}-\d{2})" data-value="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
};

test("issue 20: the department report charts completions per month (last 12 months) with a table, and filters by role (page and CSV)", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await publishCourseFolders(db);
  const unit = await db.selectFrom("org_units").select(["id", "name"]).limit(1).executeTakeFirstOrThrow();
  const editor = await signedIn(app, db, { email: "lernredaktion@example.org", kind: "staff", roles: ["admin"] });
  const due = addDays(berlinDate(new Date()), 10);
  assert.match((await editor.submit("/verwaltung/lernen", "/verwaltung/lernen/zuweisungen", { kurs: "datenschutz-grundlagen", einheit: unit.id, faellig: due })).body, /Pflichtschulung ist zugewiesen/);

  // Anna: member and (county-wide) editor; Bert: member only.
  const anna = await createTestUser(db, { email: "anna@example.org", kind: "staff", roles: ["member", "editor"] });
  const bert = await createTestUser(db, { email: "bert@example.org", kind: "staff", roles: ["member"] });
  await completion(db, anna, "anna", monthAgo(0).at);
  await completion(db, anna, "anna", monthAgo(2).at);
  await completion(db, bert, "bert", monthAgo(3).at);
  await completion(db, bert, "bert", monthAgo(0).at, true); // revoked: not counted
  await completion(db, bert, "bert", monthAgo(13).at); // older than 12 months: not in the chart

  const all = await editor.get(`/verwaltung/lernen/bericht/${unit.id}`);
  assert.equal(all.statusCode, 200);
  const allBars = bars(all.body, "datenschutz-grundlagen");
  assert.equal(allBars.size, 12, "twelve months");
  assert.deepEqual([...allBars.keys()], Array.from({ length: 12 }, (_, i) => monthAgo(11 - i).month), "oldest first, the current month last");
  assert.equal(allBars.get(monthAgo(0).month), 1);
  assert.equal(allBars.get(monthAgo(2).month), 1);
  assert.equal(allBars.get(monthAgo(3).month), 1);
  assert.equal([...allBars.values()].reduce((a, b) => a + b, 0), 3);
  assert.match(all.body, /<svg id="chart-datenschutz-grundlagen"[^>]*role="img"[^>]*aria-labelledby="chart-datenschutz-grundlagen-title [^"]+"[^>]*><title id="chart-datenschutz-grundlagen-title">Datenschutz-Grundlagen: Abschlüsse je Monat von [^<]+ bis [^<]+, zusammen 3\./);
  // The table has the same numbers, month by month.
  const table = /Datenschutz-Grundlagen: Abschlüsse je Monat<\/caption>[\s\S]*?<\/table>/.exec(all.body)![0];
  const cells = [...table.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!);
  assert.equal(cells.length, 24);
  assert.deepEqual(cells.filter((_, i) => i % 2 === 1).map(Number), [...allBars.values()]);
  assert.match(all.body, /2 von 2 Pflichtschulungen abgeschlossen/);

  // The filter form: unit and role, without script.
  assert.match(all.body, /<form method="get" action="\/verwaltung\/lernen\/bericht"/);
  assert.match(all.body, /<select[^>]*id="rolle"/);
  const go = await editor.get(`/verwaltung/lernen/bericht?einheit=${unit.id}&rolle=editor`);
  assert.equal(go.statusCode, 303);
  assert.equal(go.headers.location, `/verwaltung/lernen/bericht/${unit.id}?rolle=editor`);
  const editors = await editor.get(go.headers.location as string);
  const editorBars = bars(editors.body, "datenschutz-grundlagen");
  assert.equal([...editorBars.values()].reduce((a, b) => a + b, 0), 2, "Anna's two completions only");
  assert.equal(editorBars.get(monthAgo(3).month), 0);
  assert.match(editors.body, /1 von 1 Pflichtschulungen abgeschlossen/);
  assert.match(editors.body, /Nur Mitglieder mit der Rolle „Redaktion“/);
  assert.match(editors.body, /<option value="editor" selected/);
  assert.doesNotMatch(editors.body, />bert</);
  const csv = await editor.get(`/verwaltung/lernen/bericht/${unit.id}.csv?rolle=editor`);
  assert.match(csv.body, /anna,Datenschutz-Grundlagen/);
  assert.doesNotMatch(csv.body, /bert/);
  assert.match((await editor.get(`/verwaltung/lernen/bericht/${unit.id}.csv`)).body, /bert,Datenschutz-Grundlagen/);
  // Care counsellors: none in the unit, an empty report (the chart shows zeros).
  const none = await editor.get(`/verwaltung/lernen/bericht/${unit.id}?rolle=care_counsellor`);
  assert.match(none.body, /0 von 0 Pflichtschulungen abgeschlossen/);
  assert.equal([...bars(none.body, "datenschutz-grundlagen").values()].reduce((a, b) => a + b, 0), 0);
  // Only the Lernredaktion.
  const member = await signedIn(app, db, { email: "mitglied@example.org", kind: "staff", roles: ["member"] });
  assert.equal((await member.get(`/verwaltung/lernen/bericht/${unit.id}`)).statusCode, 403);
  assert.equal((await member.get(`/verwaltung/lernen/bericht?einheit=${unit.id}`)).statusCode, 403);
});
