import type { ViewContext } from "../../../platform/views/context.js";
import { PageHeading } from "../../../platform/views/components.js";
import { type FormDefinition, type Section, type SectionStatus } from "../../forms/index.js";

const badge: Record<SectionStatus, { kind: string; icon: string; key: string }> = {
  notStarted: { kind: "info", icon: "info", key: "applications.tasks.notStarted" },
  started: { kind: "warning", icon: "warning", key: "applications.tasks.started" },
  done: { kind: "success", icon: "success", key: "applications.tasks.done" },
  error: { kind: "danger", icon: "danger", key: "applications.tasks.error" },
};

function Status({ ctx, section, id }: { ctx: ViewContext; section: Section; id: string }) {
  const b = badge[section.status];
  return (
    <div class="kern-task-list__status" id={id}>
      <span class={`kern-badge kern-badge--${b.kind}`}>
        <span class={`kern-icon kern-icon--${b.icon}`} aria-hidden="true"></span>
        <span class="kern-label kern-label--small">{ctx.t(b.key)}</span>
      </span>
      {section.status === "error" && <span class="kern-sr-only">: {ctx.t("applications.tasks.errorCount", { n: section.errorCount })}</span>}
    </div>
  );
}

/** GOV.UK task list in KERN styling: one entry per page with its status; "check your answers" once complete. */
export function TaskListPage({ ctx, def, draftId, sections, complete }: { ctx: ViewContext; def: FormDefinition; draftId: string; sections: Section[]; complete: boolean }) {
  const base = `/antraege/entwurf/${draftId}`;
  const done = sections.filter((s) => s.status === "done").length;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading preline={def.title}>{ctx.t("applications.tasks.title")}</PageHeading>
      <p class="kern-body">{ctx.t("applications.tasks.lead")}</p>
      <p class="kern-body kp-task-progress">{ctx.t("applications.tasks.progress", { done, total: sections.length })}</p>
      <div class="kern-task-list">
        <div class="kern-task-list-group">
          <div>
            <div class="kern-task-list__header">
              <h2 class="kern-heading">{ctx.t("applications.tasks.sections")}</h2>
            </div>
            <ol class="kern-task-list__list">
              {sections.map((s, i) => (
                <li class="kern-task-list__item" id={`abschnitt-${s.pageId}`}>
                  <span class="kern-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  <div class="kern-task-list__title">
                    <a class="kern-link kern-link--stretched kern-task-list__content-wrapper" href={`${base}/${s.pageId}`} aria-describedby={`status-${s.pageId}`}>
                      <span>{s.title}</span>
                    </a>
                    <Status ctx={ctx} section={s} id={`status-${s.pageId}`} />
                  </div>
                </li>
              ))}
            </ol>
          </div>
          <div>
            <div class="kern-task-list__header">
              <h2 class="kern-heading">{ctx.t("applications.tasks.finish")}</h2>
            </div>
            <ol class="kern-task-list__list" start={sections.length + 1}>
              <li class="kern-task-list__item" id="abschnitt-pruefen">
                <span class="kern-number" aria-hidden="true">
                  {sections.length + 1}
                </span>
                <div class="kern-task-list__title">
                  {complete ? (
                    <a class="kern-link kern-link--stretched kern-task-list__content-wrapper" href={`${base}/pruefen`}>
                      <span>{ctx.t("applications.tasks.check")}</span>
                    </a>
                  ) : (
                    <div class="kern-task-list__content-wrapper">
                      <p class="kern-body">
                        {ctx.t("applications.tasks.check")}
                        <br />
                        <span class="kern-body kern-body--small">{ctx.t("applications.tasks.checkLocked")}</span>
                      </p>
                    </div>
                  )}
                </div>
              </li>
            </ol>
          </div>
        </div>
      </div>
    </div>
  );
}
