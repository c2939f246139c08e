import type { Db } from "../../platform/db/index.js";

/** The extracted text of a document, page by page, and how it was read (pending: the job has yet to read it). */
export type DocumentText =
  | { status: "pending" }
  | { status: "failed" }
  | { status: "done"; pages: Array<{ text: string; method: "text" | "ocr" }> };

export async function documentPages(db: Db, documentId: string): Promise<DocumentText | undefined> {
  const doc = await db.selectFrom("participation_documents").select(["page_count", "text_status"]).where("id", "=", documentId).executeTakeFirst();
  if (!doc) return undefined;
  if (doc.text_status === "pending") return { status: "pending" };
  if (doc.page_count === null) return { status: "failed" };
  const rows = await db.selectFrom("participation_document_pages").select(["page", "text", "method"]).where("document_id", "=", documentId).orderBy("page").execute();
  return { status: "done", pages: rows.map((r) => ({ text: r.text, method: r.method })) };
}
