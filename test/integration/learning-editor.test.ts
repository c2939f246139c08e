/**
 * Issue 20: the Lernredaktion edits a course in the browser. Opening makes a draft of the newest published version;
 * bad input stays with errors next to the fields; a second editor's save on an old page is refused with the typed
 * values kept; the check lists what blocks publishing (a new text module without its Markdown); publishing makes
 * version 2, which new participants get, while version 1 stays unchanged; every step audited; others get 403.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn } from "../helpers.js";
import sharp from "sharp";
import { publishCourseFolders } from "../../src/modules/learning/index.js";
import { postMultipart } from "../support/roadworks.js";
import { EXE } from "../support/uploads.js";
import { hasGpsPointer, jpegWithGps } from "../support/photos.js";

const COURSE = "datenschutz-grundlagen";
const EDIT = `/verwaltung/lernen/kurse/${COURSE}`;

test("issue 20: in-browser editing of a course — draft, errors kept, concurrent save refused, check, publish as version 2, audited", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await publishCourseFolders(db);
  const editor = await signedIn(app, db, { email: "lernredaktion@example.org", kind: "staff", roles: ["admin"] });
  const second = await signedIn(app, db, { email: "zweite@example.org", kind: "staff", roles: ["admin"] });
  const worker = await signedIn(app, db, { email: "sachbearbeitung@example.org", kind: "staff", roles: ["member"] });

  // Only the Lernredaktion (or administrators).
  assert.equal((await worker.get(EDIT)).statusCode, 403);
  const list = await editor.get("/verwaltung/lernen");
  assert.match(list.body, new RegExp(`action="${EDIT}/entwurf"`));
  assert.equal((await worker.post(`${EDIT}/entwurf`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await worker.get("/lernen")).body)![1]! })).statusCode, 403);

  // Opening: a draft of version 1 as version 2, German first.
  const opened = await editor.submit("/verwaltung/lernen", `${EDIT}/entwurf`, {});
  assert.equal(opened.statusCode, 303);
  const page = await editor.get(EDIT);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Entwurf für Version 2/);
  assert.match(page.body, /id="version"[^>]*value="2"/);
  assert.match(page.body, /value="Datenschutz-Grundlagen"/);
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const fields = (body: string) => {
    const out: Record<string, string> = {};
    for (const m of body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(m[0])?.[1];
      if (name && name !== "_csrf") out[name] = unescape(/value="([^"]*)"/.exec(m[0])?.[1] ?? "");
    }
    for (const m of body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) out[m[1]!] = unescape(m[2]!);
    return out;
  };
  const values = fields(page.body.split('action="/verwaltung/lernen/kurse/datenschutz-grundlagen?sprache=de"')[1]!.split("</form>")[0]!);
  assert.equal(values.revision, "1");
  const bodyField = Object.keys(values).find((k) => k.endsWith("-body"))!;
  assert.ok(bodyField, "a text module's Markdown is editable");

  // Bad input: everything stays, errors next to the fields.
  const bad = await editor.submit(EDIT, `${EDIT}?sprache=de`, { ...values, version: "1", fee: "zwölf", title: "", [bodyField]: "# Neu geschrieben\n\nMit **fettem** Text." });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /id="version-error"[\s\S]*höher ist als jede veröffentlichte Version/);
  assert.match(bad.body, /id="fee-error"[\s\S]*zum Beispiel 20,00/);
  assert.match(bad.body, /id="title-error"[\s\S]*Bitte geben Sie einen Titel an/);
  assert.match(bad.body, /# Neu geschrieben/, "the typed Markdown is kept");

  // Saved in German; the English texts are edited on their own page.
  const saved = await editor.submit(EDIT, `${EDIT}?sprache=de`, { ...values, title: "Datenschutz im Amt", fee: "0", [bodyField]: "# Neu geschrieben\n\nMit **fettem** Text." });
  assert.equal(saved.statusCode, 303);
  assert.match(saved.headers.location as string, /ok=gespeichert/);
  const en = await editor.get(`${EDIT}?sprache=en`);
  assert.match(en.body, /value="Data protection basics"|value="[^"]*[Dd]ata protection[^"]*"/);

  // Another editor still has revision 1 open: refused with their input kept, then saved on the new revision.
  const stale = await second.submit(EDIT, `${EDIT}?sprache=de`, { ...values, title: "Titel der zweiten Person" });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /inzwischen von jemand anderem geändert/);
  assert.match(stale.body, /value="Titel der zweiten Person"/);
  assert.match(stale.body, /name="revision" value="2"/);

  const rev = async () => ({ revision: /name="revision" value="(\d+)"/.exec((await editor.get(EDIT)).body)![1]! });
  // A new text module without its Markdown blocks publishing, with the reason on the page.
  const added = await editor.submit(EDIT, `${EDIT}/textmodul?sprache=de`, { moduleTitle: "Zusammenfassung", ...(await rev()) });
  assert.equal(added.statusCode, 303);
  const blocked = await editor.submit(EDIT, `${EDIT}/veroeffentlichen`, await rev());
  assert.equal(blocked.statusCode, 422);
  assert.match(blocked.body, /Text text-\d+: Markdown für de fehlt/);
  const withModule = await editor.get(EDIT);
  const removeAction = [...withModule.body.matchAll(/action="(\/verwaltung\/lernen\/kurse\/datenschutz-grundlagen\/module\/(text-\d+)\/entfernen[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  assert.equal(removeAction.length, 1, "the new module (the folder's module has its own id)");
  assert.equal((await editor.submit(EDIT, removeAction[0]!, await rev())).statusCode, 303);
  assert.match((await editor.get(EDIT)).body, /Der Entwurf kann veröffentlicht werden/);

  // Published as version 2: the course's current version, while version 1 stays as it was; the draft is gone.
  const stalePublish = await editor.submit(EDIT, `${EDIT}/veroeffentlichen`, { revision: "1" });
  assert.equal(stalePublish.statusCode, 409, "publishing an outdated page is refused");
  const published = await editor.submit(EDIT, `${EDIT}/veroeffentlichen`, await rev());
  assert.equal(published.statusCode, 303);
  assert.match((await editor.get(published.headers.location as string)).body, /datenschutz-grundlagen: Version 2 ist veröffentlicht/);
  const versions = await db.selectFrom("learning_course_versions").select(["version", "content"]).where("slug", "=", COURSE).orderBy("version").execute();
  assert.deepEqual(versions.map((v) => [v.version, v.content.title.de]), [[1, "Datenschutz-Grundlagen"], [2, "Datenschutz im Amt"]]);
  assert.match(JSON.stringify(versions[1]!.content.modules), /Neu geschrieben/);
  assert.equal(await db.selectFrom("learning_course_drafts").select("slug").executeTakeFirst(), undefined);
  assert.match((await worker.get("/lernen")).body, /Datenschutz im Amt/);
  assert.equal(await publishCourseFolders(db), 0, "the folder's version 1 is recognised as published, not published again");

  // Discarding a new draft leaves version 2.
  await editor.submit("/verwaltung/lernen", `${EDIT}/entwurf`, {});
  const discarded = await editor.submit(EDIT, `${EDIT}/verwerfen`, {});
  assert.equal(discarded.statusCode, 303);
  assert.match((await editor.get(discarded.headers.location as string)).body, /Der Entwurf wurde verworfen/);

  const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where((eb) => eb.or([eb("object_type", "=", "learning_course_draft"), eb("action", "=", "learning.version_published")])).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["learning.version_published", "learning.version_published", "learning.draft_opened", "learning.draft_saved", "learning.draft_module_added", "learning.draft_module_removed", "learning.version_published", "learning.draft_opened", "learning.draft_discarded"]);
});

test("issue 20: the quiz structure editor — add, reorder and remove questions and options, right answers with German errors at the fields, audited; a started attempt keeps its version", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await publishCourseFolders(db);
  const QUIZ = `${EDIT}/test`;
  const editor = await signedIn(app, db, { email: "lernredaktion@example.org", kind: "staff", roles: ["admin"] });
  const worker = await signedIn(app, db, { email: "sachbearbeitung@example.org", kind: "staff", roles: ["member"] });
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

  // A member starts the quiz of version 1 before anything changes.
  const mine = await worker.get("/lernen");
  const overviewUrl = (await worker.post("/lernen/datenschutz-grundlagen/starten", { _csrf: csrfOf(mine.body) })).headers.location as string;
  await worker.post(`${overviewUrl}/modul/1`, { _csrf: csrfOf((await worker.get(`${overviewUrl}/modul/1`)).body) });
  await worker.post(`${overviewUrl}/test/start`, { _csrf: csrfOf((await worker.get(overviewUrl)).body) });
  const quizPage = await worker.get(`${overviewUrl}/test`);
  const attempt = /name="attempt" value="([^"]+)"/.exec(quizPage.body)![1]!;

  await editor.submit("/verwaltung/lernen", `${EDIT}/entwurf`, {});
  assert.match((await editor.get(EDIT)).body, new RegExp(`href="${QUIZ}"`), "linked from the editor");
  assert.equal((await worker.get(QUIZ)).statusCode, 403);
  assert.equal((await worker.post(QUIZ, { _csrf: csrfOf(mine.body), op: "question-add", revision: "1" })).statusCode, 403);
  const page = await editor.get(QUIZ);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Frage 1: Sie haben eine Akte an die falsche Adresse geschickt/);
  const send = async (fields: Array<[string, string]>) => {
    const body = (await editor.get(QUIZ)).body;
    const revision = /name="revision" value="(\d+)"/.exec(body)![1]!;
    return editor.post(QUIZ, [["_csrf", csrfOf(body)], ["revision", revision], ...fields]);
  };
  const draft = async () => (await db.selectFrom("learning_course_drafts").select("content").where("slug", "=", COURSE).executeTakeFirstOrThrow()).content.quiz;

  // A new question without text, with one option and no right answer: errors next to the fields, input kept.
  const bad = await send([["op", "question-add"], ["new-kind", "multiple"], ["new-text", ""], ["new-o1", "Name"]]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /id="new-text-error"[\s\S]*Bitte geben Sie den Text der Frage an/);
  assert.match(bad.body, /id="new-o1-error"[\s\S]*mindestens zwei Antworten/);
  assert.match(bad.body, /id="new-o1"[^>]*value="Name"/);
  const noCorrect = await send([["op", "question-add"], ["new-kind", "single"], ["new-text", "Was ist personenbezogen?"], ["new-o1", "Name"], ["new-o2", "Wetter"]]);
  assert.equal(noCorrect.statusCode, 422);
  assert.match(noCorrect.body, /id="new-correct-error"[\s\S]*mindestens eine richtige Antwort/);

  // Valid: a multiple-choice question with two right answers, appended.
  const added = await send([["op", "question-add"], ["new-kind", "multiple"], ["new-text", "Welche Angaben sind personenbezogen?"], ["new-o1", "Name"], ["new-o2", "Geburtsdatum"], ["new-o3", "Wetter"], ["new-correct", "1"], ["new-correct", "2"]]);
  assert.equal(added.statusCode, 303);
  let quiz = await draft();
  assert.deepEqual(quiz.questions.map((q) => q.id), ["panne", "frage-1"]);
  const q1 = quiz.questions[1]!;
  assert.ok(q1.kind === "multiple");
  assert.deepEqual(q1.options.map((o) => o.text.de), ["Name", "Geburtsdatum", "Wetter"]);
  assert.deepEqual(q1.correct, ["o1", "o2"]);

  // Right answers: none marked → refused at the field; then only the name.
  const none = await send([["op", "correct"], ["question", "frage-1"]]);
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /id="q-frage-1-correct-error"[\s\S]*mindestens eine richtige Antwort/);
  assert.equal((await send([["op", "correct"], ["question", "frage-1"], ["q-frage-1-correct", "o1"], ["q-frage-1-correct", "o3"]])).statusCode, 303);
  assert.deepEqual(((await draft()).questions[1] as { correct: string[] }).correct, ["o1", "o3"]);
  assert.equal((await send([["op", "correct"], ["question", "frage-1"], ["q-frage-1-correct", "o2"], ["q-frage-1-correct", "nope"]])).statusCode, 303);
  assert.deepEqual(((await draft()).questions[1] as { correct: string[] }).correct, ["o2"], "ids that are not options are ignored");

  // Reorder: the new question first; its option "Geburtsdatum" to the top; "Wetter" removed.
  assert.equal((await send([["op", "question-up"], ["question", "frage-1"]])).statusCode, 303);
  assert.equal((await send([["op", "option-up:o2"], ["question", "frage-1"]])).statusCode, 303);
  assert.equal((await send([["op", "option-remove:o3"], ["question", "frage-1"]])).statusCode, 303);
  quiz = await draft();
  assert.deepEqual(quiz.questions.map((q) => q.id), ["frage-1", "panne"]);
  assert.deepEqual((quiz.questions[0] as { options: Array<{ id: string }> }).options.map((o) => o.id), ["o2", "o1"]);
  // Two options left: removing one more is refused; so is removing the only right answer.
  const tooFew = await send([["op", "option-remove:o1"], ["question", "frage-1"]]);
  assert.equal(tooFew.statusCode, 422);
  assert.match(tooFew.body, /id="q-frage-1-options-error"[\s\S]*mindestens zwei Antworten/);
  const emptyOption = await send([["op", "option-add"], ["question", "panne"], ["q-panne-new", " "]]);
  assert.equal(emptyOption.statusCode, 422);
  assert.match(emptyOption.body, /id="q-panne-new-error"[\s\S]*Text der Antwort/);
  assert.equal((await send([["op", "option-add"], ["question", "panne"], ["q-panne-new", "Die Vorgesetzte fragen, ob es schlimm ist."]])).statusCode, 303);
  const lastCorrect = await send([["op", "option-remove:b"], ["question", "panne"]]);
  assert.equal(lastCorrect.statusCode, 422);
  assert.match(lastCorrect.body, /id="q-panne-options-error"[\s\S]*einzige richtige Antwort/);
  // The right answer of the old question changes to the new option (a participant of version 1 is scored on b).
  assert.equal((await send([["op", "correct"], ["question", "panne"], ["q-panne-correct", "o1"]])).statusCode, 303);
  assert.equal((await send([["op", "option-remove:b"], ["question", "panne"]])).statusCode, 303);

  // A fill-in question added and deleted again.
  assert.equal((await send([["op", "question-add"], ["new-kind", "fill"], ["new-text", "Frist für die Meldung in Stunden?"], ["new-accept", "72\n72 Stunden"]])).statusCode, 303);
  assert.deepEqual(((await draft()).questions[2] as { accept: string[] }).accept, ["72", "72 Stunden"]);
  assert.equal((await send([["op", "question-remove"], ["question", "frage-2"]])).statusCode, 303);

  // An outdated page is refused.
  const stale = await editor.post(QUIZ, { _csrf: csrfOf(page.body), revision: "1", op: "question-down", question: "frage-1" });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /von jemand anderem geändert/);

  // The page lists both questions; publishing makes version 2 with the new structure.
  const after = await editor.get(QUIZ);
  assert.match(after.body, /Frage 1: Welche Angaben sind personenbezogen\?[\s\S]*Frage 2: Sie haben eine Akte/);
  assert.match(after.body, /Antwort 1 von Frage 1 nach unten/);
  assert.match((await editor.get(EDIT)).body, /Der Entwurf kann veröffentlicht werden/);
  const rev = /name="revision" value="(\d+)"/.exec((await editor.get(EDIT)).body)![1]!;
  assert.equal((await editor.submit(EDIT, `${EDIT}/veroeffentlichen`, { revision: rev })).statusCode, 303);
  const v2 = await db.selectFrom("learning_course_versions").select("content").where("slug", "=", COURSE).where("version", "=", 2).executeTakeFirstOrThrow();
  assert.deepEqual(v2.content.quiz.questions.map((q) => q.id), ["frage-1", "panne"]);
  assert.deepEqual((v2.content.quiz.questions[1] as { correct: string[] }).correct, ["o1"]);

  // The attempt started on version 1 is scored against version 1: b is still right there.
  const passed = await worker.post(`${overviewUrl}/test`, { _csrf: csrfOf(quizPage.body), attempt, q_panne: "b" });
  assert.equal(passed.statusCode, 200);
  assert.match(passed.body, /Test bestanden|Quiz passed/);
  const cert = await db
    .selectFrom("learning_certificates")
    .innerJoin("learning_enrollments", "learning_enrollments.id", "learning_certificates.enrollment_id")
    .innerJoin("learning_course_versions", "learning_course_versions.id", "learning_enrollments.version_id")
    .select("learning_course_versions.version")
    .executeTakeFirstOrThrow();
  assert.equal(cert.version, 1);

  const audit = await db.selectFrom("audit_log").select(["details"]).where("action", "=", "learning.draft_quiz_changed").orderBy("id").execute();
  assert.deepEqual(
    audit.map((a) => (a.details as { change: string }).change),
    ["question-add", "correct", "correct", "question-up", "option-up", "option-remove", "option-add", "correct", "option-remove", "question-add", "question-remove"],
    "every change audited, refused ones not",
  );
});

test("issue 20: a lesson image — judged by its bytes, re-encoded without EXIF, shown with its text alternative to participants of the published version", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await publishCourseFolders(db);
  const editor = await signedIn(app, db, { email: "lernredaktion@example.org", kind: "staff", roles: ["admin"] });
  const worker = await signedIn(app, db, { email: "sachbearbeitung@example.org", kind: "staff", roles: ["member"] });
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
  await editor.submit("/verwaltung/lernen", `${EDIT}/entwurf`, {});
  const upload = async (name: string, type: string, content: Buffer) => {
    const page = (await editor.get(EDIT)).body;
    return postMultipart(app, editor, `${EDIT}/bild?sprache=de`, { _csrf: csrfOf(page), revision: /name="revision" value="(\d+)"/.exec(page)![1]! }, [{ field: "bild", name, type, content }]);
  };
  assert.equal((await upload("bild.jpg", "image/jpeg", EXE)).statusCode, 422, "an executable calling itself a JPEG");
  const refused = await upload("bild.jpg", "image/jpeg", EXE);
  assert.match(refused.body, /id="bild-error"[\s\S]*kein PNG- oder JPEG-Bild/);
  assert.equal((await upload("leer.png", "image/png", Buffer.alloc(0))).statusCode, 422);

  const photo = await jpegWithGps(2400, 1600);
  assert.ok(hasGpsPointer((await sharp(photo).metadata()).exif), "the upload carries GPS EXIF");
  const ok = await upload("haende.jpg", "image/jpeg", photo);
  assert.equal(ok.statusCode, 303);
  const draft = await db.selectFrom("learning_course_drafts").select("content").where("slug", "=", COURSE).executeTakeFirstOrThrow();
  const stored = draft.content.images?.["bild-1.jpg"];
  assert.ok(stored);
  const bytes = Buffer.from(stored.jpegBase64, "base64");
  const meta = await sharp(bytes).metadata();
  assert.equal(meta.format, "jpeg");
  assert.equal(meta.exif, undefined, "no EXIF (GPS, camera) left");
  assert.equal(meta.xmp, undefined);
  assert.ok(Math.max(meta.width!, meta.height!) <= 1200);
  assert.match((await editor.get(EDIT)).body, /!\[…\]\(bild-1\.jpg\)/);

  // In the German text without a description: the check names it; with one: publishable.
  const page = (await editor.get(EDIT)).body;
  const form = page.split(`action="${EDIT}?sprache=de"`)[1]!.split("</form>")[0]!;
  const values: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    if (name && name !== "_csrf") values[name] = (/value="([^"]*)"/.exec(m[0])?.[1] ?? "").replace(/&amp;/g, "&").replace(/&quot;/g, '"');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) values[m[1]!] = m[2]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&quot;/g, '"');
  const body = values["m-grundlagen-body"]!;
  assert.equal((await editor.submit(EDIT, `${EDIT}?sprache=de`, { ...values, "m-grundlagen-body": `${body}\n\n![](bild-1.jpg)\n` })).statusCode, 303);
  assert.match((await editor.get(EDIT)).body, /Text grundlagen: Bild bild-1\.jpg ohne Alternativtext \(de\)/);
  const rev = () => editor.get(EDIT).then((r) => /name="revision" value="(\d+)"/.exec(r.body)![1]!);
  assert.equal((await editor.submit(EDIT, `${EDIT}?sprache=de`, { ...values, revision: await rev(), "m-grundlagen-body": `${body}\n\n![Hände unter fließendem Wasser](bild-1.jpg)\n` })).statusCode, 303);
  assert.match((await editor.get(EDIT)).body, /Der Entwurf kann veröffentlicht werden/);
  assert.equal((await editor.submit(EDIT, `${EDIT}/veroeffentlichen`, { revision: await rev() })).statusCode, 303);

  // A member learning version 2 sees the image with its description; the picture comes from the version.
  const mine = await worker.get("/lernen");
  const overviewUrl = (await worker.post("/lernen/datenschutz-grundlagen/starten", { _csrf: csrfOf(mine.body) })).headers.location as string;
  const lesson = await worker.get(`${overviewUrl}/modul/1`);
  const img = /<img class="kp-learning-image" src="([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"/.exec(lesson.body);
  assert.ok(img, "the image is on the lesson page");
  assert.equal(img[2], "Hände unter fließendem Wasser");
  const served = await worker.get(img[1]!.replace(/&amp;/g, "&"));
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers["content-type"], "image/jpeg");
  assert.equal(served.headers["x-content-type-options"], "nosniff");
  assert.equal((await sharp(served.rawPayload).metadata()).exif, undefined);
  assert.equal((await app.inject({ method: "GET", url: img[1]!.replace(/&amp;/g, "&") })).statusCode, 404, "not without the participant's login");

  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "learning.draft_image_added").execute();
  assert.equal(audit.length, 1, "refused uploads change nothing");
  assert.equal((audit[0]!.details as { image: string }).image, "bild-1.jpg");
});
