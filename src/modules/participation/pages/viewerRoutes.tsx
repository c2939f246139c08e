/**
 * The PDF viewer of a procedure's document (issue 18): PDF.js (pdfjs-dist, served from node_modules under
 * /assets/pdfjs/, same origin, strict CSP) draws each page with a text layer; clicking a paragraph or selecting
 * text points the link "Zu dieser Stelle Stellung nehmen" to the statement form with document and place filled in
 * (public/participation-pdf.js). Without JavaScript: download and the form with the document preselected.
 */
import type { FastifyInstance } from "fastify";
import { Alert, LinkLine, PageHeading } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { findDocument, findProcedure, type ProcedureDetail } from "../queries.js";
import { documentPages, type DocumentText } from "../documentQueries.js";

function ViewerPage({ ctx, p, doc }: { ctx: ViewContext; p: ProcedureDetail; doc: { id: string; title: string } }) {
  const { t } = ctx;
  const base = `/beteiligung/${p.slug}`;
  const form = `${base}/stellungnahme?unterlage=${doc.id}`;
  return (
    <div class="kern-stack">
      <PageHeading preline={p.title}>{t("participation.viewer.title", { title: doc.title })}</PageHeading>
      <p class="kern-body">{t("participation.viewer.intro")}</p>
      <p class="kern-body kp-pdf-fallback">{t("participation.viewer.fallback")}</p>
      <LinkLine href={`${base}/unterlagen/${doc.id}`}>{t("participation.viewer.download")}</LinkLine>
      <LinkLine href={`${base}/unterlagen/${doc.id}/text`}>{t("participation.text.link")}</LinkLine>
      <div class="kp-pdf-choice">
        <p class="kern-body" id="pdf-choice" role="status" aria-live="polite">
          {t("participation.viewer.none")}
        </p>
        <p class="kern-body">
          <a class="kern-link" id="pdf-comment" href={form}>
            {t("participation.viewer.comment")}
          </a>
        </p>
      </div>
      <div
        id="pdf-viewer"
        class="kp-pdf"
        data-src={`${base}/unterlagen/${doc.id}`}
        data-form={form}
        data-t-page-of={t("participation.viewer.pageOf")}
        data-t-page={t("participation.viewer.page")}
        data-t-place={t("participation.viewer.place")}
        data-t-chosen={t("participation.viewer.chosen")}
        data-t-comment-here={t("participation.viewer.commentHere")}
        data-t-loading={t("participation.viewer.loading")}
        data-t-error={t("participation.viewer.error")}
        data-t-choose-page={t("participation.viewer.choosePage")}
        data-t-zoom={t("participation.viewer.zoom")}
        data-t-zoom-in={t("participation.viewer.zoomIn")}
        data-t-zoom-out={t("participation.viewer.zoomOut")}
        data-t-zoom-label={t("participation.viewer.zoomLabel")}
        data-t-pages={t("participation.viewer.pages", { title: doc.title })}
      ></div>
      <div class="kp-pdf-error" hidden>
        <Alert kind="warning" title={t("participation.viewer.error")} />
      </div>
      <LinkLine href={base}>{t("participation.receipt.back")}</LinkLine>
      <link rel="stylesheet" href="/assets/participation-pdf.css" />
      <script type="module" src="/assets/participation-pdf.js"></script>
    </div>
  );
}

/** The document's text page by page, read by the job after upload: for readers without JavaScript (and screen readers). */
function TextPage({ ctx, p, doc, text: read }: { ctx: ViewContext; p: ProcedureDetail; doc: { id: string; title: string }; text: DocumentText }) {
  const { t } = ctx;
  const base = `/beteiligung/${p.slug}`;
  const form = (place?: string) => `${base}/stellungnahme?unterlage=${doc.id}${place ? `&stelle=${encodeURIComponent(place)}` : ""}`;
  return (
    <div class="kern-stack">
      <PageHeading preline={p.title}>{t("participation.text.title", { title: doc.title })}</PageHeading>
      <p class="kern-body">{t("participation.text.intro")}</p>
      <LinkLine href={`${base}/unterlagen/${doc.id}`}>{t("participation.viewer.download")}</LinkLine>
      {read.status === "pending" ? (
        <Alert kind="info" title={t("participation.text.pending")} />
      ) : read.status === "failed" ? (
        <Alert kind="info" title={t("participation.text.none")} />
      ) : (
        read.pages.map(({ text, method }, i, pages) => {
          const page = t("participation.viewer.page", { n: i + 1 });
          return (
            <section class="kern-stack" aria-labelledby={`seite-${i + 1}`}>
              <h2 class="kern-heading-medium" id={`seite-${i + 1}`}>
                {t("participation.viewer.pageOf", { n: i + 1, total: pages.length })}
              </h2>
              {method === "ocr" && <p class="kern-hint">{t("participation.text.ocrPage")}</p>}
              {text === "" ? <p class="kern-body">{t("participation.text.emptyPage")}</p> : text.split(/\n{2,}/).map((para) => <p class="kern-body">{para.split("\n").flatMap((line, j) => (j === 0 ? [line] : [<br />, line]))}</p>)}
              <p class="kern-body">
                <a class="kern-link" href={form(page)}>
                  {t("participation.text.commentPage", { n: i + 1 })}
                </a>
              </p>
            </section>
          );
        })
      )}
      <LinkLine href={form()}>{t("participation.viewer.comment")}</LinkLine>
      <LinkLine href={base}>{t("participation.receipt.back")}</LinkLine>
    </div>
  );
}

export async function participationViewerPages(app: FastifyInstance) {
  const { db } = app.deps;
  app.get<{ Params: { slug: string; id: string } }>("/beteiligung/:slug/unterlagen/:id/ansehen", async (req, reply) => {
    const p = await findProcedure(db, { slug: req.params.slug });
    const doc = p && (await findDocument(db, p.id, req.params.id));
    if (!p || !doc) return reply.callNotFound();
    return reply.page(req.t("participation.viewer.title", { title: doc.title }), (ctx) => <ViewerPage ctx={ctx} p={p} doc={doc} />);
  });

  app.get<{ Params: { slug: string; id: string } }>("/beteiligung/:slug/unterlagen/:id/text", async (req, reply) => {
    const p = await findProcedure(db, { slug: req.params.slug });
    const doc = p && (await findDocument(db, p.id, req.params.id));
    if (!p || !doc) return reply.callNotFound();
    const text = await documentPages(db, doc.id);
    if (!text) return reply.callNotFound();
    return reply.page(req.t("participation.text.title", { title: doc.title }), (ctx) => <TextPage ctx={ctx} p={p} doc={doc} text={text} />);
  });
}
