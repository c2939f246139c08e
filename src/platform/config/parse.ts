/** What the configuration's parts share: the error with a German message, and the number parsers. */

export class ConfigError extends Error {}

/** LEARNING_RENEWAL_REMINDER_DAYS: comma-separated whole days 1–365, distinct; returned in descending order (the first reminder first). */
export function parseReminderDays(name: string, value: string | undefined, fallback: number[]): number[] {
  if (value === undefined || value.trim() === "") return fallback;
  const parts = value.split(",").map((p) => p.trim());
  const days = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || days.some((d) => d < 1 || d > 365)) throw new ConfigError(`${name} muss eine Liste ganzer Tage von 1 bis 365 sein, durch Kommas getrennt, z. B. 60,14,1 (ist: ${value})`);
  if (new Set(days).size !== days.length) throw new ConfigError(`${name} nennt einen Tag doppelt (ist: ${value})`);
  return days.sort((a, b) => b - a);
}

export function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} muss eine ganze Zahl sein (ist: ${value})`);
  return n;
}

