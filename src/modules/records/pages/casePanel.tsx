/**
 * The case page's panel of the E-Akte (registry.casePanels): the file the case is filed in, for staff who may read it.
 * Every document is counted, also those raised above the file's level; how many are raised is said (never their titles),
 * so a participating department, which does not get them on the file page, sees why it finds fewer there.
 */
import type { CasePanel } from "../../../platform/modules.js";
import { recordAccess } from "../policies.js";
import { fileOfCase } from "../queries.js";

export const filePanel: CasePanel = {
  order: 10,
  async render({ db, caseId, user, t }) {
    const access = await recordAccess(db, user, caseId);
    if (!access.read) return null;
    const file = await fileOfCase(db, caseId);
    return (
      <section aria-labelledby="records-panel-heading">
        <h2 class="kern-heading-medium" id="records-panel-heading">{t("records.panel.title")}</h2>
        {file ? (
          <p class="kern-body">
            <a class="kern-link" href={`/verwaltung/akten/${file.id}`}>{t("records.panel.file", { number: file.file_number })}</a>
            {" – "}
            {file.title} ({t(`records.status.${file.status}`)}, {t("records.panel.documents", { n: Number(file.documents ?? 0) })}
            {Number(file.raised ?? 0) > 0 ? t(access.write ? "records.panel.raised" : "records.panel.raisedWithheld", { n: Number(file.raised) }) : ""})
          </p>
        ) : (
          <p class="kern-body">{t("records.panel.notFiled")}</p>
        )}
      </section>
    );
  },
};
