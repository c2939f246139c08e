import type { Catalogue, Locale } from "../../platform/i18n/index.js";

/** Texts of the attachments to statements (PDF, PNG, JPEG). */
export const participationAttachmentMessages: Record<Locale, Catalogue> = {
  de: {
    "participation.attachments.label": "Anlagen",
    "participation.attachments.hint": "PDF, PNG oder JPEG, höchstens {n} Dateien mit je bis zu {max}. Die Anlagen sehen nur die zuständigen Mitarbeiterinnen und Mitarbeiter.",
    "participation.attachments.error.count": "Bitte wählen Sie höchstens {n} Dateien aus.",
    "participation.attachments.error.again": "Bitte wählen Sie die Anlagen erneut aus. Der Browser behält ausgewählte Dateien nicht, wenn das Formular noch Fehler hat; Ihre übrigen Eingaben sind erhalten.",
    "participation.attachments.error.file": "„{name}“: {reason} Ihre übrigen Eingaben sind erhalten; bitte wählen Sie die Anlagen erneut aus.",
  },
  en: {
    "participation.attachments.label": "Attachments",
    "participation.attachments.hint": "PDF, PNG or JPEG, at most {n} files of up to {max} each. Only the responsible staff see the attachments.",
    "participation.attachments.error.count": "Please choose at most {n} files.",
    "participation.attachments.error.again": "Please choose the attachments again. Browsers do not keep chosen files while the form has errors; everything else you entered is kept.",
    "participation.attachments.error.file": "“{name}”: {reason} Everything else you entered is kept; please choose the attachments again.",
  },
};
