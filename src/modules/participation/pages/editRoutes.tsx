/**
 * Staff: edit a procedure (its fields and the period of its current phase) and start a repeated display
 * (erneute Auslegung, § 4a Abs. 3 BauGB). Commands in commands/procedureEditor.ts (audited, one transaction).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { addDays, berlinDate, berlinToUtc, isDate } from "../../../platform/time/berlin.js";
import { Alert, Button, CheckboxGroup, CsrfField, ErrorSummary, LinkLine, PageHeading, RadioGroup, TextArea, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { findMunicipality, listMunicipalities, servedKreise } from "../../geo/index.js";
import { authorityKey, orgUnitsByKeys } from "../../responsibility/index.js";
import { procedureEditor, redisplayStarter, type EditRefusal } from "../commands/procedureEditor.js";
import { PHASE_KINDS, PROCEDURE_KINDS, type PhaseKind, type ProcedureKind } from "../db.js";
import { participationAgencyMessages } from "../agencyMessages.js";
import { participationDeadlineMessages } from "../deadlineMessages.js";
import { participationEditMessages } from "../editMessages.js";
import { participationMessages } from "../messages.js";
import { authorizeManage, canCreateFor } from "../policies.js";
import { agencyRedisplayMail, endParts, periodText } from "../presenters.js";
import { consultedAgencies, currentPhase, findProcedure, listInvitations, redisplayPossible, weighingPublishedAt, type ConsultedAgency, type PhaseInfo, type ProcedureDetail } from "../queries.js";
import { ProcedureBaseFields, procedureLabels } from "./views.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const mailT = translatorFor(participationMessages, participationAgencyMessages, participationDeadlineMessages, participationEditMessages)("de");

type Place = { ags: string; ars: string; name: string; unitId: string };
type PhaseState = "upcoming" | "running" | "ended";

/** The last day (Berlin) of a period that ends (exclusive) at `end`. */
const lastDayOf = (end: Date) => berlinDate(new Date(end.getTime() - 1));
const stateOf = (ph: PhaseInfo, now: number): PhaseState => (ph.startsAt.getTime() > now ? "upcoming" : ph.endsAt.getTime() > now ? "running" : "ended");

function EditPage({ ctx, p, places, phase, state, form, published }: { ctx: ViewContext; p: ProcedureDetail; places: Place[]; phase?: PhaseInfo; state?: PhaseState; form: FormState; published: boolean }) {
  const { t } = ctx;
  const labels = procedureLabels(t);
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading preline={p.title}>{t("participation.edit.title", { title: p.title })}</PageHeading>
      {published ? (
        <Alert kind="warning" title={t("participation.edit.error.published")} />
      ) : (
        <form method="post" action={`/verwaltung/beteiligung/${p.id}/bearbeiten`} novalidate class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          <p class="kern-body">{t("participation.edit.intro")}</p>
          <ProcedureBaseFields ctx={ctx} form={form} places={places} labels={labels} />
          {phase && (
            <>
              <h2 class="kern-heading-medium">{t("participation.edit.phaseHeading", { phase: t(`participation.phase.${phase.kind}`) })}</h2>
              {state === "upcoming" && <p class="kern-body">{t("participation.edit.upcoming")}</p>}
              {state === "running" && <p class="kern-body">{t("participation.edit.running", { start: formatDay(phase.startsAt) })}</p>}
              {state === "ended" && (
                <p class="kern-body">
                  {t("participation.edit.ended", { period: periodText(t, phase) })}
                  {redisplayPossible(p.phases) && (
                    <>
                      {" "}
                      <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/erneute-auslegung`}>
                        {t("participation.redisplay.link")}
                      </a>
                    </>
                  )}
                </p>
              )}
              {state === "upcoming" && phase.kind !== "redisplay" && <RadioGroup name="phase" label={labels.phase} form={form} required options={PHASE_KINDS.map((k) => ({ value: k, label: t(`participation.phase.${k}`) }))} />}
              {state === "upcoming" && <TextField name="von" type="date" label={labels.von} hint={t("participation.staff.field.dateHint")} form={form} required />}
              {state !== "ended" && <TextField name="bis" type="date" label={labels.bis} hint={t("participation.staff.field.dateHint")} form={form} required />}
              <TextArea name="bekanntmachung" label={labels.bekanntmachung} form={form} rows={4} maxLength={10000} optional />
            </>
          )}
          <Button>{t("participation.edit.save")}</Button>
        </form>
      )}
      <LinkLine href={`/verwaltung/beteiligung/${p.id}`}>{t("participation.staff.back")}</LinkLine>
    </div>
  );
}

function RedisplayPage({ ctx, p, form, refusal, agencies }: { ctx: ViewContext; p: ProcedureDetail; form: FormState; refusal?: string; agencies: ConsultedAgency[] }) {
  const { t } = ctx;
  const labels = { grund: t("participation.redisplay.reason"), von: t("participation.redisplay.from"), bis: t("participation.redisplay.to"), bekanntmachung: t("participation.staff.field.announcement"), traeger: t("participation.redisplay.agencies") };
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading preline={p.title}>{t("participation.redisplay.title")}</PageHeading>
      {refusal ? (
        <Alert kind="warning" title={refusal} />
      ) : (
        <>
          <p class="kern-body">{t("participation.redisplay.intro")}</p>
          <ul class="kern-list">
            {p.phases.map((ph) => (
              <li>
                {t(`participation.phase.${ph.kind}`)}: {periodText(t, ph)}
              </li>
            ))}
          </ul>
          {agencies.length > 0 && <p class="kern-body">{t("participation.redisplay.agenciesNote", { n: agencies.length })}</p>}
          <form method="post" action={`/verwaltung/beteiligung/${p.id}/erneute-auslegung`} novalidate class="kern-stack kp-narrow">
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="grund" label={labels.grund} hint={t("participation.redisplay.reasonHint")} form={form} rows={4} maxLength={2000} />
            <TextField name="von" type="date" label={labels.von} hint={t("participation.staff.field.dateHint")} form={form} required />
            <TextField name="bis" type="date" label={labels.bis} hint={t("participation.staff.field.dateHint")} form={form} required />
            <TextArea name="bekanntmachung" label={labels.bekanntmachung} form={form} rows={4} maxLength={10000} optional />
            {/* Which of the agencies consulted before are invited again (all checked at first; plain checkboxes, no JavaScript). */}
            {agencies.length > 0 && <CheckboxGroup name="traeger" label={labels.traeger} hint={t("participation.redisplay.agenciesHint")} form={form} options={agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))} />}
            <Button>{t("participation.redisplay.start")}</Button>
          </form>
        </>
      )}
      <LinkLine href={`/verwaltung/beteiligung/${p.id}`}>{t("participation.staff.back")}</LinkLine>
    </div>
  );
}

const refusalField: Record<EditRefusal, { field: string; key: string }> = {
  published: { field: "titel", key: "participation.edit.error.published" },
  missing: { field: "titel", key: "participation.edit.error.published" },
  ended: { field: "bis", key: "participation.edit.error.ended" },
  shorten: { field: "bis", key: "participation.edit.error.shorten" },
  start_fixed: { field: "von", key: "participation.edit.error.startFixed" },
  kind_fixed: { field: "phase", key: "participation.edit.error.kindFixed" },
};

export async function participationEditPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  /** The municipalities the user may run procedures for (as for creating one: their org units; administrators all). */
  async function creatablePlaces(req: FastifyRequest): Promise<Place[]> {
    const list = await listMunicipalities(db, servedKreise(config));
    const units = await orgUnitsByKeys(db, list.map((m) => authorityKey(m.ags)));
    const unitOf = new Map(units.map((u) => [u.key, u.id]));
    return list.flatMap((m) => {
      const unitId = unitOf.get(authorityKey(m.ags));
      return unitId && canCreateFor(req.user, unitId) ? [{ ags: m.ags, ars: m.ars, name: m.short_name, unitId }] : [];
    });
  }

  async function loadStaff(req: FastifyRequest<{ Params: { id: string } }>) {
    const p = await findProcedure(db, { id: req.params.id });
    authorizeManage(req.user, p);
    const published = (await weighingPublishedAt(db, p.id)) !== null;
    return { p, published };
  }

  const editPage = async (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, form: FormState, published: boolean, status = 200) => {
    const places = await creatablePlaces(req);
    const phase = currentPhase(p.phases);
    const state = phase && stateOf(phase, Date.now());
    return reply.page(req.t("participation.edit.title", { title: p.title }), (ctx) => <EditPage ctx={ctx} p={p} places={places} phase={phase} state={state} form={form} published={published} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/bearbeiten", { preHandler: requireStaff }, async (req, reply) => {
    const { p, published } = await loadStaff(req);
    const ph = currentPhase(p.phases);
    const values: Record<string, string> = { titel: p.title, art: p.kind, gemeinde: p.ags, beschreibung: p.description };
    if (ph) Object.assign(values, { phase: ph.kind, von: berlinDate(ph.startsAt), bis: lastDayOf(ph.endsAt), bekanntmachung: ph.announcement });
    return editPage(req, reply, p, emptyForm(values), published);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/bearbeiten", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, published } = await loadStaff(req);
    const values = readForm(req.body, ["titel", "art", "gemeinde", "beschreibung", "phase", "von", "bis", "bekanntmachung"] as const);
    if (published) return editPage(req, reply, p, emptyForm(values), true, 409);
    const form = validate(values, { titel: [rules.required(), rules.minLength(3), rules.maxLength(200)], beschreibung: [rules.maxLength(20000)], bekanntmachung: [rules.maxLength(10000)] }, req.t);
    if (!PROCEDURE_KINDS.includes(values.art as ProcedureKind)) form.errors.art = req.t("participation.staff.error.choice");
    const place = (await creatablePlaces(req)).find((m) => m.ags === values.gemeinde);
    if (!place) form.errors.gemeinde = req.t("participation.staff.error.municipality");
    const ph = currentPhase(p.phases);
    const state = ph && stateOf(ph, Date.now());
    const today = berlinDate(new Date());
    let phase: { id: string; kind: PhaseKind; startsAt: Date; endsAt: Date; announcement: string } | undefined;
    if (ph) {
      // What the form may change depends on where the phase stands (read again by the command under a row lock).
      let kind = ph.kind;
      let von = berlinDate(ph.startsAt);
      let bis = lastDayOf(ph.endsAt);
      if (state === "upcoming") {
        if (ph.kind !== "redisplay") {
          if (!PHASE_KINDS.includes(values.phase as PhaseKind)) form.errors.phase = req.t("participation.staff.error.choice");
          else kind = values.phase as PhaseKind;
        }
        if (!isDate(values.von)) form.errors.von = req.t("participation.staff.error.date");
        else if (values.von < today && values.von !== von) form.errors.von = req.t("participation.edit.error.startPast");
        else von = values.von;
      }
      if (state !== "ended") {
        if (!isDate(values.bis)) form.errors.bis = req.t("participation.staff.error.date");
        else if (!form.errors.von && values.bis < von) form.errors.bis = req.t("participation.staff.error.order");
        else if (state === "running" && values.bis < bis) form.errors.bis = req.t("participation.edit.error.shorten", { day: formatDay(new Date(ph.endsAt.getTime() - 1)) });
        else bis = values.bis;
      }
      phase = { id: ph.id, kind, startsAt: state === "upcoming" ? berlinToUtc(von, 0) : ph.startsAt, endsAt: state === "ended" ? ph.endsAt : berlinToUtc(addDays(bis, 1), 0), announcement: values.bekanntmachung };
    }
    if (Object.keys(form.errors).length || !place) return editPage(req, reply, p, form, false, 422);
    const municipality = place.name;
    const result = await procedureEditor(ctxOf(req), {
      procedureId: p.id,
      fields: { kind: values.art as ProcedureKind, title: values.titel, description: values.beschreibung, ags: place.ags, ars: place.ars, orgUnitId: place.unitId },
      ...(phase ? { phase } : {}),
      mail: ({ endsAt, agencyDeadline }) => {
        const phaseName = mailT(`participation.phase.${phase!.kind}`);
        const own = endParts(agencyDeadline);
        return {
          subject: mailT("participation.deadline.mail.phaseSubject", { phase: phaseName, title: values.titel }),
          text: mailT("participation.deadline.mail.phaseText", { title: values.titel, municipality, phase: phaseName, ...endParts(endsAt), agencyDay: own.day, agencyTime: own.time, county: app.deps.county.name }),
        };
      },
    });
    if (!result.ok) {
      const r = refusalField[result.reason];
      form.errors[r.field] = req.t(r.key, { day: ph ? formatDay(new Date(ph.endsAt.getTime() - 1)) : "" });
      const fresh = (await findProcedure(db, { id: p.id })) ?? p;
      return editPage(req, reply, fresh, form, result.reason === "published", result.reason === "shorten" ? 422 : 409);
    }
    if (result.refs.length) await deliverQueuedMails(db, app.deps.mailer, { refs: result.refs }).catch((err: unknown) => req.log.warn({ err }, "participation mails deferred"));
    return reply.redirect(`/verwaltung/beteiligung/${p.id}?bearbeitet=${result.changed.length ? 1 : 0}`, 303);
  });

  // ---- Repeated display (erneute Auslegung, § 4a Abs. 3 BauGB).
  const redisplayRefusal = (req: FastifyRequest, p: ProcedureDetail, published: boolean) => (published ? req.t("participation.edit.error.published") : redisplayPossible(p.phases) ? undefined : req.t("participation.redisplay.error.notEnded"));
  const redisplayPage = async (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, form: FormState, refusal: string | undefined, status = 200, agencies?: ConsultedAgency[]) => {
    agencies ??= consultedAgencies(await listInvitations(db, p.id));
    return reply.page(req.t("participation.redisplay.title"), (ctx) => <RedisplayPage ctx={ctx} p={p} form={form} refusal={refusal} agencies={agencies} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/erneute-auslegung", { preHandler: requireStaff }, async (req, reply) => {
    const { p, published } = await loadStaff(req);
    // Every agency consulted before is checked at first.
    const agencies = consultedAgencies(await listInvitations(db, p.id));
    return redisplayPage(req, reply, p, emptyForm({ traeger: agencies.map((a) => a.id).join(" ") }), redisplayRefusal(req, p, published), 200, agencies);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/erneute-auslegung", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, published } = await loadStaff(req);
    const values = readForm(req.body, ["grund", "von", "bis", "bekanntmachung"] as const);
    const raw = (req.body as Record<string, unknown> | undefined)?.traeger;
    const chosenIds = [...new Set((Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === "string" && x !== ""))];
    const agencies = consultedAgencies(await listInvitations(db, p.id));
    const refusal = redisplayRefusal(req, p, published);
    if (refusal) return redisplayPage(req, reply, p, emptyForm({ ...values, traeger: chosenIds.join(" ") }), refusal, 409, agencies);
    const form = validate({ ...values, traeger: chosenIds.join(" ") }, { grund: [rules.required("participation.redisplay.error.reason"), rules.maxLength(2000)], bekanntmachung: [rules.maxLength(10000)] }, req.t);
    if (!form.errors.grund && values.grund.length < 10) form.errors.grund = req.t("participation.redisplay.error.reason");
    if (!isDate(values.von)) form.errors.von = req.t("participation.staff.error.date");
    else if (values.von < berlinDate(new Date())) form.errors.von = req.t("participation.redisplay.error.startPast");
    if (!isDate(values.bis)) form.errors.bis = req.t("participation.staff.error.date");
    else if (!form.errors.von && values.bis < values.von) form.errors.bis = req.t("participation.staff.error.order");
    // At least one of the agencies consulted before; only those offered (a stale form's id is refused at the field).
    if (agencies.length > 0 && chosenIds.length === 0) form.errors.traeger = req.t("participation.redisplay.error.agencies");
    else if (chosenIds.some((id) => !agencies.some((a) => a.id === id))) form.errors.traeger = req.t("participation.redisplay.error.agenciesStale");
    if (Object.keys(form.errors).length) return redisplayPage(req, reply, p, form, undefined, 422, agencies);
    const startsAt = berlinToUtc(values.von, 0);
    const endsAt = berlinToUtc(addDays(values.bis, 1), 0);
    const municipality = (await findMunicipality(db, p.ags))?.short_name ?? p.ags;
    const result = await redisplayStarter(ctxOf(req), {
      procedureId: p.id,
      startsAt,
      endsAt,
      lastDay: values.bis,
      reason: values.grund,
      announcement: values.bekanntmachung,
      graceDays: config.participation.agencyGraceDays,
      invitedBy: req.user!.id,
      // The agencies' deadline is the repeated display's last day, as the period is what they are consulted on.
      agencyInvitationIds: chosenIds,
      mail: agencyRedisplayMail(mailT, { title: p.title, municipality, county: app.deps.county.name, publicUrl: config.publicUrl, period: periodText(mailT, { startsAt, endsAt }), reason: values.grund }),
    });
    if (!result.ok && result.reason === "agencies") {
      // Another invitation changed the list meanwhile: the form again with the current agencies.
      form.errors.traeger = req.t("participation.redisplay.error.agenciesStale");
      return redisplayPage(req, reply, p, form, undefined, 422);
    }
    if (!result.ok) return redisplayPage(req, reply, p, form, result.reason === "published" ? req.t("participation.edit.error.published") : req.t("participation.redisplay.error.notEnded"), 409, agencies);
    if (result.refs.length) await deliverQueuedMails(db, app.deps.mailer, { refs: result.refs }).catch((err: unknown) => req.log.warn({ err }, "participation mails deferred"));
    return reply.redirect(`/verwaltung/beteiligung/${p.id}?erneut=1${result.refs.length ? `&eingeladen=${result.refs.length}` : ""}`, 303);
  });
}
