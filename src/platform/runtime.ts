import type { Config } from "./config.js";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./db/embedded.js";
import { createDb, type Db } from "./db/index.js";
import { migrate } from "./db/migrate.js";
import { createMailer, startOutboxSmtpServer, type Mailer } from "./mail/index.js";
import type pg from "pg";

/** The long-lived resources of one app node, opened in order and closed in reverse. */
export interface Runtime {
  databaseUrl: string;
  db: Db;
  pool: pg.Pool;
  mailer: Mailer;
  smtpUrl: string;
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database (DATABASE_URL or the embedded server), migrates it, and opens the mailer
 * (SMTP_URL or the demo outbox SMTP server).
 */
export async function openRuntime(config: Config, log: (m: string) => void): Promise<Runtime> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(config.varDir, { log });
    databaseUrl = embedded.url;
  }
  await migrate(databaseUrl, log);
  const { db, pool } = createDb(databaseUrl);
  let outbox: Awaited<ReturnType<typeof startOutboxSmtpServer>> | undefined;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    outbox = await startOutboxSmtpServer(db);
    smtpUrl = outbox.url;
    log(`demo mail outbox (SMTP) on ${smtpUrl}`);
  }
  const mailer = createMailer(smtpUrl, config.mailFrom);
  return {
    databaseUrl,
    db,
    pool,
    mailer,
    smtpUrl,
    embedded,
    async close() {
      await mailer.close();
      await outbox?.close();
      await db.destroy();
      await embedded?.stop();
    },
  };
}
