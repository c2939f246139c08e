import type { Catalogue, Locale } from "../../platform/i18n/index.js";

export const appointmentMessages: Record<Locale, Catalogue> = {
  de: { "nav.appointments": "Termine" },
  en: { "nav.appointments": "Appointments" },
};
