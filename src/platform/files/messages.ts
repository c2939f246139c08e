import type { Catalogue, Locale } from "../i18n/index.js";

/** Messages about uploads, shown at the field that carried the file. */
export const filesMessages: Record<Locale, Catalogue> = {
  de: {
    "files.refused.empty": "Die ausgewählte Datei ist leer.",
    "files.refused.too_large": "Die Datei ist größer als {max}.",
    "files.refused.type": "Die Datei ist kein {types}.",
    "files.refused.active_content": "Die PDF-Datei enthält JavaScript oder Aktionen, die beim Öffnen ausgeführt werden, und wurde nicht angenommen. Bitte speichern Sie sie ohne diese Inhalte, zum Beispiel über „Drucken als PDF“.",
    "files.refused.damaged": "Das Bild ist beschädigt oder zu groß (höchstens 16.000 Pixel je Seite und 50 Megapixel) und wurde nicht angenommen.",
    "files.refused.infected": "Die Datei enthält einen Virus oder Schadcode und wurde nicht angenommen.",
    "files.refused.scan_failed": "Die Datei konnte nicht auf Viren geprüft werden. Bitte versuchen Sie es später erneut.",
    "files.refused.request_too_large": "Die Dateien sind zusammen größer als {max}. Bitte laden Sie sie einzeln hoch.",
    "files.refused.quota": "Sie haben in der letzten Stunde zu viele Daten hochgeladen. Bitte versuchen Sie es in einer Stunde erneut.",
    "files.refused.storage_full": "Der Speicher für noch nicht eingereichte Dateien ist zurzeit voll. Bitte versuchen Sie es später erneut.",
  },
  en: {
    "files.refused.empty": "The selected file is empty.",
    "files.refused.too_large": "The file is larger than {max}.",
    "files.refused.type": "The file is not a {types}.",
    "files.refused.active_content": "The PDF contains JavaScript or actions that run when it is opened and was not accepted. Please save it without them, for example with “Print to PDF”.",
    "files.refused.damaged": "The image is damaged or too large (at most 16,000 pixels a side and 50 megapixels) and was not accepted.",
    "files.refused.infected": "The file contains a virus or malware and was not accepted.",
    "files.refused.scan_failed": "The file could not be checked for viruses. Please try again later.",
    "files.refused.request_too_large": "The files together are larger than {max}. Please upload them one at a time.",
    "files.refused.quota": "You have uploaded too much data in the last hour. Please try again in an hour.",
    "files.refused.storage_full": "The storage for files not yet submitted is full at the moment. Please try again later.",
  },
};
