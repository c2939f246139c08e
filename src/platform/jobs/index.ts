import PgBoss from "pg-boss";
import { sql } from "kysely";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.js";
import type { Db } from "../db/index.js";
import { purgeExpiredSessions } from "../auth/session.js";

/** A recurring or queued job; modules register theirs with registerJob before start. */
export interface JobDefinition {
  name: string;
  /** Cron expression (UTC) for recurring jobs. */
  cron?: string;
  /** `log` carries the job's name and id, and `reqId` when the job was queued by a request (data.requestId). */
  handler(ctx: { db: Db; config: Config; log?: FastifyBaseLogger }, data: unknown): Promise<void>;
}

const definitions: JobDefinition[] = [
  {
    name: "platform-cleanup",
    cron: "*/10 * * * *",
    async handler({ db, config }) {
      await purgeExpiredSessions(db, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
      await sql`DELETE FROM rate_limits WHERE expires_at < now()`.execute(db);
      await sql`DELETE FROM login_throttle WHERE reset_at < now()`.execute(db);
      await sql`DELETE FROM login_devices WHERE expires_at < now()`.execute(db);
      await sql`DELETE FROM upload_usage WHERE created_at < now() - interval '1 hour'`.execute(db);
      await db.deleteFrom("user_tokens").where("expires_at", "<", new Date(Date.now() - 7 * 86400_000)).execute();
    },
  },
];

export function registerJob(def: JobDefinition): void {
  if (definitions.some((d) => d.name === def.name)) throw new Error(`job ${def.name} registered twice`);
  definitions.push(def);
}

export interface Jobs {
  boss: PgBoss;
  send(name: string, data: object, opts?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

let running: Jobs | undefined;

/**
 * Queues one run of a registered job now (e.g. right after a request committed its outbox rows).
 * Returns false when this process runs no job queue (tests without jobs); cron sweeps catch up.
 * Pass `{ requestId: req.id }` in `data` from a request: the job's log lines then carry it as `reqId`.
 */
export async function triggerJob(name: string, data: object = {}, opts?: PgBoss.SendOptions): Promise<boolean> {
  if (!running) return false;
  await running.send(name, data, opts);
  return true;
}

/**
 * Starts pg-boss on the application database (its own schema "pgboss"). Jobs and timers are
 * durable in PostgreSQL, so any app node may run them and none are lost on restart.
 */
export async function startJobs(databaseUrl: string, db: Db, config: Config, log: FastifyBaseLogger): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 4, application_name: "kreisportal-jobs" });
  boss.on("error", (err) => log.error({ err }, "job queue error"));
  await boss.start();
  for (const def of definitions) {
    await boss.createQueue(def.name);
    if (def.cron) await boss.schedule(def.name, def.cron);
    await boss.work(def.name, async (jobs) => {
      for (const job of jobs) {
        const requestId = (job.data as { requestId?: unknown } | null)?.requestId;
        const jobLog = log.child({ job: def.name, jobId: job.id, ...(typeof requestId === "string" ? { reqId: requestId } : {}) });
        try {
          await def.handler({ db, config, log: jobLog }, job.data);
        } catch (err) {
          jobLog.error({ err }, "job failed");
          throw err;
        }
      }
    });
  }
  const jobs: Jobs = {
    boss,
    send: (name, data, opts) => boss.send(name, data, opts ?? {}),
    // Wait for running jobs and close the pool before the database goes away.
    stop: () => {
      if (running === jobs) running = undefined;
      return boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    },
  };
  running = jobs;
  return jobs;
}
