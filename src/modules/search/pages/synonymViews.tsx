import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextField, type FormState } from "../../../platform/views/components.js";
import { EditorNav } from "../../catalog/index.js";

/** /verwaltung/synonyme: the editorial synonyms of the search (search owns search_synonyms). */
export function SynonymsPage({ ctx, rows, form, notice }: { ctx: ViewContext; rows: Array<{ id: string; term: string; expansions: string[] }>; form: FormState; notice?: "saved" | "deleted" }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      {notice && <Alert kind="success" title={t(`search.synonyms.${notice}`)} />}
      <ErrorSummary form={form} t={t} />
      <PageHeading preline={t("catalog.editor.title")}>{t("search.synonyms.title")}</PageHeading>
      <p class="kern-body">{t("search.synonyms.lead")}</p>
      <EditorNav ctx={ctx} />
      <section aria-labelledby="synonym-neu" class="kern-stack kp-narrow">
        <h2 class="kern-heading-medium" id="synonym-neu">
          {t("search.synonyms.addTitle")}
        </h2>
        <p class="kern-body">{t("search.synonyms.addHint")}</p>
        <form method="post" action="/verwaltung/synonyme" novalidate class="kern-stack">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="term" label={t("search.synonyms.term")} form={form} required maxLength={80} />
          <TextField name="expansions" label={t("search.synonyms.expansions")} hint={t("search.synonyms.expansions.hint")} form={form} required maxLength={500} />
          <div>
            <Button>{t("search.synonyms.add")}</Button>
          </div>
        </form>
      </section>
      {rows.length === 0 ? (
        <p class="kern-body">{t("search.synonyms.none")}</p>
      ) : (
        <DataTable
          caption={t("search.synonyms.title")}
          head={[t("search.synonyms.term"), t("search.synonyms.expansions"), t("search.synonyms.col.actions")]}
          rows={rows.map((r) => [
            r.term,
            r.expansions.join(", "),
            <form method="post" action={`/verwaltung/synonyme/${r.id}/loeschen`} class="kp-inline-form">
              <CsrfField token={ctx.csrfToken} />
              {/* Visible text first in the accessible name (WCAG 2.5.3), the term for screen readers. */}
              <button type="submit" class="kern-btn kern-btn--tertiary">
                <span class="kern-label">
                  {t("search.synonyms.delete")}
                  <span class="kern-sr-only">: {r.term}</span>
                </span>
              </button>
            </form>,
          ])}
        />
      )}
    </div>
  );
}

