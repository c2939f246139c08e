/**
 * Issue 20: the Lernredaktion edits a course in the browser. Opening makes a draft of the newest published version;
 * bad input stays with errors next to the fields; a second editor's save on an old page is refused with the typed
 * values kept; the check lists what blocks publishing (a new text module without its Markdown); publishing makes
 * version 2, which new participants get, while version 1 stays unchanged; every step audited; others get 403.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn } from "../helpers.js";
import { publishCourseFolders } from "../../src/modules/learning/index.js";

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
