import type { FastifyInstance } from "fastify";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { seedDemoData as seed } from "./demoData.js";

/** Loads the demo data set (idempotent). */
export const seedDemoData = (db: Db, config: Config, log: (m: string) => void) => seed(db, config, log);

export async function adminModule(_app: FastifyInstance) {}
