/** The portal's own pages that search finds (path, German title, words people use for them). */
export const STATIC_PAGES: Array<{ path: string; title: string; keywords: string }> = [
  { path: "/impressum", title: "Impressum", keywords: "Anbieter Herausgeber Kontakt Anschrift Verantwortlich Landratsamt" },
  { path: "/datenschutz", title: "Datenschutzerklärung", keywords: "Datenschutz DSGVO personenbezogene Daten Cookies Auskunft Löschung" },
  { path: "/barrierefreiheit", title: "Erklärung zur Barrierefreiheit", keywords: "Barrierefreiheit barrierefrei Barriere melden Screenreader" },
  { path: "/leichte-sprache", title: "Leichte Sprache", keywords: "Leichte Sprache einfach erklärt" },
  { path: "/quellen", title: "Quellen und Lizenzen", keywords: "Quellen Lizenzen Daten Open Source Urheber" },
  { path: "/konto", title: "Mein Konto", keywords: "Konto Benutzerkonto Profil Postfach Anträge" },
  { path: "/anmelden", title: "Anmelden im Portal", keywords: "Login Einloggen Konto Passwort" },
  { path: "/registrieren", title: "Konto erstellen", keywords: "Registrierung registrieren Konto anlegen neues Konto" },
  { path: "/leistungen", title: "Leistungen von A bis Z", keywords: "Leistungen Dienstleistungen Übersicht A-Z Verwaltungsleistungen" },
  { path: "/suche", title: "Suche", keywords: "Suche suchen finden" },
];
