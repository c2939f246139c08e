/**
 * The sandbox payment service: a small HTTP server speaking the portal's XBezahldienste protocol, for
 * demos and tests. It keeps transactions in memory, shows its own pay page ("Bezahlen", "Abbrechen",
 * "Fehlschlag simulieren"; no JavaScript), sends the signed notification to the portal and redirects
 * the payer back. No real money moves. Never used in production (the provider is refused there).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { signedHeaders } from "../../signature.js";
import { centsToEuro, euroToCents, type PaymentInformation, type PaymentNotification, type PaymentRequest, type PaymentStatus, type PaymentTransactionResponse } from "../xbezahldienste/protocol.js";

export interface SandboxOptions {
  /** Shared secret with the portal (bearer token and notification HMAC key). */
  secret: string;
  port?: number;
  host?: string;
  /** Address payers' browsers use to reach the sandbox; default http://<host>:<port>. */
  publicUrl?: string;
  /** Delivers a notification; default: HTTP POST. Returns the HTTP status. */
  deliver?: (url: string, body: string, headers: Record<string, string>) => Promise<number>;
  log?: (m: string) => void;
}

interface SandboxTransaction {
  info: PaymentInformation;
  request: PaymentRequest;
  key: string;
}

export interface SandboxServer {
  url: string;
  /** Transactions by id (tests look inside). */
  transactions: Map<string, SandboxTransaction>;
  /** Every notification sent, with its signed headers, in order (tests replay them). */
  notifications: Array<{ url: string; body: string; headers: Record<string, string>; status: number }>;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const euro = (n: number) => `${n.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
const isHttpUrl = (s: unknown) => typeof s === "string" && /^https?:\/\/[^\s]+$/.test(s) && s.length <= 2000;

/** Checks a payment request; returns a German problem description or undefined. */
export function checkPaymentRequest(r: Partial<PaymentRequest>): string | undefined {
  if (typeof r.requestId !== "string" || !/^[\w-]{8,64}$/.test(r.requestId)) return "requestId fehlt oder ist ungültig";
  if (r.currency !== "EUR") return "currency muss EUR sein";
  if (typeof r.purpose !== "string" || r.purpose.length < 1 || r.purpose.length > 27) return "purpose (Verwendungszweck) muss 1–27 Zeichen haben";
  for (const k of ["redirectUrl", "cancelUrl", "failureUrl", "notifyUrl"] as const) if (!isHttpUrl(r[k])) return `${k} muss eine http(s)-Adresse sein`;
  if (!Array.isArray(r.items) || r.items.length === 0 || r.items.length > 50) return "items: 1 bis 50 Positionen";
  let sum = 0;
  for (const it of r.items) {
    if (!it || typeof it.singleNetAmount !== "number" || !Number.isInteger(it.quantity) || it.quantity < 1 || typeof it.description !== "string") return "items: Position unvollständig";
    sum += euroToCents(it.singleNetAmount) * it.quantity;
  }
  if (typeof r.grosAmount !== "number" || euroToCents(r.grosAmount) !== sum || sum <= 0) return "grosAmount muss die Summe der Positionen sein";
  return undefined;
}

const STYLE = `body{font-family:system-ui,Arial,sans-serif;margin:0;color:#171a1c;background:#f7f7f8;line-height:1.5}
header{background:#7a1d00;color:#fff;padding:.75rem 1.5rem;font-weight:700}
main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border:1px solid #c9ccd1}
h1{font-size:1.6rem;margin-top:0}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #c9ccd1}td.n,th.n{text-align:right}
.actions{display:flex;gap:1rem;flex-wrap:wrap;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.2rem;border:2px solid #004b76;border-radius:4px;cursor:pointer;background:#fff;color:#004b76}
button.primary{background:#004b76;color:#fff}button:focus{outline:3px solid #e5a000;outline-offset:2px}
.note{background:#fff4ce;border-left:4px solid #a66a00;padding:.5rem 1rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} – Sandbox-Bezahldienst</title><style>${STYLE}</style></head><body><header role="banner">Sandbox – kein echtes Geld</header><main>${body}</main></body></html>`;
}

/** Starts the sandbox on host:port (port 0 = a free one). */
export async function startSandboxServer(opts: SandboxOptions): Promise<SandboxServer> {
  const host = opts.host ?? "127.0.0.1";
  const transactions = new Map<string, SandboxTransaction>();
  const byRequest = new Map<string, string>();
  const notifications: SandboxServer["notifications"] = [];
  const formKey = randomBytes(32);
  const formToken = (id: string) => createHmac("sha256", formKey).update(id).digest("base64url");
  let publicUrl = opts.publicUrl ?? "";
  const log = opts.log ?? (() => undefined);

  const deliver =
    opts.deliver ??
    (async (url: string, body: string, headers: Record<string, string>) => {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal: AbortSignal.timeout(10_000) });
      return res.status;
    });

  const send = (res: ServerResponse, status: number, body: unknown, type = "application/json; charset=utf-8", extra: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'", "x-content-type-options": "nosniff", ...extra });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > 256 * 1024) reject(new Error("too large"));
        else chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? "");
    const expected = Buffer.from(`Bearer ${opts.secret}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const view = (t: SandboxTransaction): PaymentTransactionResponse => ({
    paymentInformation: { ...t.info, transactionRedirectUrl: t.info.status === "INITIAL" ? t.info.transactionRedirectUrl : undefined },
    paymentRequest: t.request,
  });

  async function notify(t: SandboxTransaction) {
    const n: PaymentNotification = {
      notificationId: randomUUID(),
      requestId: t.request.requestId,
      transactionId: t.info.transactionId,
      status: t.info.status,
      grosAmount: t.request.grosAmount,
      transactionTimestamp: t.info.transactionTimestamp ?? new Date().toISOString(),
      paymentMethod: t.info.paymentMethod,
    };
    const body = JSON.stringify(n);
    // A few attempts: the portal may be busy; the status query on return covers the rest.
    for (let attempt = 0; attempt < 3; attempt++) {
      const headers = signedHeaders(opts.secret, body);
      const status = await deliver(t.request.notifyUrl, body, headers).catch(() => 0);
      notifications.push({ url: t.request.notifyUrl, body, headers, status });
      if (status >= 200 && status < 300) return;
      log(`sandbox: notification ${n.notificationId} answered ${status}`);
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sandbox");
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });
      if (parts[0] === "paymenttransaction" && parts.length >= 3) {
        if (!authorized(req)) return send(res, 401, { error: "unauthorized" });
        const key = `${parts[1]}/${parts[2]}`;
        if (req.method === "POST" && parts.length === 3) {
          let r: Partial<PaymentRequest>;
          try {
            r = JSON.parse(await readBody(req)) as Partial<PaymentRequest>;
          } catch {
            return send(res, 400, { error: "bad_request", message: "JSON erwartet" });
          }
          const problem = checkPaymentRequest(r);
          if (problem) return send(res, 400, { error: "bad_request", message: problem });
          const known = byRequest.get(`${key}/${r.requestId}`);
          if (known) return send(res, 200, view(transactions.get(known)!));
          const id = `sbx-${randomBytes(12).toString("hex")}`;
          const t: SandboxTransaction = {
            key,
            request: r as PaymentRequest,
            info: { transactionId: id, transactionUrl: `${publicUrl}/paymenttransaction/${parts[1]}/${parts[2]}/${id}`, transactionRedirectUrl: `${publicUrl}/zahlen/${id}`, status: "INITIAL" },
          };
          transactions.set(id, t);
          byRequest.set(`${key}/${r.requestId}`, id);
          return send(res, 201, view(t));
        }
        if (req.method === "GET" && parts.length === 4) {
          const t = transactions.get(parts[3]!);
          if (!t || t.key !== key) return send(res, 404, { error: "not_found" });
          return send(res, 200, view(t));
        }
        return send(res, 405, { error: "method_not_allowed" });
      }
      if (parts[0] === "zahlen" && parts.length === 2) {
        const t = transactions.get(parts[1]!);
        if (!t) return send(res, 404, page("Nicht gefunden", `<h1>Zahlung nicht gefunden</h1><p>Diese Zahlung gibt es nicht.</p>`), "text/html; charset=utf-8");
        if (req.method === "GET") {
          if (t.info.status !== "INITIAL") {
            const back = t.info.status === "PAYED" ? t.request.redirectUrl : t.info.status === "CANCELED" ? t.request.cancelUrl : t.request.failureUrl;
            return send(res, 200, page("Bereits abgeschlossen", `<h1>Zahlung bereits abgeschlossen</h1><p>Status: ${esc(t.info.status)}.</p><p><a href="${esc(back)}">Zurück zum Portal</a></p>`), "text/html; charset=utf-8");
          }
          const rows = t.request.items
            .map((it) => `<tr><td>${esc(it.description)}</td><td>${esc(it.reference)}</td><td class="n">${it.quantity}</td><td class="n">${euro(it.singleNetAmount * it.quantity)}</td></tr>`)
            .join("");
          return send(
            res,
            200,
            page(
              "Bezahlen",
              `<h1>Bezahlen: ${euro(t.request.grosAmount)}</h1>
<p class="note">Dies ist ein Test-Bezahldienst. Es wird kein echtes Geld bewegt.</p>
<p>${esc(t.request.description)}</p>
<table><caption>Positionen</caption><thead><tr><th scope="col">Beschreibung</th><th scope="col">Referenz</th><th scope="col" class="n">Menge</th><th scope="col" class="n">Betrag</th></tr></thead><tbody>${rows}</tbody></table>
<p>Verwendungszweck: <strong>${esc(t.request.purpose)}</strong></p>
<form method="post"><input type="hidden" name="token" value="${formToken(t.info.transactionId)}">
<div class="actions"><button class="primary" name="aktion" value="bezahlen">Bezahlen</button><button name="aktion" value="abbrechen">Abbrechen</button><button name="aktion" value="fehlschlag">Fehlschlag simulieren</button></div></form>`,
            ),
            "text/html; charset=utf-8",
          );
        }
        if (req.method === "POST") {
          const form = new URLSearchParams(await readBody(req));
          const token = Buffer.from(form.get("token") ?? "");
          const expected = Buffer.from(formToken(t.info.transactionId));
          if (token.length !== expected.length || !timingSafeEqual(token, expected)) return send(res, 403, page("Abgelehnt", "<h1>Anfrage abgelehnt</h1><p>Bitte verwenden Sie das Formular der Bezahlseite.</p>"), "text/html; charset=utf-8");
          const action = form.get("aktion");
          const to: PaymentStatus | undefined = action === "bezahlen" ? "PAYED" : action === "abbrechen" ? "CANCELED" : action === "fehlschlag" ? "FAILED" : undefined;
          if (!to) return send(res, 400, page("Fehler", "<h1>Unbekannte Aktion</h1>"), "text/html; charset=utf-8");
          if (t.info.status === "INITIAL") {
            t.info = { ...t.info, status: to, transactionTimestamp: new Date().toISOString(), paymentMethod: to === "PAYED" ? "SANDBOX" : undefined, transactionReference: to === "PAYED" ? `SBX-${randomBytes(4).toString("hex").toUpperCase()}` : undefined };
            await notify(t);
          }
          const s = t.info.status;
          const back = s === "PAYED" ? t.request.redirectUrl : s === "CANCELED" ? t.request.cancelUrl : t.request.failureUrl;
          res.writeHead(303, { location: back, "cache-control": "no-store" });
          return res.end();
        }
      }
      return send(res, 404, { error: "not_found" });
    })().catch((err: unknown) => {
      log(`sandbox error: ${(err as Error).message}`);
      if (!res.headersSent) send(res, 500, { error: "internal" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const url = `http://${host}:${port}`;
  if (!publicUrl) publicUrl = url;
  return {
    url,
    transactions,
    notifications,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export { centsToEuro };
