/**
 * Task list for long forms (GOV.UK "task list" pattern): each page is a section with a status computed
 * from the draft. The draft remembers how a page was last left (`__seite.<pageId>`: "weiter" or
 * "gespeichert"), so "Fehler" is only shown after the person tried to continue, never on untouched pages.
 */
import { checkAnswers, valuesToTree } from "./answers.js";
import type { FormDefinition } from "./definition.js";

/** Forms with at least this many pages get the task list (unless the definition says otherwise). */
export const TASK_LIST_MIN_PAGES = 5;

export type SectionStatus = "notStarted" | "started" | "done" | "error";

export interface Section {
  pageId: string;
  title: string;
  status: SectionStatus;
  errorCount: number;
}

export const usesTaskList = (def: FormDefinition) => def.taskList ?? def.pages.length >= TASK_LIST_MIN_PAGES;

/** Draft key that records how a page was last left. */
export const visitKey = (pageId: string) => `__seite.${pageId}`;

/** Status of every section, and whether "check your answers" can be reached (no section has errors). */
export function sections(def: FormDefinition, values: Record<string, string>): { sections: Section[]; complete: boolean } {
  const tree = valuesToTree(def, values);
  const all = checkAnswers(def, tree, "form").errors;
  const out = def.pages.map((page): Section => {
    const ids = new Set(page.items.map((i) => i.id));
    const errorCount = all.filter((e) => ids.has(e.path.split("/")[1] ?? "")).length;
    const visit = values[visitKey(page.id)];
    let status: SectionStatus;
    if (!visit) status = "notStarted";
    else if (errorCount === 0) status = "done";
    else status = visit === "weiter" ? "error" : "started";
    return { pageId: page.id, title: page.title, status, errorCount };
  });
  return { sections: out, complete: all.length === 0 };
}
