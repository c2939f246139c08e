/**
 * Speech output of the phone channel behind one small interface, so a county can plug in another
 * synthesiser (a commercial TTS server, a Piper/MaryTTS box) without touching the dialogue. The default
 * adapter runs Debian's espeak-ng locally (German voice): no text leaves the server.
 */
import { spawn } from "node:child_process";
import type { AssistantConfig } from "../../platform/config.js";

export interface SpeechSynthesizer {
  /** Short name for logs and the API ("espeak-ng"). */
  readonly name: string;
  /** The text spoken as a RIFF/WAVE file (PCM). */
  synthesize(text: string): Promise<Buffer>;
}

/** Longest text handed to the synthesiser (an answer with office, hours and menu is ~1,200 characters). */
export const MAX_SPEECH_CHARS = 3000;
const TIMEOUT_MS = 20_000;

/**
 * espeak-ng writes a streaming WAV to stdout with placeholder sizes (0x7ffff…): set the RIFF size and
 * the data chunk's size from the bytes actually written, so every player and telephone system accepts it.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") throw new Error("no RIFF/WAVE output");
  const out = Buffer.from(wav);
  out.writeUInt32LE(out.length - 8, 4);
  let at = 12;
  while (at + 8 <= out.length) {
    const id = out.toString("ascii", at, at + 4);
    if (id === "data") {
      out.writeUInt32LE(out.length - at - 8, at + 4);
      return out;
    }
    at += 8 + out.readUInt32LE(at + 4);
  }
  throw new Error("WAV without data chunk");
}

/** espeak-ng (Debian package) as a child process: text on stdin (never on the command line), WAV on stdout. */
export function espeakSynthesizer(command: string, voice: string): SpeechSynthesizer {
  return {
    name: "espeak-ng",
    synthesize(text: string) {
      return new Promise<Buffer>((resolve, reject) => {
        const child = spawn(command, ["-v", voice, "--stdout", "--stdin"], { stdio: ["pipe", "pipe", "ignore"], timeout: TIMEOUT_MS });
        const chunks: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => chunks.push(c));
        child.on("error", reject);
        child.on("close", (code) => {
          if (code !== 0) return reject(new Error(`espeak-ng exited with ${code}`));
          try {
            resolve(fixWavSizes(Buffer.concat(chunks)));
          } catch (e) {
            reject(e as Error);
          }
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(text.slice(0, MAX_SPEECH_CHARS));
      });
    },
  };
}

/** The configured synthesiser, or undefined when speech output is off (ASSISTANT_TTS=none: text only). */
export function createSynthesizer(config: AssistantConfig): SpeechSynthesizer | undefined {
  return config.tts === "espeak-ng" ? espeakSynthesizer(config.ttsCommand, config.ttsVoice) : undefined;
}
