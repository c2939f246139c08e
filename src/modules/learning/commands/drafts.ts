/**
 * The Lernredaktion's drafts (issue 20, in-browser editor): open a course's draft (a copy of its newest published
 * version, or of its folder when none is published), save one language's texts and the course's numbers, add or
 * remove a text module, discard, publish. Every write names the revision it was made on, so a second editor's save
 * on an old page is refused instead of overwriting; every write is audited in its transaction.
 */
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { applyDraftEdits, withImage, withoutImage, withoutModule, withTextModule } from "../courseEditing.js";
import { MAX_IMAGES } from "../lessonImages.js";
import type { QuizEditResult } from "../quizEditing.js";
import { checkCourse, courseFolders, loadCourseFolder, type CourseContent } from "../courses.js";
import { publishInTransaction, type PublishResult } from "./versionPublisher.js";
import "../db.js";

export type DraftWrite = { kind: "saved"; revision: number } | { kind: "invalid"; errors: Record<string, string> } | { kind: "stale"; revision: number } | { kind: "missing" };

const editorId = (ctx: CommandContext) => (ctx.actor.type === "staff" || ctx.actor.type === "user" ? ctx.actor.id : null);

/** The draft of a course, opened from the newest published version (or the folder) when there is none yet. */
export async function draftOpener(ctx: CommandContext, slug: string): Promise<{ content: CourseContent; revision: number } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const have = await tx.selectFrom("learning_course_drafts").select(["content", "revision"]).where("slug", "=", slug).executeTakeFirst();
    if (have) return have;
    const latest = await tx.selectFrom("learning_course_versions").select(["content", "version"]).where("slug", "=", slug).orderBy("version", "desc").limit(1).executeTakeFirst();
    const base = latest?.content ?? (courseFolders().includes(slug) ? loadCourseFolder(slug) : undefined);
    if (!base) return undefined;
    const content: CourseContent = { ...base, version: (latest?.version ?? base.version - 1) + 1 };
    const row = await tx
      .insertInto("learning_course_drafts")
      .values({ slug, content: JSON.stringify(content), created_by: editorId(ctx), updated_by: editorId(ctx) })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning(["content", "revision"])
      .executeTakeFirst();
    if (!row) return tx.selectFrom("learning_course_drafts").select(["content", "revision"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "learning.draft_opened", objectType: "learning_course_draft", objectId: slug, details: { fromVersion: latest?.version ?? null }, requestId: ctx.requestId });
    return row;
  });
}

/** The lowest version number the draft may take: above every published version of the course. */
async function minVersion(ctx: CommandContext, slug: string): Promise<number> {
  const r = await ctx.db.selectFrom("learning_course_versions").select(sql<number | null>`max(version)`.as("v")).where("slug", "=", slug).executeTakeFirst();
  return (r?.v ?? 0) + 1;
}

/** Writes a changed draft if it is still at `revision`; audited with what changed. */
async function writeDraft(ctx: CommandContext, slug: string, revision: number, change: (c: CourseContent) => { content: CourseContent; errors?: Record<string, string> }, action: string, details: Record<string, unknown>): Promise<DraftWrite> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("learning_course_drafts").select(["content", "revision"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!row) return { kind: "missing" as const };
    if (row.revision !== revision) return { kind: "stale" as const, revision: row.revision };
    const { content, errors } = change(row.content);
    if (errors && Object.keys(errors).length > 0) return { kind: "invalid" as const, errors };
    await tx.updateTable("learning_course_drafts").set({ content: JSON.stringify(content), revision: revision + 1, updated_by: editorId(ctx), updated_at: new Date() }).where("slug", "=", slug).execute();
    await appendAudit(tx, ctx.actor, { action, objectType: "learning_course_draft", objectId: slug, details: { revision: revision + 1, ...details }, requestId: ctx.requestId });
    return { kind: "saved" as const, revision: revision + 1 };
  });
}

/** Saves one language's texts and the general fields. */
export async function draftSaver(ctx: CommandContext, slug: string, revision: number, lang: string, values: Record<string, string>): Promise<DraftWrite> {
  const min = await minVersion(ctx, slug);
  return writeDraft(ctx, slug, revision, (c) => applyDraftEdits(c, lang, values, min), "learning.draft_saved", { language: lang });
}

export async function draftTextModuleAdder(ctx: CommandContext, slug: string, revision: number, titleDe: string): Promise<DraftWrite> {
  return writeDraft(ctx, slug, revision, (c) => (titleDe.trim() && titleDe.length <= 200 ? { content: withTextModule(c, titleDe) } : { content: c, errors: { moduleTitle: "learning.editor.error.required" } }), "learning.draft_module_added", {});
}

export async function draftModuleRemover(ctx: CommandContext, slug: string, revision: number, moduleId: string): Promise<DraftWrite> {
  return writeDraft(ctx, slug, revision, (c) => ({ content: withoutModule(c, moduleId) }), "learning.draft_module_removed", { module: moduleId });
}

/**
 * A change to the draft's quiz structure (quizEditing.ts: questions and options added, moved, removed, right answers
 * set), audited as learning.draft_quiz_changed with what changed. Published versions stay as they are: a started
 * attempt is scored against its own version.
 */
export async function draftQuizChanger(ctx: CommandContext, slug: string, revision: number, change: (c: CourseContent) => QuizEditResult, details: { change: string; question?: string; option?: string }): Promise<DraftWrite> {
  return writeDraft(ctx, slug, revision, change, "learning.draft_quiz_changed", details);
}

/** Adds a lesson image (re-encoded by lessonImages.ts) to the draft; at most MAX_IMAGES per course. Audited without the picture. */
export async function draftImageAdder(ctx: CommandContext, slug: string, revision: number, img: { jpeg: Buffer; width: number; height: number }): Promise<DraftWrite> {
  let name = "";
  return writeDraft(
    ctx,
    slug,
    revision,
    (c) => {
      if (Object.keys(c.images ?? {}).length >= MAX_IMAGES) return { content: c, errors: { bild: "learning.editor.error.imageCount" } };
      const r = withImage(c, img);
      name = r.name;
      return { content: r.content };
    },
    "learning.draft_image_added",
    // A getter: the name is chosen inside the change, and writeDraft reads the details after running it.
    { get image() { return name; }, bytes: img.jpeg.length, width: img.width, height: img.height },
  );
}

export async function draftImageRemover(ctx: CommandContext, slug: string, revision: number, name: string): Promise<DraftWrite> {
  return writeDraft(ctx, slug, revision, (c) => ({ content: withoutImage(c, name) }), "learning.draft_image_removed", { image: name });
}

/** Discards the draft (the published versions stay); audited. */
export async function draftDiscarder(ctx: CommandContext, slug: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("learning_course_drafts").where("slug", "=", slug).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "learning.draft_discarded", objectType: "learning_course_draft", objectId: slug, details: {}, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Publishes the draft at `revision` as a new immutable version (checked like a folder: a video without captions in
 * every language … stops it) and removes the draft, in one transaction.
 */
export async function draftPublisher(ctx: CommandContext, slug: string, revision: number): Promise<PublishResult | { kind: "stale" } | { kind: "missing" }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("learning_course_drafts").select(["content", "revision"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!row) return { kind: "missing" as const };
    if (row.revision !== revision) return { kind: "stale" as const };
    const problems = checkCourse(row.content);
    if (problems.length) return { kind: "invalid" as const, problems };
    const r = await publishInTransaction(tx, ctx, row.content, { fromDraft: true });
    if (r.kind === "published") await tx.deleteFrom("learning_course_drafts").where("slug", "=", slug).execute();
    return r;
  });
}
