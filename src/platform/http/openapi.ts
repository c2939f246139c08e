import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { registerApiDocs } from "./apiDocs.js";

/**
 * OpenAPI from the route schemas: every JSON route declares `schema` with `tags`; untagged routes
 * (pages) stay out of the document. Served as JSON at /api/openapi.json and as a server-rendered
 * reference at /api/docs (apiDocs.tsx).
 */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    hideUntagged: true,
    // Shared schemas (the Problem document, src/platform/http/problem.ts) keep their $id as component name.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Kreisportal API",
        version: "1.0.0",
        description:
          "Öffentliche Schnittstellen des Kreisportals für Fachverfahren und Portalverbund.\n\nFehler kommen immer als Problem Details nach RFC 9457 (`application/problem+json`): `type` (stabil, `urn:kreisportal:problem:<art>`), `title`, `status`, `detail` (Deutsch), `instance` (Request-ID, auch im Header `X-Request-Id`) und bei ungültigen Angaben `errors: [{path, message}]` – höchstens 50, dann mit `errorCount`.",
        license: { name: "EUPL-1.2", url: "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12" },
      },
      servers: [{ url: app.deps.config.publicUrl }],
      // Routes with bearer authentication declare `security: [{ bearerAuth: [] }]` (payments' open-items API,
      // personal API tokens of the applications API; see src/platform/auth/apiTokens.ts).
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description:
              "Persönliches API-Token `kp_…` eines Bürgerkontos (erstellt unter „Mein Konto“ → „API-Zugänge“, Berechtigungen `submissions:write`, `applications:read`, `care:places`, `orchards:listings`, `orchards:lending`, `orchards:messages`) für die Antrags-Schnittstelle, die Meldung freier Pflegeplätze und die Streuobstbörse (eigene Anzeigen und Fotos, Geräte und Ausleihen, Nachrichten; ein Token handelt für sein Konto und nur mit dessen Anzeigen und Geräten); für die offenen Posten der Zahlungen das konfigurierte `PAYMENT_API_TOKEN`. Fehler nach RFC 6750: 401 `invalid_token`, 403 `insufficient_scope` im Header `WWW-Authenticate`.",
          },
        },
      },
    },
  });
  registerApiDocs(app);
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
