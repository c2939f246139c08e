/**
 * The department report (staff only): read live through the owners' index (cases, appointments), never from
 * their tables. Small counts are not suppressed here: staff see their own cases anyway.
 */
import type { Db } from "../../platform/db/index.js";
import { toCsv } from "../../platform/csv.js";
import { departmentCaseReport, type DepartmentCaseReport } from "../cases/index.js";
import { locationUtilisation } from "../appointments/index.js";

export const REPORT_AGES = ["0-7", "8-30", "31-90", "90+"] as const;
export const REPORT_PARTS = ["offen", "beteiligungen", "durchsatz", "termine"] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];
export const isReportPart = (v: string): v is ReportPart => (REPORT_PARTS as readonly string[]).includes(v);

export interface DepartmentReport {
  open: Array<{ status: string; byAge: number[]; total: number }>;
  overdue: DepartmentCaseReport["overdueParticipations"];
  throughput: DepartmentCaseReport["throughput"];
  utilisation: Array<{ name: string; openHours: number; bookedHours: number; utilisation: number | null; booked: number; kept: number; noShow: number; cancelled: number }>;
}

const hours = (min: number) => Math.round(min / 6) / 10;

export async function loadDepartmentReport(db: Db, o: { unitId: string; from: string; to: string; today: string }): Promise<DepartmentReport> {
  const [cases, appts] = await Promise.all([departmentCaseReport(db, { unitIds: [o.unitId], from: o.from, to: o.to, today: o.today }), locationUtilisation(db, { unitIds: [o.unitId], from: o.from, to: o.to })]);
  const statuses = [...new Set(cases.openByStatus.map((r) => r.status))];
  return {
    open: statuses.map((status) => {
      const byAge = REPORT_AGES.map((a) => cases.openByStatus.find((r) => r.status === status && r.age === a)?.count ?? 0);
      return { status, byAge, total: byAge.reduce((x, y) => x + y, 0) };
    }),
    overdue: cases.overdueParticipations,
    throughput: cases.throughput,
    utilisation: appts.map((u) => ({
      name: u.name,
      openHours: hours(u.openMinutes),
      bookedHours: hours(u.bookedMinutes),
      utilisation: u.openMinutes > 0 ? Math.round((1000 * u.bookedMinutes) / u.openMinutes) / 10 : null,
      booked: u.booked,
      kept: u.kept,
      noShow: u.noShow,
      cancelled: u.cancelled,
    })),
  };
}

/** One part of the report as CSV (column keys as header, like the public data sets). */
export function reportCsv(r: DepartmentReport, part: ReportPart, statusLabel: (s: string) => string): string {
  switch (part) {
    case "offen":
      return toCsv(["status", ...REPORT_AGES.map((a) => `age_${a}`), "total"], r.open.map((o) => [statusLabel(o.status), ...o.byAge, o.total]));
    case "beteiligungen":
      return toCsv(["reference", "service", "participation", "due", "side"], r.overdue.map((o) => [o.reference, o.service, o.label, o.dueDate, o.side]));
    case "durchsatz":
      return toCsv(["week", "received", "decided"], r.throughput.map((w) => [w.week, w.received, w.decided]));
    case "termine":
      return toCsv(["location", "open_hours", "booked_hours", "utilisation_percent", "booked", "kept", "no_show", "cancelled"], r.utilisation.map((u) => [u.name, u.openHours, u.bookedHours, u.utilisation, u.booked, u.kept, u.noShow, u.cancelled]));
  }
}
