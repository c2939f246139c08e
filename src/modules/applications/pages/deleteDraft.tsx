/** "Entwurf löschen": the confirmation page (a plain form, works without JavaScript). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CsrfField, PageHeading, LinkLine } from "../../../platform/views/components.js";

export function DeleteDraftPage({ ctx, draftId, title, savedAt, files, backHref }: { ctx: ViewContext; draftId: string; title: string; savedAt: Date; files: number; backHref: string }) {
  const when = savedAt.toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" });
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{ctx.t("applications.deleteDraft.title")}</PageHeading>
      <p class="kern-body">{ctx.t("applications.deleteDraft.question", { title, when })}</p>
      <p class="kern-body">{ctx.t(files > 0 ? "applications.deleteDraft.withFiles" : "applications.deleteDraft.final", { n: files })}</p>
      <form method="post" action={`/antraege/entwurf/${draftId}/loeschen`}>
        <CsrfField token={ctx.csrfToken} />
        <Button>{ctx.t("applications.deleteDraft.confirm")}</Button>
      </form>
      <LinkLine href={backHref}>{ctx.t("applications.deleteDraft.cancel")}</LinkLine>
    </div>
  );
}
