import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "./audit/index.js";
import type { Db } from "./db/index.js";

/** What every command receives: who acts, the database, and the request id for the audit trail. */
export interface CommandContext {
  actor: Actor;
  db: Db;
  requestId?: string;
}

/** The system acting on its own (jobs, seeding). */
export const systemContext = (db: Db): CommandContext => ({ actor: { type: "system", id: null }, db });

/** The command context of a request: actor, database, request id. */
export function commandContext(app: FastifyInstance, req: FastifyRequest): CommandContext {
  return { actor: req.actor(), db: app.deps.db, requestId: req.id };
}
