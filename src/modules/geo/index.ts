import type { FastifyInstance } from "fastify";
import type { Db } from "../../platform/db/index.js";

/** Name and key of the configured county. (Replaced by the master-data import.) */
export async function loadCounty(_db: Db, key: string): Promise<{ key: string; name: string }> {
  return { key, name: "Enzkreis" };
}

export async function geoModule(_app: FastifyInstance) {}
