import PgBoss from "pg-boss";
import { sql } from "kysely";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Mailer } from "../mail/index.js";
import type { EventContext } from "../events/index.js";
import type { Config } from "../config.js";
import type { Db } from "../db/index.js";
import { purgeExpiredSessions } from "../auth/session.js";

/** What a job handler gets: the app it runs for (registries, services) and its dependencies. */
export interface JobContext {
  db: Db;
  config: Config;
  mailer: Mailer;
  app: FastifyInstance;
  /** The job's logger (job name and id, reqId when queued by a request). */
  log?: FastifyBaseLogger;
}

/** A recurring or queued job, declared in a module definition (src/platform/modules.ts). */
export interface JobDefinition {
  name: string;
  /** Cron expression (UTC) for recurring jobs. */
  cron?: string;
  /** `ctx.log` carries the job's name and id, and `reqId` when the job was queued by a request (data.requestId). */
  handler(ctx: JobContext, data: unknown): Promise<void>;
}

/** The platform's own housekeeping job (listed by the platform module in src/platform/module.ts). */
export const platformCleanupJob: JobDefinition = {
  name: "platform-cleanup",
  cron: "*/10 * * * *",
  async handler({ db, config }) {
    await purgeExpiredSessions(db, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
    await sql`DELETE FROM rate_limits WHERE expires_at < now()`.execute(db);
    await sql`DELETE FROM upload_usage WHERE created_at < now() - interval '1 hour'`.execute(db);
  },
};

export interface Jobs {
  boss: PgBoss;
  send(name: string, data: object, opts?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Queues one run of a job of this app now (e.g. right after a request committed its outbox rows).
 * Returns false when the app runs no job queue (tests without jobs); cron sweeps catch up.
 * Pass `{ requestId: req.id }` in `data` from a request: the job's log lines then carry it as `reqId`.
 */
export async function triggerJob(app: FastifyInstance, name: string, data: object = {}, opts?: PgBoss.SendOptions): Promise<boolean> {
  const jobs = app.services.jobs;
  if (!jobs) return false;
  await jobs.send(name, data, opts);
  return true;
}

/**
 * Starts pg-boss on the application database (its own schema "pgboss"). Jobs and timers are
 * durable in PostgreSQL, so any app node may run them and none are lost on restart.
 */
export async function startJobs(databaseUrl: string, app: FastifyInstance, log: FastifyBaseLogger = app.log): Promise<Jobs> {
  const { db, config, mailer } = app.deps;
  const ctx: JobContext = { db, config, mailer, app };
  const boss = new PgBoss({ connectionString: databaseUrl, max: 4, application_name: "kreisportal-jobs" });
  boss.on("error", (err) => log.error({ err }, "job queue error"));
  try {
    await setUpQueues(boss, app, ctx, log);
  } catch (err) {
    // A half-started queue (the database went away during the set-up) holds a pool and timers: release them,
    // so that the caller can try again with a new one.
    await boss.stop({ graceful: false, close: true, wait: true, timeout: 1_000 }).catch(() => undefined);
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const jobs: Jobs = {
    boss,
    send: (name, data, opts) => boss.send(name, data, opts ?? {}),
    // Wait for running jobs and close the pool before the database goes away.
    // Once: a second call (test teardown and the caller) waits for the same stop.
    stop: () => {
      if (app.services.jobs === jobs) app.services.jobs = undefined;
      stopping ??= boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
      return stopping;
    },
  };
  app.services.jobs = jobs;
  return jobs;
}

async function setUpQueues(boss: PgBoss, app: FastifyInstance, ctx: JobContext, log: FastifyBaseLogger) {
  const { db } = app.deps;
  await boss.start();
  // One queue after another: pg-boss creates each queue's partition, and parallel creation deadlocks on a fresh database.
  for (const def of app.registry.jobs) {
    await boss.createQueue(def.name);
    if (def.cron) await boss.schedule(def.name, def.cron);
    await boss.work(def.name, async (jobs) => {
      for (const job of jobs) {
        const requestId = (job.data as { requestId?: unknown } | null)?.requestId;
        const jobLog = log.child({ job: def.name, jobId: job.id, ...(typeof requestId === "string" ? { reqId: requestId } : {}) });
        try {
          await def.handler({ ...ctx, log: jobLog }, job.data);
        } catch (err) {
          jobLog.error({ err }, "job failed");
          throw err;
        }
      }
      // What the job published (case changes, payments) reaches its subscribers now, not a minute later.
      await app.registry.events.deliverPending(db, eventContext(app));
    });
  }
}

/** What event subscribers of this app may use (queue a job of the app). */
export const eventContext = (app: FastifyInstance): EventContext => ({
  trigger: (name, data, opts) => void triggerJob(app, name, data, opts).catch((err: unknown) => app.log.warn({ err, name }, "job not queued")),
});
