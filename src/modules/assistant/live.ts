/**
 * Who a person is handed to, and when (ADR 0076): the office named in the conversation's newest answer (else
 * the county authority), its on-duty hours and – on the phone – the extension a call is put through to.
 * Per-office settings are looked up by org unit key, walking up to the parent units (a department without an
 * entry takes its parent's).
 */
import type { FastifyInstance } from "fastify";
import { withinWeeklyHours, type WeeklyHours } from "../../platform/time/weeklyHours.js";
import { findCountyAuthority, orgUnitsByIds } from "../responsibility/index.js";
import type { ReplyLink } from "./db.js";

const OFFICE_URL = /^\/stellen\/([0-9a-f-]{36})$/;

/** The value set for the office or its nearest parent unit in a map keyed by org unit key; undefined if none. */
async function ofOfficeOrParent<T>(app: FastifyInstance, orgUnitId: string | null, byKey: ReadonlyMap<string, T>): Promise<T | undefined> {
  let id = orgUnitId;
  for (let depth = 0; id && byKey.size > 0 && depth < 6; depth++) {
    const unit = (await orgUnitsByIds(app.deps.db, [id]))[0];
    if (!unit) break;
    const own = byKey.get(unit.key);
    if (own !== undefined) return own;
    id = unit.parent_id;
  }
  return undefined;
}

/** The live hours of an office: its own (ASSISTANT_LIVE_OFFICE_HOURS), else the county-wide ASSISTANT_LIVE_HOURS. */
export async function liveHoursOf(app: FastifyInstance, orgUnitId: string | null): Promise<{ hours: WeeklyHours; hoursText: string }> {
  const cfg = app.deps.config.assistant.live;
  return (await ofOfficeOrParent(app, orgUnitId, cfg.officeHours)) ?? { hours: cfg.hours, hoursText: cfg.hoursText };
}

/** Whether the office is on duty now (its live hours, Berlin time). */
export async function onDuty(app: FastifyInstance, orgUnitId: string | null, at = new Date()): Promise<boolean> {
  return withinWeeklyHours((await liveHoursOf(app, orgUnitId)).hours, at);
}

/** The office named in the conversation's newest answer, else the county authority. */
export async function responsibleOffice(app: FastifyInstance, turns: ReadonlyArray<{ links: ReplyLink[] }>): Promise<string | null> {
  for (const t of [...turns].reverse()) {
    const office = t.links.find((l) => l.kind === "office");
    const id = office && OFFICE_URL.exec(office.url)?.[1];
    if (id) return id;
  }
  return (await findCountyAuthority(app.deps.db, app.deps.config.countyKey))?.id ?? null;
}

/**
 * The extension a call about this office is put through to now (ASSISTANT_PHONE_TRANSFER: the office's own or
 * its parent's, else "*"), or undefined when none is set or the office is off duty.
 */
export async function transferTarget(app: FastifyInstance, orgUnitId: string | null, at = new Date()): Promise<string | undefined> {
  const targets = app.deps.config.assistant.phoneTransfer;
  if (targets.size === 0) return undefined;
  const target = (await ofOfficeOrParent(app, orgUnitId, targets)) ?? targets.get("*");
  return target && (await onDuty(app, orgUnitId, at)) ? target : undefined;
}
