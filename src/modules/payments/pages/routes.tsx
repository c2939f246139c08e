import type { PaymentSubjectType } from "../db.js";
import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { capabilityCode, verifyCapability } from "../../../platform/auth/capabilities.js";
import { readForm } from "../../../platform/forms.js";
import { formatDateTime, formatDay, formatEuro } from "../../../platform/i18n/format.js";
import { renderPdf } from "../../../platform/pdf/renderPdf.js";
import { berlinTime } from "../../../platform/time/berlin.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { appendAudit } from "../../../platform/audit/index.js";
import { openItemImporter } from "../commands/openItemImporter.js";
import { normaliseKassenzeichen, normalisePlate, parseDate, parseOpenItemsCsv } from "../openItems.js";
import { authorizePayments, canViewOpenItem } from "../policies.js";
import { PaymentProviderError, type PaymentProvider } from "../providers/types.js";
import { isPaymentStatus } from "../providers/xbezahldienste/protocol.js";
import { findOpenItem, findTransaction, listTransactions, orgUnitKeys } from "../queries.js";
import { reconcileStale, settleOnReturn, startFinePayment } from "../service.js";
import { FineOpenPage, FinesSearchPage, HandoverPage, ImportPage, MessagePage, ReceiptPage, StaffListPage } from "./views.js";

/** Capability kind of receipt links: whoever came back from the provider (or holds the link) sees the receipt (ADR 0023). */
const RECEIPT_CAPABILITY = "payment-receipt";
/** Our page that sends the citizen on to the pay page of the provider. */
export const handoverPath = (transactionId: string) => `/zahlung/${transactionId}/weiter`;
const receiptQuery = (code: string) => `?code=${encodeURIComponent(code)}`;

const lookupLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };

/** Citizen pages (fines, return from the provider, receipts) and staff pages (reconciliation, import). */
/** "Art" column of the staff CSV (German, like the file's other headings). */
const SUBJECT_LABELS: Record<PaymentSubjectType, string> = { application: "Antrag", fine: "Bußgeld", learning: "Online-Kurs", roadworks: "Baustelle", roadworks_refusal: "Baustelle (Ablehnung)", roadworks_special_use: "Baustelle (Sondernutzung)" };

export async function paymentPages(app: FastifyInstance, provider: PaymentProvider | undefined) {
  const { db, config } = app.deps;
  const secret = config.sessionSecret;
  const fineReceiptPath = async (id: string) => `/bussgeld-bezahlen/quittung/${id}${receiptQuery(await capabilityCode(db, secret, RECEIPT_CAPABILITY, id))}`;
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id, paymentSubjects: app.registry.paymentSubjects });
  const message = (reply: FastifyReply, title: string, kind: "info" | "success" | "warning" | "danger", text: string, status = 200, link?: { href: string; label: string }) =>
    reply.page(title, () => <MessagePage title={title} kind={kind} text={text} link={link} />, { status, noindex: true });

  // ---- paying a fine
  app.get("/bussgeld-bezahlen", async (req, reply) =>
    reply.page(req.t("fines.title"), (ctx) => <FinesSearchPage ctx={ctx} form={emptyForm()} notice={provider ? undefined : req.t("fines.unavailable")} />),
  );

  /** Looks a fine up by Kassenzeichen and plate; undefined for "not found" and for a wrong plate alike. */
  const lookup = async (kzRaw: string, plateRaw: string) => {
    const kz = normaliseKassenzeichen(kzRaw);
    const plate = plateRaw ? normalisePlate(plateRaw) : "";
    const item = kz ? await findOpenItem(db, kz) : undefined;
    if (!item || item.status === "withdrawn" || !canViewOpenItem(item, plate)) return undefined;
    return { item, plate };
  };

  const showFine = async (req: FastifyRequest, reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof lookup>>>, notice?: string, status = 200) => {
    const { item, plate } = found;
    if (item.status === "paid") {
      const paid = await findTransaction(db, item.paid_transaction_id!);
      return message(reply, req.t("fines.paid.title"), "info", req.t("fines.paid.text", { kz: item.kassenzeichen, date: paid?.paid_at ? formatDateTime(paid.paid_at, req.locale) : "–" }), 200);
    }
    return reply.page(`${req.t("fines.open.title")}: ${formatEuro(item.amount_cents)}`, (ctx) => <FineOpenPage ctx={ctx} item={item} plate={plate} notice={notice} />, { status, noindex: true });
  };

  app.post("/bussgeld-bezahlen", { config: lookupLimit }, async (req, reply) => {
    const v = readForm(req.body, ["kassenzeichen", "kennzeichen"] as const);
    const values = { kassenzeichen: v.kassenzeichen.slice(0, 40), kennzeichen: v.kennzeichen.slice(0, 20) };
    if (!v.kassenzeichen) return reply.page(`${req.t("error.summary")}: ${req.t("fines.title")}`, (ctx) => <FinesSearchPage ctx={ctx} form={{ values, errors: { kassenzeichen: req.t("fines.error.kassenzeichen") } }} />, { status: 422, noindex: true });
    const found = await lookup(v.kassenzeichen, v.kennzeichen);
    if (!found) return reply.page(`${req.t("error.summary")}: ${req.t("fines.title")}`, (ctx) => <FinesSearchPage ctx={ctx} form={{ values, errors: { kassenzeichen: req.t("fines.error.notFound") } }} />, { status: 404, noindex: true });
    return showFine(req, reply, found);
  });

  app.post("/bussgeld-bezahlen/zahlen", { config: lookupLimit }, async (req, reply) => {
    const v = readForm(req.body, ["kassenzeichen", "kennzeichen"] as const);
    const found = await lookup(v.kassenzeichen, v.kennzeichen);
    if (!found) return reply.page(req.t("fines.title"), (ctx) => <FinesSearchPage ctx={ctx} form={{ values: { kassenzeichen: v.kassenzeichen, kennzeichen: v.kennzeichen }, errors: { kassenzeichen: req.t("fines.error.notFound") } }} />, { status: 404, noindex: true });
    if (!provider) return message(reply, req.t("fines.title"), "warning", req.t("fines.unavailable"), 503);
    if (found.item.status === "paid") return showFine(req, reply, found);
    try {
      const r = await startFinePayment(ctxOf(req), provider, config, found.item.kassenzeichen);
      if (r.kind === "redirect") return reply.redirect(handoverPath(r.transactionId), 303);
      if (r.kind === "paid") return showFine(req, reply, { item: (await findOpenItem(db, found.item.kassenzeichen))!, plate: found.plate });
      return reply.page(req.t("fines.title"), (ctx) => <FinesSearchPage ctx={ctx} form={{ values: { kassenzeichen: v.kassenzeichen, kennzeichen: v.kennzeichen }, errors: { kassenzeichen: req.t("fines.error.notFound") } }} />, { status: 404, noindex: true });
    } catch (err) {
      if (!(err instanceof PaymentProviderError)) throw err;
      req.log.warn({ err: err.message }, "payment provider unavailable");
      return showFine(req, reply, found, req.t("fines.providerDown"), 503);
    }
  });

  // ---- to the provider: a page of ours with a plain link. A form cannot redirect there directly: the
  // Content Security Policy allows forms to post only to the portal (form-action 'self'), redirects included.
  app.get<{ Params: { id: string } }>("/zahlung/:id/weiter", async (req, reply) => {
    const tx = await findTransaction(db, req.params.id);
    if (!tx) return reply.callNotFound();
    if (tx.status !== "INITIAL" || !tx.redirect_url) return reply.redirect(`/zahlung/${tx.id}/rueckkehr`, 303);
    return reply.page(req.t("payments.handover.title"), (ctx) => <HandoverPage ctx={ctx} amountCents={tx.amount_cents} reference={tx.reference} href={tx.redirect_url!} />, { noindex: true });
  });

  // ---- back from the provider (every payment comes back here first)
  app.get<{ Params: { id: string } }>("/zahlung/:id/rueckkehr", async (req, reply) => {
    let tx = await findTransaction(db, req.params.id);
    if (!tx) return reply.callNotFound();
    if (provider) {
      try {
        tx = (await settleOnReturn(ctxOf(req), provider, tx.id)) ?? tx;
      } catch (err) {
        if (!(err instanceof PaymentProviderError)) throw err;
      }
    }
    const retry = tx.subject_type === "fine" ? { href: "/bussgeld-bezahlen", label: req.t("payments.return.retry") } : { href: tx.return_path, label: req.t("payments.return.retry") };
    if (tx.status === "PAYED") return reply.redirect(tx.subject_type === "fine" ? await fineReceiptPath(tx.id) : tx.return_path, 303);
    if (tx.status === "CANCELED") return message(reply, req.t("payments.return.canceled.title"), "info", req.t("payments.return.canceled.text"), 200, retry);
    if (tx.status === "FAILED") return message(reply, req.t("payments.return.failed.title"), "danger", req.t("payments.return.failed.text"), 200, retry);
    return message(reply, req.t("payments.return.pending.title"), "info", req.t("payments.return.pending.text"), 202);
  });

  const loadReceipt = async (req: FastifyRequest<{ Params: { id: string }; Querystring: { code?: string } }>) => {
    const tx = await findTransaction(db, req.params.id);
    if (!tx || tx.subject_type !== "fine" || tx.status !== "PAYED" || !(await verifyCapability(db, secret, RECEIPT_CAPABILITY, tx.id, req.query.code))) return undefined;
    const item = await findOpenItem(db, tx.subject_id);
    return { ...tx, description: item?.description ?? tx.purpose };
  };

  app.get<{ Params: { id: string }; Querystring: { code?: string } }>("/bussgeld-bezahlen/quittung/:id", async (req, reply) => {
    const tx = await loadReceipt(req);
    if (!tx) return reply.callNotFound();
    return reply.page(req.t("payments.receipt.title"), (ctx) => <ReceiptPage ctx={ctx} tx={tx} pdfHref={`/bussgeld-bezahlen/quittung/${tx.id}/pdf${receiptQuery(req.query.code!)}`} />, { noindex: true });
  });

  app.get<{ Params: { id: string }; Querystring: { code?: string } }>("/bussgeld-bezahlen/quittung/:id/pdf", async (req, reply) => {
    const tx = await loadReceipt(req);
    if (!tx) return reply.callNotFound();
    const t = req.t;
    const paidAt = tx.paid_at!;
    const pdf = renderPdf(
      [
        { kind: "title", text: t("payments.receipt.title") },
        {
          kind: "fields",
          rows: [
            { label: t("payments.receipt.reference"), value: tx.reference },
            { label: t("payments.receipt.purpose"), value: tx.description },
            { label: t("payments.receipt.amount"), value: formatEuro(tx.amount_cents) },
            { label: t("payments.receipt.paidAt"), value: t("payments.receipt.paidAtValue", { date: formatDay(paidAt), time: berlinTime(paidAt) }) },
            { label: t("payments.receipt.transaction"), value: `${tx.provider_transaction_id ?? tx.id} (${tx.provider})`, code: true },
          ],
        },
        { text: t("payments.receipt.paid"), gap: 10 },
      ],
      { title: `${t("payments.receipt.title")} ${tx.reference}`, issuer: app.deps.county.name, locale: req.locale },
    );
    return reply.type("application/pdf").header("Cache-Control", "no-store").header("Content-Disposition", `inline; filename="Zahlungsbestaetigung-${tx.reference.replace(/[^\w.-]/g, "_")}.pdf"`).send(pdf);
  });

  // ---- staff
  const countyKeys = [config.countyKey, ...config.partnerKeys];
  const staffGuard = async (req: FastifyRequest) => authorizePayments(req.user, await orgUnitKeys(db, req.user?.orgUnitIds ?? []), config.payments.staffUnits, countyKeys);

  const readFilter = (q: Record<string, unknown>): { form: FormState; filter?: Parameters<typeof listTransactions>[1] } => {
    const v = readForm(q, ["status", "von", "bis", "probleme"] as const);
    const form: FormState = { values: v, errors: {} };
    const from = v.von ? parseDate(v.von) : undefined;
    const to = v.bis ? parseDate(v.bis) : undefined;
    if (v.von && !from) form.errors.von = "payments.staff.error.date";
    if (v.bis && !to) form.errors.bis = "payments.staff.error.date";
    if (Object.keys(form.errors).length) return { form };
    return { form, filter: { status: isPaymentStatus(v.status) ? v.status : undefined, from, to, problems: v.probleme === "1", staleHours: config.payments.staleHours } };
  };

  const staffList = async (req: FastifyRequest, reply: FastifyReply, notice?: string) => {
    await staffGuard(req);
    const { form, filter } = readFilter(req.query as Record<string, unknown>);
    form.errors = Object.fromEntries(Object.entries(form.errors).map(([k, m]) => [k, req.t(m)]));
    const [list, health] = await Promise.all([
      filter ? listTransactions(db, filter) : { rows: [], sums: {}, truncated: false },
      provider ? provider.checkConfig().then((h) => ({ ...h, provider: provider.id })) : Promise.resolve(undefined),
    ]);
    return reply.page(req.t("payments.staff.title"), (ctx) => <StaffListPage ctx={ctx} form={form} rows={list.rows} sums={list.sums} truncated={list.truncated} staleHours={config.payments.staleHours} notice={notice} health={health} />, { status: filter ? 200 : 422, noindex: true });
  };
  app.get("/verwaltung/zahlungen", { preHandler: requireStaff }, (req, reply) => staffList(req, reply));

  app.post("/verwaltung/zahlungen/pruefen", { preHandler: requireStaff }, async (req, reply) => {
    await staffGuard(req);
    if (!provider) return staffList(req, reply);
    const r = await reconcileStale(ctxOf(req), provider, 0);
    await db.transaction().execute((tx) => appendAudit(tx, req.actor(), { action: "payment.reconciled", details: r, requestId: req.id }));
    return staffList(req, reply, req.t("payments.staff.reconciled", r));
  });

  /** The line items' booking data as "key=value" pairs (the Kasse routes the money by them, e.g. to a municipality). */
  const bookingText = (items: unknown) =>
    (Array.isArray(items) ? items : [])
      // Sorted: JSONB keeps no key order, the export should read the same every time.
      .flatMap((it: { bookingData?: Record<string, unknown> }) => Object.entries(it?.bookingData ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${String(v)}`))
      .join(", ");

  app.get("/verwaltung/zahlungen/export.csv", { preHandler: requireStaff }, async (req, reply) => {
    await staffGuard(req);
    const { filter } = readFilter(req.query as Record<string, unknown>);
    if (!filter) return reply.code(400).type("text/plain; charset=utf-8").send("Ungültiger Filter");
    const list = await listTransactions(db, filter, 100_000);
    const cell = (s: string) => (/[";\n\r]|^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s);
    const lines = [["Datum", "Referenz", "Art", "Betrag", "Status", "Status beim Bezahldienst", "Bezahldienst", "Bezahldienst-ID", "Bezahlt am", "Transaktion", "Buchungsdaten"].join(";")];
    for (const r of list.rows)
      lines.push(
        [formatDateTime(r.created_at, "de"), r.reference, SUBJECT_LABELS[r.subject_type], (r.amount_cents / 100).toFixed(2).replace(".", ","), r.status, r.provider_status ?? "", r.provider, r.provider_transaction_id ?? "", r.paid_at ? formatDateTime(r.paid_at, "de") : "", r.id, bookingText(r.items)]
          .map(cell)
          .join(";"),
      );
    await db.transaction().execute((tx) => appendAudit(tx, req.actor(), { action: "payment.exported", details: { rows: list.rows.length }, requestId: req.id }));
    return reply.type("text/csv; charset=utf-8").header("Content-Disposition", 'attachment; filename="zahlungen.csv"').header("Cache-Control", "no-store").send(`\uFEFF${lines.join("\r\n")}\r\n`);
  });

  const importPage = (req: FastifyRequest, reply: FastifyReply, form: FormState, lineErrors: string[] = [], notice?: string, status = 200) =>
    reply.page(req.t("payments.import.title"), (ctx) => <ImportPage ctx={ctx} form={form} lineErrors={lineErrors} notice={notice} />, { status, noindex: true });

  app.get("/verwaltung/zahlungen/posten", { preHandler: requireStaff }, async (req, reply) => {
    await staffGuard(req);
    return importPage(req, reply, emptyForm());
  });

  app.post("/verwaltung/zahlungen/posten", { preHandler: requireStaff }, async (req, reply) => {
    await staffGuard(req);
    // A file (multipart, when the platform's upload support is there) or pasted text.
    const uploads = (req as unknown as { uploads?: Array<{ fieldName?: string; tempPath: string; size: number }> | null }).uploads ?? [];
    const file = uploads.find((u) => u.size > 0);
    const pasted = typeof (req.body as Record<string, unknown> | undefined)?.csv === "string" ? ((req.body as Record<string, string>).csv ?? "") : "";
    const text = file ? await readFile(file.tempPath, "utf8") : pasted;
    const form: FormState = { values: { csv: file ? "" : pasted.slice(0, 100_000) }, errors: {} };
    if (!text.trim()) return importPage(req, reply, { ...form, errors: { csv: req.t("payments.import.error.empty") } }, [], undefined, 422);
    const parsed = parseOpenItemsCsv(text);
    const lineText = (e: { line?: number; message: string }) => (e.line ? req.t("payments.import.error.line", { line: e.line, message: e.message }) : e.message);
    if (parsed.errors.length) return importPage(req, reply, { ...form, errors: { csv: req.t("payments.import.error.lines", { n: parsed.errors.length }) } }, parsed.errors.map(lineText), undefined, 422);
    const r = await openItemImporter(ctxOf(req), { items: parsed.items, source: "csv" });
    if (!r.ok) return importPage(req, reply, { ...form, errors: { csv: req.t("payments.import.error.lines", { n: r.errors.length }) } }, r.errors.map(lineText), undefined, 422);
    return importPage(req, reply, emptyForm(), [], req.t("payments.import.done", { created: r.created, updated: r.updated, unchanged: r.unchanged }));
  });
}
