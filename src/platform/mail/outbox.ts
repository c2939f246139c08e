import { SMTPServer } from "smtp-server";
import type { Db } from "../db/index.js";

function decodeSubject(raw: string): string {
  const header = /^Subject:\s*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? "";
  const unfolded = header.replace(/\r?\n[ \t]/g, " ");
  // RFC 2047 encoded words (nodemailer encodes umlauts this way).
  return unfolded.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  ).trim();
}

/**
 * The demo mail server used when SMTP_URL is not set: a real SMTP server on loopback that stores
 * every message in the mail_outbox table, where administrators read it ("Postausgang (Demo)").
 * Shared table, so every app node sees every mail.
 */
export async function startOutbox(db: Db): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Kreisportal Demo-Postausgang",
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        db.insertInto("mail_outbox")
          .values({
            envelope_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelope_to: session.envelope.rcptTo.map((r) => r.address),
            subject: decodeSubject(raw),
            raw,
          })
          .execute()
          .then(() => callback(), (err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const addr = server.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
