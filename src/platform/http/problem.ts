/**
 * RFC 9457 Problem Details: the one error shape of the JSON API (`application/problem+json`).
 * Modules answer errors with `sendProblem` (or throw `HttpProblem`); the error and not-found handlers
 * use the same builder; `registerProblemSchema` puts the shared schema on every /api/ route's 4xx/5xx
 * responses, so OpenAPI documents it and Fastify's serializer never drops or rejects a field.
 */
import { STATUS_CODES } from "node:http";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** Validation problems list at most this many errors (plus `errorCount`): the answer's size stays bounded. */
export const MAX_PROBLEM_ERRORS = 50;

export const ProblemFieldError = Type.Object({
  path: Type.String({ description: "JSON Pointer auf das Feld (Body) bzw. den Parameter (`/leikaKey`)" }),
  message: Type.String(),
});
export type ProblemFieldError = Static<typeof ProblemFieldError>;

export const Problem = Type.Object(
  {
    type: Type.String({ description: "Art des Problems, stabil: `urn:kreisportal:problem:<art>`, z. B. `…:validation`, `…:not-found`", examples: ["urn:kreisportal:problem:not-found"] }),
    title: Type.String({ description: "Kurze Beschreibung der Art (gleich für alle Probleme dieser Art)" }),
    status: Type.Integer({ description: "HTTP-Status" }),
    detail: Type.String({ description: "Erklärung dieses Falls (Deutsch)" }),
    instance: Type.String({ description: "Request-ID; bitte bei Rückfragen angeben (steht auch im Protokoll)" }),
    errors: Type.Optional(Type.Array(ProblemFieldError, { description: `Bei Validierungsfehlern: die ersten ${MAX_PROBLEM_ERRORS} Fehler je Feld` })),
    errorCount: Type.Optional(Type.Integer({ description: "Anzahl aller Fehler, wenn `errors` gekürzt ist" })),
  },
  {
    $id: "Problem",
    title: "Problem",
    description: "Fehler nach RFC 9457 (Problem Details), Medientyp `application/problem+json`. Weitere Felder je Art (z. B. `currentVersion`, `allowed`) sind möglich.",
    additionalProperties: true,
  },
);
export type Problem = Static<typeof Problem>;

const TITLES: Record<number, string> = {
  400: "Ungültige Anfrage",
  401: "Anmeldung erforderlich",
  403: "Nicht erlaubt",
  404: "Nicht gefunden",
  405: "Methode nicht erlaubt",
  406: "Nicht lieferbar",
  409: "Konflikt",
  413: "Anfrage zu groß",
  415: "Medientyp nicht unterstützt",
  422: "Ungültige Angaben",
  429: "Zu viele Anfragen",
  500: "Interner Fehler",
  503: "Vorübergehend nicht verfügbar",
};
const SLUGS: Record<number, string> = {
  400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed", 406: "not-acceptable", 409: "conflict",
  413: "too-large", 415: "unsupported-media-type", 422: "validation", 429: "too-many-requests", 500: "internal", 503: "unavailable",
};

export const problemType = (slug: string) => `urn:kreisportal:problem:${slug}`;

export interface ProblemOptions {
  /** Kind of problem (kebab-case), default from the status (`not-found`, `validation`, …). */
  type?: string;
  title?: string;
  errors?: ProblemFieldError[];
  /** How many errors there were when the caller already cut `errors` (bounded work). */
  errorCount?: number;
  /** Extension members (RFC 9457 §3.2), e.g. `currentVersion`. */
  extensions?: Record<string, unknown>;
}

/** The problem document; `errors` capped at MAX_PROBLEM_ERRORS with `errorCount` telling how many there were. */
export function buildProblem(requestId: string, status: number, detail: string, opts: ProblemOptions = {}): Problem {
  const slug = opts.type ?? SLUGS[status] ?? (status >= 500 ? "internal" : "bad-request");
  const doc: Problem = {
    ...opts.extensions,
    type: problemType(slug),
    title: opts.title ?? TITLES[status] ?? STATUS_CODES[status] ?? "Fehler",
    status,
    detail,
    instance: requestId,
  };
  if (opts.errors) {
    doc.errors = opts.errors.slice(0, MAX_PROBLEM_ERRORS);
    const total = Math.max(opts.errorCount ?? 0, opts.errors.length);
    if (total > doc.errors.length) doc.errorCount = total;
  }
  return doc;
}

/** Fastify's schema validation errors as field errors: `path` a JSON Pointer into the part that failed. */
export function schemaFieldErrors(err: { validation?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> }): ProblemFieldError[] {
  return (err.validation ?? []).map((v) => {
    const missing = v.params?.missingProperty ?? v.params?.additionalProperty;
    const path = missing !== undefined ? `${v.instancePath}/${String(missing)}` : v.instancePath || "/";
    return { path, message: v.message ?? "ungültig" };
  });
}

/** Sends a problem document with status and content type; returns the reply (for `return sendProblem(…)`). */
export function sendProblem(reply: FastifyReply, status: number, detail: string, opts: ProblemOptions = {}): FastifyReply {
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(buildProblem(reply.request.id, status, detail, opts));
}

/** Thrown anywhere below a route; the error handler answers it as a problem (JSON) or an error page (HTML). */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly problem: ProblemOptions = {},
  ) {
    super(message);
  }
}

/** Does this request get problem documents (rather than error pages)? The API and clients asking for JSON. */
export function wantsProblem(req: FastifyRequest): boolean {
  return req.url.startsWith("/api/") || (req.headers.accept ?? "").startsWith("application/json");
}

const problemResponse = (status: number) => ({
  description: TITLES[status] ?? STATUS_CODES[status] ?? "Fehler",
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "Problem#" } } },
});

/**
 * Registers the shared schema and, for every documented /api/ route, answers 4xx/5xx with it: the
 * statuses a route declares, plus those any route can produce (400 invalid input, 500; 413/415 with a
 * body; 429 with a rate limit). Call before the modules register their routes.
 */
export function registerProblemSchema(app: FastifyInstance) {
  app.addSchema(Problem);
  app.addHook("onRoute", (route: RouteOptions) => {
    if (!route.url.startsWith("/api/") || !route.schema || route.schema.hide) return;
    const declared = (route.schema.response ?? {}) as Record<string, unknown>;
    const statuses = new Set([400, 500, ...Object.keys(declared).map(Number).filter((s) => s >= 400)]);
    const methods = [route.method].flat();
    if (methods.some((m) => ["POST", "PUT", "PATCH"].includes(m))) [413, 415].forEach((s) => statuses.add(s));
    if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) statuses.add(429);
    const response: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(declared)) if (Number(k) < 400) response[k] = v;
    for (const s of [...statuses].sort()) response[String(s)] = problemResponse(s);
    route.schema.response = response;
  });
}
