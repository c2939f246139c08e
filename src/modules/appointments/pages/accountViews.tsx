/** "Meine Termine": the bookings of a signed-in citizen, each cancellable after a question (no JavaScript needed). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, DataTable, LinkLine, PageHeading } from "../../../platform/views/components.js";
import type { BookingView, LocationInfo } from "../queries.js";
import { berlinTime } from "../time.js";
import { whenLabel } from "./citizenViews.js";

export function MyAppointmentsPage({ ctx, bookings, locations, notice, now }: { ctx: ViewContext; bookings: BookingView[]; locations: Map<string, LocationInfo>; notice?: string; now: Date }) {
  const { t } = ctx;
  const active = (b: BookingView) => (b.status === "held" || b.status === "confirmed") && b.start > now;
  return (
    <>
      <PageHeading>{t("appt.account.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">{t("appt.account.lead")}</p>
      {bookings.length === 0 ? (
        <p class="kern-body">{t("appt.account.none")}</p>
      ) : (
        <DataTable
          caption={t("appt.account.caption")}
          head={[t("appt.account.col.service"), t("appt.account.col.when"), t("appt.account.col.where"), t("appt.account.col.status"), t("appt.account.col.code"), t("appt.account.col.action")]}
          rows={bookings.map((b) => {
            const loc = locations.get(b.locationKey);
            return [
              b.serviceName,
              <>{whenLabel(b.start, ctx)} {t("appt.until", { time: berlinTime(b.end) })}</>,
              loc ? `${loc.name}${loc.address ? `, ${loc.address}` : ""}` : b.locationKey,
              t(`appt.account.status.${b.status}`),
              b.code,
              active(b) ? (
                <a class="kern-link" href={`/konto/termine/${b.code}/absagen`} aria-label={t("appt.account.cancelLabel", { code: b.code })}>
                  {t("appt.account.cancel")}
                </a>
              ) : (
                ""
              ),
            ];
          })}
        />
      )}
      <p class="kern-body">{t("appt.account.push")}</p>
      <LinkLine href="/termine">{t("appt.account.book")}</LinkLine>
    </>
  );
}
