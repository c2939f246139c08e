/** Other modules' open tasks in the staff inbox (registry.staffTasks): each source lists what the account may do. */
import type { ComponentChildren } from "preact";
import type { StaffTask } from "../../../platform/modules.js";
import type { ViewContext } from "../../../platform/views/context.js";

export interface StaffTaskGroup {
  label: string;
  tasks: StaffTask[];
}

const fmtDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

/** The groups with tasks, each a heading and a list of links with their deadline. */
export function StaffTaskGroups({ ctx, groups }: { ctx: ViewContext; groups: StaffTaskGroup[] }): ComponentChildren {
  const { t } = ctx;
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="weitere-aufgaben" class="kern-stack">
      <h2 class="kern-heading-medium" id="weitere-aufgaben">
        {t("cases.tasks.title")}
      </h2>
      {groups.map((g) => (
        <>
          <h3 class="kern-heading-small">{t(g.label)}</h3>
          <ul class="kern-list">
            {g.tasks.map((task) => (
              <li>
                <a class="kern-link" href={task.url}>
                  {task.title}
                </a>
                {task.due && <> – {t("cases.tasks.due", { date: fmtDate(task.due) })}</>}
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}
