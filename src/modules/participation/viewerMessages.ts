import type { Catalogue, Locale } from "../../platform/i18n/index.js";

/** Texts of the PDF viewer (PDF.js) and its click-to-place link to the statement form; the script reads them from data attributes. */
export const participationViewerMessages: Record<Locale, Catalogue> = {
  de: {
    "participation.viewer.open": "„{title}“ im Browser ansehen",
    "participation.viewer.title": "Unterlage ansehen: {title}",
    "participation.viewer.intro": "Die Unterlage erscheint hier Seite für Seite. Klicken Sie auf einen Absatz oder markieren Sie Text: Der Link „Zu dieser Stelle Stellung nehmen“ trägt Unterlage, Seite und Absatz in das Formular ein.",
    "participation.viewer.fallback": "Ohne JavaScript laden Sie die Unterlage herunter und nennen im Formular Seite oder Absatz.",
    "participation.viewer.download": "Unterlage herunterladen (PDF)",
    "participation.viewer.comment": "Zu dieser Unterlage Stellung nehmen",
    "participation.viewer.commentHere": "Zu dieser Stelle Stellung nehmen",
    "participation.viewer.pageOf": "Seite {n} von {total}",
    "participation.viewer.page": "Seite {n}",
    "participation.viewer.place": "Seite {n}: „{text}“",
    "participation.viewer.chosen": "Gewählte Stelle: {place}",
    "participation.viewer.none": "Noch keine Stelle gewählt.",
    "participation.viewer.loading": "Die Unterlage wird geladen …",
    "participation.viewer.error": "Die Unterlage konnte nicht angezeigt werden. Bitte laden Sie sie herunter.",
    "participation.viewer.choosePage": "Seite {n} wählen",
  },
  en: {
    "participation.viewer.open": "View \"{title}\" in the browser",
    "participation.viewer.title": "View document: {title}",
    "participation.viewer.intro": "The document appears here page by page. Click a paragraph or select text: the link \"Comment on this place\" puts document, page and paragraph into the form.",
    "participation.viewer.fallback": "Without JavaScript, download the document and name the page or paragraph in the form.",
    "participation.viewer.download": "Download the document (PDF)",
    "participation.viewer.comment": "Comment on this document",
    "participation.viewer.commentHere": "Comment on this place",
    "participation.viewer.pageOf": "Page {n} of {total}",
    "participation.viewer.page": "Page {n}",
    "participation.viewer.place": "Page {n}: \"{text}\"",
    "participation.viewer.chosen": "Chosen place: {place}",
    "participation.viewer.none": "No place chosen yet.",
    "participation.viewer.loading": "Loading the document …",
    "participation.viewer.error": "The document could not be shown. Please download it.",
    "participation.viewer.choosePage": "Choose page {n}",
  },
};
