import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "../db/index.js";
import { ConfigError } from "../config.js";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType?: string }>;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/** Sends mail over SMTP. The only way modules send e-mail. */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** A nodemailer transport on SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(msg) {
      await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text, attachments: msg.attachments, ...(msg.headers ? { headers: msg.headers } : {}) });
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * The demo mail server used when SMTP_URL is not set (see ./outbox.ts). Loaded on demand: smtp-server
 * is a development dependency, absent from a production install.
 */
export async function startOutboxSmtpServer(db: Db): Promise<{ url: string; close(): Promise<void> }> {
  const { startOutbox } = await import("./outbox.js").catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new ConfigError("SMTP_URL muss gesetzt sein: der Demo-Postausgang gehört nur zur Entwicklungsinstallation (npm ci ohne --omit=dev).");
  });
  return startOutbox(db);
}
