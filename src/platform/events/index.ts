/**
 * The typed per-app event bus (ADR 0026). A module publishes an event inside the transaction of its change
 * (`publishEvent`: a row in event_outbox); the app's bus, built from the modules list, delivers it after
 * the commit to the subscribers declared in the module definitions – right after the request that made it,
 * and every minute from the job "events-deliver" with back-off. Delivery is at least once: subscribers
 * must be idempotent. Each event runs all its subscribers in one transaction (all or none, then retried).
 */
import { sql, type Transaction } from "kysely";
import type { Database, Db } from "../db/index.js";

/** Event types and their payloads; a module adds its events by merging into this interface (see cases/events.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventMap {}
export type EventType = keyof EventMap & string;
/** What a subscriber may do besides writing in its transaction: queue a job of its app (e.g. "send now"). */
export interface EventContext {
  trigger(job: string, data?: object, opts?: { startAfter?: number }): void;
}
export type EventHandler<K extends EventType> = (tx: Transaction<Database>, payload: EventMap[K], ctx: EventContext) => Promise<void>;
type AnyHandler = (tx: Transaction<Database>, payload: unknown, ctx: EventContext) => Promise<void>;
/** What a module subscribes to: one handler per event type. */
export type EventSubscribers = { [K in EventType]?: EventHandler<K> };

// A hint, not state: no data and nothing another node needs. Losing it (a restart) only means one needless or one
// skipped after-request delivery, and the job "events-deliver" delivers every minute whatever it says.
const published = { count: 0 };

/**
 * How many events this process has published so far (committed or not). A request during which the count did
 * not move published nothing, so the after-request delivery skips its outbox round trip (issue 13); what other
 * nodes, scripts or a failed delivery left behind is the job "events-deliver"'s, every minute.
 */
export const eventsPublishedInProcess = (): number => published.count;

/** Records an event in the publisher's transaction; it is delivered only if that transaction commits. */
export async function publishEvent<K extends EventType>(tx: Transaction<Database>, type: K, payload: EventMap[K]): Promise<void> {
  published.count++;
  await tx.insertInto("event_outbox").values({ type, payload: JSON.stringify(payload) }).execute();
}

/** Give up after this many attempts (about a day with the back-off); the row stays with its last error. */
export const MAX_EVENT_ATTEMPTS = 12;

export interface EventBus {
  /** The subscribers per event type, in the order of the app's modules list. */
  readonly handlers: ReadonlyMap<string, ReadonlyArray<{ module: string; handle: AnyHandler }>>;
  /** Delivers due events (claimed with SKIP LOCKED: parallel deliverers never take the same one). */
  deliverPending(db: Db, ctx: EventContext, opts?: { limit?: number }): Promise<{ delivered: number; failed: number }>;
}

/** Builds the bus of one app from its modules' subscribers. */
export function createEventBus(modules: ReadonlyArray<{ name: string; events?: EventSubscribers }>): EventBus {
  const handlers = new Map<string, Array<{ module: string; handle: AnyHandler }>>();
  for (const m of modules) {
    for (const [type, handle] of Object.entries(m.events ?? {})) {
      if (!handle) continue;
      handlers.set(type, [...(handlers.get(type) ?? []), { module: m.name, handle: handle as AnyHandler }]);
    }
  }
  return {
    handlers,
    async deliverPending(db, ctx, opts = {}) {
      const claimed = await sql<{ id: string }>`
        UPDATE event_outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '1 minute' * power(2, least(attempts, 10))
        WHERE id IN (
          SELECT id FROM event_outbox
          WHERE delivered_at IS NULL AND next_attempt_at <= now() AND attempts < ${MAX_EVENT_ATTEMPTS}
          ORDER BY id LIMIT ${opts.limit ?? 100} FOR UPDATE SKIP LOCKED)
        RETURNING id`.execute(db);
      let delivered = 0;
      let failed = 0;
      // In publishing order: a later event of the same case may depend on an earlier one's reaction.
      for (const id of claimed.rows.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b))) {
        try {
          await db.transaction().execute(async (tx) => {
            const row = await tx.selectFrom("event_outbox").select(["type", "payload"]).where("id", "=", id).where("delivered_at", "is", null).forUpdate().executeTakeFirst();
            if (!row) return;
            for (const h of handlers.get(row.type) ?? []) await h.handle(tx, row.payload, ctx);
            await tx.updateTable("event_outbox").set({ delivered_at: new Date(), last_error: null }).where("id", "=", id).execute();
          });
          delivered++;
        } catch (err) {
          failed++;
          await db.updateTable("event_outbox").set({ last_error: String((err as Error).message).slice(0, 300) }).where("id", "=", id).execute();
        }
      }
      return { delivered, failed };
    },
  };
}
