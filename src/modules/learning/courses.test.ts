import { test } from "node:test";
import assert from "node:assert/strict";
import { checkCourse, courseFolders, loadCourseFolder, pick } from "./courses.js";
import { maskBirthDate } from "./presenters.js";
import { newCertificateCode } from "./commands/attempts.js";
import { normaliseCode } from "./pages/verify.js";

test("the course folders load and pass the check; the § 43 course is in six languages with captions for each", () => {
  assert.deepEqual(courseFolders(), ["datenschutz-grundlagen", "infektionsschutz-43"]);
  const c = loadCourseFolder("infektionsschutz-43");
  assert.deepEqual(checkCourse(c), []);
  assert.deepEqual(c.languages, ["de", "en", "tr", "ar", "ru", "uk"]);
  const video = c.modules.find((m) => m.kind === "video");
  assert.equal(video?.kind === "video" && Object.keys(video.captions).length, 6);
  for (const l of c.languages)
    for (const q of c.quiz.questions) {
      assert.ok(q.text[l] && q.feedback[l], `question ${q.id} in ${l}`);
      if (q.kind !== "fill") for (const o of q.options) assert.ok(o.text[l], `option ${q.id}/${o.id} in ${l}`);
    }
  for (const l of c.demoLanguages) assert.match(c.modules[0]!.kind === "text" ? c.modules[0]!.body[l]! : "", /Demo-Text, nicht amtlich/);
});

test("a video without captions, a caption file that is not WebVTT, and a missing poster are problems", () => {
  const c = loadCourseFolder("infektionsschutz-43");
  const video = c.modules.find((m) => m.kind === "video")!;
  if (video.kind !== "video") throw new Error("video");
  delete video.captions.uk;
  video.captions.tr = "just text";
  delete c.files[video.poster];
  const problems = checkCourse(c).join("\n");
  assert.match(problems, /Untertitel \(WebVTT\) für uk fehlen/);
  assert.match(problems, /Untertitel für tr sind kein WebVTT/);
  assert.match(problems, /Vorschaubild/);
});

test("texts fall back to English for other languages, to German for German; date of birth masked", () => {
  assert.equal(pick({ de: "Hallo", en: "Hello" }, "tr"), "Hello");
  assert.equal(pick({ de: "Hallo", en: "Hello" }, "de"), "Hallo");
  assert.equal(maskBirthDate("1990-05-17"), "**.05.1990");
});

test("certificate codes: 24 random characters (≈119 bits), no look-alikes, typed in any case", () => {
  const codes = new Set(Array.from({ length: 2000 }, () => newCertificateCode()));
  assert.equal(codes.size, 2000);
  for (const c of codes) assert.match(c, /^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){5}$/);
  const one = [...codes][0]!;
  assert.equal(normaliseCode(one.toLowerCase().replace(/-/g, " ")), one);
  assert.equal(normaliseCode("ABCD"), undefined);
});

test("a course's renewal reminder is 1 to 365 days before expiry, or absent (the configured default)", () => {
  const c = loadCourseFolder("datenschutz-grundlagen");
  assert.equal(c.renewalReminderDays, undefined);
  assert.deepEqual(checkCourse({ ...c, renewalReminderDays: 60 }), []);
  for (const bad of [0, 366, 2.5]) assert.match(checkCourse({ ...c, renewalReminderDays: bad }).join(), /Erinnerung vor Ablauf: 1 bis 365 Tage/, String(bad));
});
