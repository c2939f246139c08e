import { test } from "node:test";
import assert from "node:assert/strict";
import { render } from "preact-render-to-string";
import { translator } from "../../platform/i18n/index.js";
import type { ViewContext } from "../../platform/views/context.js";
import { TaskListPage } from "./pages/taskList.js";
import { readFormFiles, sections, usesTaskList, visitKey } from "../forms/index.js";
import "./pages/views.js";

const defs = await readFormFiles();
const wohngeld = defs.find((d) => d.id === "wohngeld-erstantrag")!;
const ctx = (locale: "de" | "en") => ({ t: translator(locale), csrfToken: "tok", locale }) as unknown as ViewContext;

test("long forms (5+ pages) use the task list, short ones the linear flow", () => {
  assert.equal(usesTaskList(wohngeld), true);
  assert.equal(usesTaskList(defs.find((d) => d.id === "hundesteuer-anmeldung")!), false);
  assert.equal(usesTaskList({ ...wohngeld, taskList: false }), false);
});

test("section status: not started, started (saved with gaps), error (continued with gaps), done; check page only when complete", () => {
  const values: Record<string, string> = { email: "a@example.org" };
  let s = sections(wohngeld, values);
  // Prefilled values alone do not start a section.
  assert.equal(s.sections[0]!.status, "notStarted");
  assert.equal(s.complete, false);
  s = sections(wohngeld, { ...values, familienname: "Yılmaz", [visitKey("antragsteller")]: "gespeichert" });
  assert.equal(s.sections[0]!.status, "started");
  s = sections(wohngeld, { ...values, familienname: "Yılmaz", [visitKey("antragsteller")]: "weiter" });
  assert.equal(s.sections[0]!.status, "error");
  assert.equal(s.sections[0]!.errorCount, 4);
  s = sections(wohngeld, { ...values, familienname: "Yılmaz", vornamen: "Ayşe", geburtsdatum: "01.07.1988", familienstand: "ledig", staatsangehoerigkeit: "deutsch", [visitKey("antragsteller")]: "weiter" });
  assert.equal(s.sections[0]!.status, "done");
  assert.deepEqual(s.sections.slice(1).map((x) => x.status), Array(wohngeld.pages.length - 1).fill("notStarted"));
  assert.equal(s.complete, false);
});

test("task list page: a link and a status per section; 'check and submit' is a link only when complete; English chrome", () => {
  const s = sections(wohngeld, { [visitKey("antragsteller")]: "weiter" });
  const html = render(<TaskListPage ctx={ctx("de")} def={wohngeld} draftId="d1" sections={s.sections} complete={false} />);
  for (const page of wohngeld.pages) assert.match(html, new RegExp(`href="/antraege/entwurf/d1/${page.id}" aria-describedby="status-${page.id}"`));
  assert.match(html, /id="status-antragsteller"><span class="kern-badge kern-badge--danger">[^]*?Fehler/);
  assert.match(html, /id="status-wohnung"><span class="kern-badge kern-badge--info">[^]*?Nicht begonnen/);
  assert.doesNotMatch(html, /href="\/antraege\/entwurf\/d1\/pruefen"/);
  assert.match(html, /Erst möglich, wenn alle Abschnitte erledigt sind/);
  const done = render(<TaskListPage ctx={ctx("en")} def={wohngeld} draftId="d1" sections={s.sections.map((x) => ({ ...x, status: "done" as const }))} complete={true} />);
  assert.match(done, /href="\/antraege\/entwurf\/d1\/pruefen"/);
  assert.match(done, /8 of 8 sections completed/);
  assert.match(done, /Check your answers and submit/);
});
