/**
 * Calculations shown on "check your answers" and the receipt. Each form names one by `calculation`.
 * The dog tax is a yearly municipal tax, not a fee for the application itself.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FORMS_DIR } from "./definition.js";
import type { Answers } from "./answers.js";

export interface CalculationResult {
  title: string;
  lines: Array<{ label: string; cents: number }>;
  totalCents: number;
  note?: string;
}

interface DogTaxRate {
  first: number;
  further: number;
  dangerous: number;
  demo: boolean;
}

let dogRates: Record<string, DogTaxRate> | undefined;
/** Yearly dog tax rates per municipality (AGS), from data/forms/hundesteuer-saetze.json. */
export function dogTaxRates(): Record<string, DogTaxRate> {
  dogRates ??= (JSON.parse(readFileSync(path.join(FORMS_DIR, "hundesteuer-saetze.json"), "utf8")) as { rates: Record<string, DogTaxRate> }).rates;
  return dogRates;
}

/** The yearly dog tax: first ordinary dog, every further ordinary dog, dangerous dogs at their own rate. */
export function dogTax(answers: Answers, municipalityName: (ags: string) => string): CalculationResult | undefined {
  const ags = String(answers.gemeinde ?? "");
  const rate = dogTaxRates()[ags];
  const dogs = (answers.hunde as Array<Record<string, unknown>> | undefined) ?? [];
  if (!rate || dogs.length === 0) return undefined;
  let ordinary = 0;
  const lines = dogs.map((d) => {
    const name = String(d.name ?? "Hund");
    if (d.gefaehrlich === true) return { label: `${name} (gefährlicher Hund)`, cents: rate.dangerous * 100 };
    ordinary += 1;
    return ordinary === 1 ? { label: `${name} (erster Hund)`, cents: rate.first * 100 } : { label: `${name} (weiterer Hund)`, cents: rate.further * 100 };
  });
  return {
    title: `Voraussichtliche Hundesteuer in ${municipalityName(ags)} pro Jahr`,
    lines,
    totalCents: lines.reduce((s, l) => s + l.cents, 0),
    note: `${rate.demo ? "Demo-Werte, noch nicht mit der Hundesteuersatzung abgeglichen. " : ""}Bereits angemeldete Hunde können den Satz für weitere Hunde auslösen; verbindlich ist der Steuerbescheid der Gemeinde.`,
  };
}

/** Runs the calculation a form names (undefined when it has none or it does not apply). */
export function calculate(name: string | undefined, answers: Answers, codeLabel: (list: string, value: string) => string): CalculationResult | undefined {
  if (name === "hundesteuer") return dogTax(answers, (ags) => codeLabel("gemeinden", ags));
  return undefined;
}
