import type { Catalogue, Locale } from "../../platform/i18n/index.js";

/** Texts of file fields in the application flow. */
export const uploadMessages: Record<Locale, Catalogue> = {
  de: {
    "applications.upload.hint": "{types}, höchstens {max}.",
    "applications.upload.current": "Hochgeladen:",
    "applications.upload.replace": "Um sie zu ersetzen, wählen Sie eine andere Datei.",
    "applications.upload.remove": "Datei entfernen",
    "applications.upload.attachments": "Anlagen",
    "applications.upload.sha256": "SHA-256",
    "applications.upload.size": "Größe",
  },
  en: {
    "applications.upload.hint": "{types}, at most {max}.",
    "applications.upload.current": "Uploaded:",
    "applications.upload.replace": "To replace it, choose another file.",
    "applications.upload.remove": "Remove file",
    "applications.upload.attachments": "Attachments",
    "applications.upload.sha256": "SHA-256",
    "applications.upload.size": "Size",
  },
};
