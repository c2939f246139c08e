/**
 * Courses as data: a folder per course under src/modules/learning/courses/<slug>/ with course.json, the
 * Markdown of the text modules (<file>.<lang>.md), captions (WebVTT), posters (SVG) and downloads (text).
 * `loadCourseFolder` reads a folder into one `CourseContent` (everything text is embedded, so a published
 * version stays exactly as it was) and `checkCourse` lists what stops it from being published: above all a
 * video without captions in every language of the course.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { rootPath } from "../../platform/paths.js";

/** Text per language ("de", "en", "tr", "ar", "ru", "uk"); German is the fallback. */
export type Localized = Record<string, string>;

export interface TextModule {
  id: string;
  kind: "text";
  title: Localized;
  /** Markdown per language (embedded from <file>.<lang>.md). */
  body: Localized;
}
export interface VideoModule {
  id: string;
  kind: "video";
  title: Localized;
  /** File name of the video in the course folder (served as is; no third-party player). */
  src: string;
  poster: string;
  /** WebVTT per language (embedded). */
  captions: Localized;
  /** The spoken text for people who do not watch the video. */
  transcript: Localized;
}
export interface DownloadModule {
  id: string;
  kind: "download";
  title: Localized;
  intro: Localized;
  files: Array<{ file: string; label: Localized }>;
}
export type CourseModule = TextModule | VideoModule | DownloadModule;

export interface QuizOption {
  id: string;
  text: Localized;
}
export type QuizQuestion =
  | { id: string; kind: "single" | "multiple"; text: Localized; options: QuizOption[]; correct: string[]; feedback: Localized }
  | { id: string; kind: "order"; text: Localized; options: QuizOption[]; correct: string[]; feedback: Localized }
  | { id: string; kind: "fill"; text: Localized; accept: string[]; feedback: Localized };

export interface Quiz {
  /** Percent of the points needed to pass. */
  passPercent: number;
  timeLimitMinutes: number;
  questions: QuizQuestion[];
}

export interface CourseContent {
  slug: string;
  version: number;
  audience: "public" | "staff";
  title: Localized;
  summary: Localized;
  /** Words people search with ("rote karte lebensmittel"). */
  searchTerms: string;
  languages: string[];
  /** Languages whose texts are demo texts, not the authority's official wording. */
  demoLanguages: string[];
  rtlLanguages: string[];
  feeCents: number;
  /** Months a certificate is valid; null: without limit. */
  validityMonths: number | null;
  /** Days before expiry the holder gets the "renew" mail (only with validityMonths); absent: LEARNING_RENEWAL_REMINDER_DAYS. */
  renewalReminderDays?: number | null;
  issuer: string;
  /** How the holder's identity is confirmed: a declaration at booking (default) or, in addition, a live video session booked through the appointments module. */
  identification?: "declaration" | "video";
  modules: CourseModule[];
  quiz: Quiz;
  /** Text files embedded for download, by file name (poster SVGs too). */
  files: Record<string, string>;
  /** Binary media (videos) stay in the folder: file name → SHA-256 at publication; served only while it matches. */
  media: Record<string, string>;
  /** Images of text lessons uploaded in the editor (lessonImages.ts), re-encoded JPEGs embedded: `bild-N.jpg` → image. */
  images?: Record<string, LessonImage>;
}

export interface LessonImage {
  jpegBase64: string;
  width: number;
  height: number;
}

/** A line of lesson Markdown that shows an image: `![text alternative](bild-1.jpg)`. */
export const IMAGE_LINE = /^!\[([^\]]*)\]\(([a-z0-9][a-z0-9._-]{0,80})\)\s*$/;

export const COURSES_DIR = rootPath("src", "modules", "learning", "courses");
const SLUG = /^[a-z0-9][a-z0-9-]{1,60}$/;
/** File names inside a course folder: no paths. */
export const SAFE_FILE = /^[a-z0-9][a-z0-9._-]{0,80}$/;
export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/** The slugs of the course folders. */
export function courseFolders(dir = COURSES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && SLUG.test(d.name) && existsSync(path.join(dir, d.name, "course.json")))
    .map((d) => d.name)
    .sort();
}

type RawModule = { id: string; kind: string; title: Localized; file?: string; src?: string; poster?: string; captions?: string; transcript?: Localized; intro?: Localized; files?: Array<{ file: string; label: Localized }> };

/** Reads a course folder; missing Markdown or caption files are left out (checkCourse reports them). */
export function loadCourseFolder(slug: string, dir = COURSES_DIR): CourseContent {
  if (!SLUG.test(slug)) throw new Error(`course slug ${slug}`);
  const base = path.join(dir, slug);
  const raw = JSON.parse(readFileSync(path.join(base, "course.json"), "utf8")) as Omit<CourseContent, "modules" | "files" | "slug"> & { modules: RawModule[] };
  const read = (f: string) => (existsSync(path.join(base, f)) ? readFileSync(path.join(base, f), "utf8") : undefined);
  const perLanguage = (prefix: string, ext: string) => {
    const out: Localized = {};
    for (const l of raw.languages) {
      const text = read(`${prefix}.${l}.${ext}`);
      if (text !== undefined) out[l] = text;
    }
    return out;
  };
  const files: Record<string, string> = {};
  const media: Record<string, string> = {};
  const modules: CourseModule[] = raw.modules.map((m) => {
    if (m.kind === "video") {
      const poster = m.poster ?? "";
      const svg = poster ? read(poster) : undefined;
      if (svg !== undefined) files[poster] = svg;
      const video = m.src && SAFE_FILE.test(m.src) && existsSync(path.join(base, m.src)) ? readFileSync(path.join(base, m.src)) : undefined;
      if (video) media[m.src!] = sha256(video);
      return { id: m.id, kind: "video", title: m.title, src: m.src ?? "", poster, captions: m.captions ? perLanguage(m.captions, "vtt") : {}, transcript: m.transcript ?? {} };
    }
    if (m.kind === "download") {
      for (const f of m.files ?? []) {
        const text = read(f.file);
        if (text !== undefined) files[f.file] = text;
      }
      return { id: m.id, kind: "download", title: m.title, intro: m.intro ?? {}, files: m.files ?? [] };
    }
    return { id: m.id, kind: "text", title: m.title, body: perLanguage(m.file ?? m.id, "md") };
  });
  return { ...raw, slug, modules, files, media, demoLanguages: raw.demoLanguages ?? [], rtlLanguages: raw.rtlLanguages ?? [] };
}

/** Problems that stop a course version from being published (empty: publishable). */
export function checkCourse(c: CourseContent): string[] {
  const problems: string[] = [];
  if (!c.title.de || !c.languages.includes("de")) problems.push("Titel und Texte auf Deutsch fehlen");
  if (!Number.isInteger(c.version) || c.version < 1) problems.push("Versionsnummer fehlt");
  if (c.renewalReminderDays != null && !(Number.isInteger(c.renewalReminderDays) && c.renewalReminderDays >= 1 && c.renewalReminderDays <= 365)) problems.push("Erinnerung vor Ablauf: 1 bis 365 Tage");
  if (c.identification !== undefined && c.identification !== "declaration" && c.identification !== "video") problems.push("Identifikation: declaration oder video");
  if (c.identification === "video" && c.audience !== "public") problems.push("Video-Identifikation nur für öffentliche Kurse");
  const ids = new Set<string>();
  for (const m of c.modules) {
    if (ids.has(m.id)) problems.push(`Modul ${m.id} doppelt`);
    ids.add(m.id);
    if (m.kind === "video") {
      if (!m.poster || !c.files[m.poster]) problems.push(`Video ${m.id}: Vorschaubild (poster) fehlt`);
      if (!c.media[m.src]) problems.push(`Video ${m.id}: Videodatei ${m.src} fehlt`);
      for (const l of c.languages) {
        const vtt = m.captions[l];
        if (!vtt) problems.push(`Video ${m.id}: Untertitel (WebVTT) für ${l} fehlen`);
        else if (!/^\uFEFF?WEBVTT/.test(vtt) || !/-->/.test(vtt)) problems.push(`Video ${m.id}: Untertitel für ${l} sind kein WebVTT`);
      }
    }
    if (m.kind === "text")
      for (const l of c.languages) {
        if (!m.body[l]) problems.push(`Text ${m.id}: Markdown für ${l} fehlt`);
        // Images: known, and with a text alternative in every language (axe, screen readers).
        for (const line of (m.body[l] ?? "").split("\n")) {
          const img = IMAGE_LINE.exec(line.trim());
          if (!img) continue;
          if (!c.images?.[img[2]!]) problems.push(`Text ${m.id}: Bild ${img[2]} fehlt (${l})`);
          if (!img[1]!.trim()) problems.push(`Text ${m.id}: Bild ${img[2]} ohne Alternativtext (${l})`);
        }
      }
    if (m.kind === "download") for (const f of m.files) if (!c.files[f.file]) problems.push(`Download ${f.file} fehlt`);
  }
  const q = c.quiz;
  if (!q || q.questions.length === 0) problems.push("Test ohne Fragen");
  else {
    if (!(q.passPercent > 0 && q.passPercent <= 100)) problems.push("Bestehensgrenze fehlt");
    if (!(q.timeLimitMinutes > 0)) problems.push("Zeitlimit fehlt");
    for (const qu of q.questions) {
      if (qu.kind === "fill") {
        if (qu.accept.length === 0) problems.push(`Frage ${qu.id}: keine richtige Antwort`);
        continue;
      }
      const opts = new Set(qu.options.map((o) => o.id));
      if (qu.correct.some((id) => !opts.has(id))) problems.push(`Frage ${qu.id}: richtige Antwort ist keine Option`);
      if (qu.kind === "single" && qu.correct.length !== 1) problems.push(`Frage ${qu.id}: genau eine richtige Antwort`);
      if (qu.kind === "order" && qu.correct.length !== qu.options.length) problems.push(`Frage ${qu.id}: Reihenfolge unvollständig`);
    }
  }
  return problems;
}

/** Hash of the content (a re-publication of unchanged content is recognised). */
export const contentHash = (c: CourseContent) => sha256(JSON.stringify(c));

/** A published version's video file from its course folder, or undefined when missing or changed since publication. */
export function mediaFile(c: CourseContent, file: string, dir = COURSES_DIR): Buffer | undefined {
  const hash = c.media?.[file];
  if (!hash || !SAFE_FILE.test(file)) return undefined;
  const p = path.join(dir, c.slug, file);
  if (!existsSync(p)) return undefined;
  const bytes = readFileSync(p);
  return sha256(bytes) === hash ? bytes : undefined;
}

/** The text in `locale`, else English (for other languages than German), else German, else the first one there is. */
export function pick(l: Localized | undefined, locale: string): string {
  if (!l) return "";
  return l[locale] ?? (locale !== "de" ? l.en : undefined) ?? l.de ?? Object.values(l)[0] ?? "";
}
