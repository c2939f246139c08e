/**
 * HTTP interface for a telephone system (docs/modules/assistant.md, "Phone"):
 * - POST /api/v1/assistant/phone/turns: JSON, one turn of a call (Asterisk AGI/ARI scripts, any IVR);
 * - POST /api/v1/assistant/phone/httapi: FreeSWITCH mod_httapi, answering with its XML document;
 * - GET  /api/v1/assistant/phone/speech.wav: the spoken text as WAV (espeak-ng), only for texts this
 *   server produced (HMAC-signed URL), so it is no public text-to-speech service.
 * The telephone system authenticates with ASSISTANT_PHONE_TOKEN (Bearer, or as the Basic password that
 * mod_httapi's gateway-credentials send). Without the token configured, the interface answers 404.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { bearerCredential, matchesSharedSecret } from "../../platform/auth/apiTokens.js";
import { phoneTurn, type PhoneTurn } from "./phone.js";
import { createSynthesizer } from "./tts.js";
import { PhoneHttapiBody, PhoneTurnBody, PhoneTurnResponse, SpeechQuery } from "./schemas.js";

const tags = ["Assistent"];
/** A call makes a turn every few seconds; many calls share the telephone system's address. */
const PHONE_LIMIT = { rateLimit: { max: 600, timeWindow: 60_000 } };
const SPEECH_LIMIT = { rateLimit: { max: 300, timeWindow: 60_000 } };

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** The credential of the request: Bearer token, or the password of HTTP Basic (mod_httapi gateway-credentials). */
function credentialOf(req: FastifyRequest): string | undefined | null {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? "");
  if (basic) return Buffer.from(basic[1]!, "base64").toString("utf8").split(":").slice(1).join(":") || null;
  return bearerCredential(req);
}

/** HMAC of a text to speak, keyed from the phone token (the signed URL is valid only while that token is). */
function speechSignature(token: string, text: string): string {
  return createHmac("sha256", `assistant-speech:${token}`).update(text).digest("base64url");
}

export function phoneRoutes(app: FastifyInstance) {
  const { config } = app.deps;
  const token = config.assistant.phoneToken;
  const tts = createSynthesizer(config.assistant);

  /** 404 when the phone interface is off, 401 without the right secret; undefined = go on. */
  function guard(req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    if (!token) return sendProblem(reply, 404, req.t("error.notFound.title"));
    if (!matchesSharedSecret(credentialOf(req), token)) {
      return sendProblem(reply.header("www-authenticate", 'Basic realm="kreisportal-phone", charset="UTF-8"'), 401, "Gültiges Token der Telefonanlage erforderlich.");
    }
    return undefined;
  }

  const audioUrl = (say: string) => (tts && token ? `${config.publicUrl}/api/v1/assistant/phone/speech.wav?text=${encodeURIComponent(say)}&sig=${speechSignature(token, say)}` : undefined);

  app.post<{ Body: PhoneTurnBody }>(
    "/api/v1/assistant/phone/turns",
    {
      config: PHONE_LIMIT,
      schema: {
        tags,
        summary: "Telefon: eine Runde eines Anrufs (Sprache oder Tasten hinein, Ansage heraus)",
        description:
          "Für Telefonanlagen (Asterisk über AGI/ARI, andere IVR). Ohne `text` und `digits` beginnt der Anruf mit der Begrüßung. Tasten: 0 = Mitarbeiterin oder Mitarbeiter (danach 1 = Rückruf auf die anrufende Nummer, 2 = Rückruf mit Gesprächsverlauf, 3 = jetzt verbinden, wenn die Stelle Dienst hat und ASSISTANT_PHONE_TRANSFER ihre Durchwahl nennt: dann steht sie in `transfer`), 1–3 = Auswahl, wenn der Assistent unsicher ist. `say` enthält das Tastenmenü; `audio` ist dieselbe Ansage als WAV. Authentifizierung: ASSISTANT_PHONE_TOKEN als Bearer-Token.",
        body: PhoneTurnBody,
        response: { 200: PhoneTurnResponse, 400: Problem, 401: Problem, 404: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const denied = guard(req, reply);
      if (denied) return denied;
      const turn = await phoneTurn(app, req, req.body);
      const audio = audioUrl(turn.say);
      return { ...turn, ...(audio ? { audio } : {}) };
    },
  );

  app.post<{ Body: PhoneHttapiBody }>(
    "/api/v1/assistant/phone/httapi",
    {
      config: PHONE_LIMIT,
      schema: {
        tags,
        summary: "Telefon: FreeSWITCH mod_httapi (XML-Dokument je Runde)",
        description:
          "FreeSWITCH ruft die Adresse mit `httapi` im Wählplan auf (POST, application/x-www-form-urlencoded, Zugangsdaten per gateway-credentials). Die Antwort ist ein `xml/freeswitch-httapi`-Dokument: Ansage (WAV dieses Servers oder `<speak>` mit der TTS der Anlage), die gedrückten Tasten kommen als `digits` zurück, das Gespräch als Parameter `conversation`.",
        body: PhoneHttapiBody,
        consumes: ["application/x-www-form-urlencoded"],
        response: { 400: Problem, 401: Problem, 404: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const denied = guard(req, reply);
      if (denied) return denied;
      const b = req.body;
      reply.type("text/xml; charset=utf-8").header("cache-control", "no-store");
      if (b.exiting === "true") return `<?xml version="1.0" encoding="UTF-8"?>\n<document type="xml/freeswitch-httapi"><work/></document>\n`;
      const caller = b.caller ?? b["Caller-Caller-ID-Number"];
      const turn = await phoneTurn(app, req, { conversation: b.conversation || undefined, text: b.text, digits: b.digits, caller });
      return httapiDocument(turn, { caller, audio: audioUrl(turn.say), voice: config.assistant.ttsVoice });
    },
  );

  app.get<{ Querystring: SpeechQuery }>(
    "/api/v1/assistant/phone/speech.wav",
    {
      config: SPEECH_LIMIT,
      schema: {
        tags,
        summary: "Telefon: Ansage als WAV (nur signierte Texte aus einer Antwort dieses Servers)",
        querystring: SpeechQuery,
        response: { 400: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      if (!token || !tts) return sendProblem(reply, 404, req.t("error.notFound.title"));
      const want = Buffer.from(speechSignature(token, req.query.text));
      const got = Buffer.from(req.query.sig);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return sendProblem(reply, 403, "Ungültige Signatur.");
      const wav = await tts.synthesize(req.query.text);
      return reply.type("audio/wav").header("cache-control", "private, max-age=3600").send(wav);
    },
  );
}

/**
 * The mod_httapi document of a turn: the announcement (our WAV, or <speak> with the telephone system's own
 * TTS when ours is off) collecting one key; the conversation and the caller's number go back as params.
 */
export function httapiDocument(turn: PhoneTurn, opts: { caller?: string; audio?: string; voice: string }): string {
  const params = [`<conversation>${escapeXml(turn.conversation)}</conversation>`, ...(opts.caller ? [`<caller>${escapeXml(opts.caller)}</caller>`] : [])].join("");
  const binds = turn.keys.map((k) => `<bind strip="#">${escapeXml(k.key)}</bind>`).join("");
  const attrs = `name="digits" input-timeout="8000" digit-timeout="3000" terminators="#" loops="1"`;
  const prompt = opts.audio
    ? turn.hangup || binds === ""
      ? `<playback file="${escapeXml(opts.audio)}"/>`
      : `<playback file="${escapeXml(opts.audio)}" ${attrs}>${binds}</playback>`
    : turn.hangup || binds === ""
      ? `<speak voice="${escapeXml(opts.voice)}">${escapeXml(turn.say)}</speak>`
      : `<speak voice="${escapeXml(opts.voice)}" ${attrs}>${binds}${escapeXml(turn.say)}</speak>`;
  // <dial> (mod_httapi's default permission "dial") transfers the call to the extension in its dialplan context.
  const work = turn.transfer ? `${prompt}<dial>${escapeXml(turn.transfer)}</dial>` : turn.hangup ? `${prompt}<hangup cause="NORMAL_CLEARING"/>` : prompt;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<document type="xml/freeswitch-httapi"><params>${params}</params><work>${work}</work></document>\n`;
}
