import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { Transaction } from "kysely";
import type { Database } from "../../../platform/db/schema.js";
import { checkCourse, contentHash, loadCourseFolder, COURSES_DIR, type CourseContent } from "../courses.js";
import "../db.js";

export type PublishResult = { kind: "published"; id: string; version: number } | { kind: "unchanged"; id: string; version: number } | { kind: "invalid"; problems: string[] } | { kind: "version_taken"; version: number };

/**
 * Publishes the course folder as a new immutable version (Lernredaktion, demo data). Content that was
 * published before is "unchanged"; changed content under a version number already published must get
 * a higher number ("version_taken"); a course with problems (a video without captions …) is refused.
 */
export async function versionPublisher(ctx: CommandContext, slug: string, dir = COURSES_DIR): Promise<PublishResult> {
  const content = loadCourseFolder(slug, dir);
  const problems = checkCourse(content);
  if (problems.length) return { kind: "invalid", problems };
  return ctx.db.transaction().execute((tx) => publishInTransaction(tx, ctx, content, {}));
}

/**
 * Publishes checked content inside the caller's transaction (the folder publisher above, the browser editor's
 * draft publisher): same number and same content → unchanged, same number and other content → version_taken.
 */
export async function publishInTransaction(tx: Transaction<Database>, ctx: CommandContext, content: CourseContent, details: Record<string, unknown>): Promise<PublishResult> {
  const slug = content.slug;
  const hash = contentHash(content);
  const same = await tx.selectFrom("learning_course_versions").select(["id", "version", "content_hash"]).where("slug", "=", slug).where("version", "=", content.version).executeTakeFirst();
  if (same) return same.content_hash === hash ? { kind: "unchanged" as const, id: same.id, version: same.version } : { kind: "version_taken" as const, version: same.version };
  const row = await tx
    .insertInto("learning_course_versions")
    .values({ slug, version: content.version, audience: content.audience, fee_cents: content.feeCents, content: JSON.stringify(content) as never, content_hash: hash, published_by: ctx.actor.type === "staff" || ctx.actor.type === "user" ? ctx.actor.id : null })
    .onConflict((oc) => oc.columns(["slug", "version"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) return { kind: "version_taken" as const, version: content.version };
  await appendAudit(tx, ctx.actor, { action: "learning.version_published", objectType: "learning_course_version", objectId: row.id, details: { slug, version: content.version, ...details }, requestId: ctx.requestId });
  await bumpCatalogVersion(tx);
  return { kind: "published" as const, id: row.id, version: content.version };
}
