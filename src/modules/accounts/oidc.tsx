import type { FastifyInstance } from "fastify";

/** OIDC login (DeutschlandID bridge, Keycloak, Active Directory). Implemented in oidc.ts by the OIDC work. */
export async function oidcRoutes(_app: FastifyInstance) {}
