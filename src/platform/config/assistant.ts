import { parseWeeklyHours, type WeeklyHours } from "../time/weeklyHours.js";
import { isEmailAddress } from "../mail/address.js";
import { ConfigError, int } from "./parse.js";

/** ASSISTANT_*: the telephone system's secret, the speech synthesiser, the optional language model. */
export interface AssistantConfig {
  /** Shared secret of the telephone system (ASSISTANT_PHONE_TOKEN, ≥ 32 characters; Bearer, or Basic password for FreeSWITCH's gateway-credentials); unset = phone interface off (404). */
  phoneToken: string | undefined;
  /**
   * Where the phone assistant puts a caller through to a person while the office is on duty
   * (ASSISTANT_PHONE_TRANSFER, e.g. "*=200 | lra-08236-fuehrerschein=310": org unit key or "*" for every other
   * office, "=" the extension or number the telephone system dials, "|" between entries). Empty = call back only.
   */
  phoneTransfer: ReadonlyMap<string, string>;
  /** Speech synthesiser (ASSISTANT_TTS): "espeak-ng" (default; Debian package) or "none" (text only). */
  tts: "espeak-ng" | "none";
  /** The espeak-ng binary (ASSISTANT_TTS_COMMAND) and voice (ASSISTANT_TTS_VOICE, default "de"). */
  ttsCommand: string;
  ttsVoice: string;
  /** OpenAI-compatible endpoint the county runs itself (ASSISTANT_LLM_URL, e.g. http://llm.intern:8000/v1); unset = off (default). */
  llm: { url: string; model: string; apiKey: string | undefined; timeoutMs: number } | undefined;
  /** Live handoff to staff (ADR 0076). */
  live: {
    /** On-duty hours of the responsible offices (ASSISTANT_LIVE_HOURS, default "Mo-Fr 08:00-16:00", Berlin time; "aus" = never). */
    hours: WeeklyHours;
    hoursText: string;
    /** Unclaimed this long, the person is offered the call back request instead (ASSISTANT_LIVE_CLAIM_MINUTES, default 5). */
    claimMinutes: number;
    /** Live cases with their transcript are deleted this long after their last activity (ASSISTANT_LIVE_RETENTION_DAYS, default 30). */
    retentionDays: number;
    /**
     * Hours of single offices that replace `hours` for their cases (ASSISTANT_LIVE_OFFICE_HOURS, e.g.
     * "lra-08236-fuehrerschein=Mo-Fr 07:30-12:00 | lra-08236-jugendamt=aus"; org unit key "=" hours, "|" between offices).
     */
    officeHours: ReadonlyMap<string, { hours: WeeklyHours; hoursText: string }>;
    /** A waiting case unclaimed this long is mailed (a link only) to the staff (ASSISTANT_LIVE_ALERT_MINUTES, default 2; 0 = no mail; less than claimMinutes). */
    alertMinutes: number;
    /** Who gets that mail (ASSISTANT_LIVE_ALERT_TO, addresses separated by ","; unset = the members of the case's office). */
    alertTo: string[];
  };
}

export function loadAssistantConfig(env: NodeJS.ProcessEnv): AssistantConfig {
  const phoneToken = env.ASSISTANT_PHONE_TOKEN || undefined;
  if (phoneToken && phoneToken.length < 32) throw new ConfigError("ASSISTANT_PHONE_TOKEN muss mindestens 32 Zeichen lang sein.");
  const tts = env.ASSISTANT_TTS || "espeak-ng";
  if (tts !== "espeak-ng" && tts !== "none") throw new ConfigError(`ASSISTANT_TTS muss "espeak-ng" oder "none" sein (ist: ${tts})`);
  const voice = env.ASSISTANT_TTS_VOICE || "de";
  if (!/^[a-zA-Z0-9+_/-]{1,40}$/.test(voice)) throw new ConfigError(`ASSISTANT_TTS_VOICE ist kein Stimmenname: ${voice}`);
  const llmUrl = env.ASSISTANT_LLM_URL || undefined;
  if (llmUrl) {
    try {
      new URL(llmUrl);
    } catch {
      throw new ConfigError(`ASSISTANT_LLM_URL ist keine gültige URL: ${llmUrl}`);
    }
  }
  const hoursText = env.ASSISTANT_LIVE_HOURS ?? "Mo-Fr 08:00-16:00";
  let hours: WeeklyHours;
  try {
    hours = parseWeeklyHours(hoursText);
  } catch (err) {
    throw new ConfigError(`ASSISTANT_LIVE_HOURS: ${(err as Error).message}`);
  }
  const claimMinutes = int("ASSISTANT_LIVE_CLAIM_MINUTES", env.ASSISTANT_LIVE_CLAIM_MINUTES, 5);
  const retentionDays = int("ASSISTANT_LIVE_RETENTION_DAYS", env.ASSISTANT_LIVE_RETENTION_DAYS, 30);
  if (claimMinutes < 1 || claimMinutes > 120) throw new ConfigError("ASSISTANT_LIVE_CLAIM_MINUTES muss zwischen 1 und 120 liegen.");
  if (retentionDays < 1) throw new ConfigError("ASSISTANT_LIVE_RETENTION_DAYS muss mindestens 1 sein.");
  const officeHours = new Map<string, { hours: WeeklyHours; hoursText: string }>();
  for (const part of (env.ASSISTANT_LIVE_OFFICE_HOURS ?? "").split("|")) {
    if (!part.trim()) continue;
    const m = /^\s*([a-z0-9][a-z0-9._-]*)\s*=(.*)$/i.exec(part);
    if (!m) throw new ConfigError(`ASSISTANT_LIVE_OFFICE_HOURS: "${part.trim()}" hat nicht die Form "schlüssel-der-stelle=Mo-Fr 08:00-12:00"`);
    try {
      officeHours.set(m[1]!, { hours: parseWeeklyHours(m[2]!), hoursText: m[2]!.trim() });
    } catch (err) {
      throw new ConfigError(`ASSISTANT_LIVE_OFFICE_HOURS (${m[1]}): ${(err as Error).message}`);
    }
  }
  const alertMinutes = int("ASSISTANT_LIVE_ALERT_MINUTES", env.ASSISTANT_LIVE_ALERT_MINUTES, Math.min(2, claimMinutes - 1));
  if (alertMinutes < 0 || (alertMinutes > 0 && alertMinutes >= claimMinutes)) throw new ConfigError("ASSISTANT_LIVE_ALERT_MINUTES muss 0 (aus) oder kleiner als ASSISTANT_LIVE_CLAIM_MINUTES sein.");
  const phoneTransfer = new Map<string, string>();
  for (const part of (env.ASSISTANT_PHONE_TRANSFER ?? "").split("|")) {
    if (!part.trim()) continue;
    const m = /^\s*(\*|[a-z0-9][a-z0-9._-]*)\s*=\s*(\+?[0-9*#]{2,20})\s*$/i.exec(part);
    if (!m) throw new ConfigError(`ASSISTANT_PHONE_TRANSFER: "${part.trim()}" hat nicht die Form "schlüssel-der-stelle=200" oder "*=200" (Durchwahl oder Rufnummer aus Ziffern)`);
    phoneTransfer.set(m[1]!, m[2]!);
  }
  const alertTo = (env.ASSISTANT_LIVE_ALERT_TO ?? "").split(",").map((a) => a.trim()).filter(Boolean);
  for (const a of alertTo) if (!isEmailAddress(a)) throw new ConfigError(`ASSISTANT_LIVE_ALERT_TO: "${a}" ist keine E-Mail-Adresse`);
  return {
    live: { hours, hoursText: hoursText.trim(), claimMinutes, retentionDays, officeHours, alertMinutes, alertTo },
    phoneToken,
    phoneTransfer,
    tts,
    ttsCommand: env.ASSISTANT_TTS_COMMAND || "espeak-ng",
    ttsVoice: voice,
    llm: llmUrl
      ? { url: llmUrl.replace(/\/$/, ""), model: env.ASSISTANT_LLM_MODEL || "default", apiKey: env.ASSISTANT_LLM_KEY || undefined, timeoutMs: int("ASSISTANT_LLM_TIMEOUT_MS", env.ASSISTANT_LLM_TIMEOUT_MS, 8_000) }
      : undefined,
  };
}

