/** The case page's panel of the E-Akte (registry.casePanels): the file the case is filed in, for staff who may read it. */
import type { CasePanel } from "../../../platform/modules.js";
import { recordAccess } from "../policies.js";
import { fileOfCase } from "../queries.js";

export const filePanel: CasePanel = {
  order: 10,
  async render({ db, caseId, user, t }) {
    if (!(await recordAccess(db, user, caseId)).read) return null;
    const file = await fileOfCase(db, caseId);
    return (
      <section aria-labelledby="records-panel-heading">
        <h2 class="kern-heading-medium" id="records-panel-heading">{t("records.panel.title")}</h2>
        {file ? (
          <p class="kern-body">
            <a class="kern-link" href={`/verwaltung/akten/${file.id}`}>{t("records.panel.file", { number: file.file_number })}</a>
            {" – "}
            {file.title} ({t(`records.status.${file.status}`)}, {t("records.panel.documents", { n: Number(file.documents ?? 0) })})
          </p>
        ) : (
          <p class="kern-body">{t("records.panel.notFiled")}</p>
        )}
      </section>
    );
  },
};
