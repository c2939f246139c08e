/**
 * Normalisation of German text for search: lower case, ß → ss, umlauts → ae/oe/ue (so typed
 * "Muehlacker" and "Mühlacker" are one word), other accents removed, then split into tokens.
 */

/** Lower case, ä/ö/ü → ae/oe/ue, ß → ss, accents removed; keeps letters, digits and spaces only. */
export function foldText(s: string): string {
  let t = s.toLowerCase();
  // Fast path for plain ASCII (most catalogue words once folded); Unicode work only when needed.
  if (NON_ASCII.test(t)) {
    t = t.normalize("NFC").replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
    if (NON_ASCII.test(t)) t = t.normalize("NFD").replace(/\p{M}/gu, "");
  }
  return t.replace(/[^a-z0-9]+/g, " ").trim();
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The folded tokens of a text, in order ("Kfz-Zulassung" → ["kfz", "zulassung"]). */
export function tokenize(s: string): string[] {
  const folded = foldText(s);
  return folded ? folded.split(" ") : [];
}

/**
 * Matching key of a folded word or stem: ae/oe/ue → a/o/u. Applied after stemming on both sides,
 * so that "Muehlacker", "Mühlacker" and "Muhlacker" meet.
 */
export function matchKey(folded: string): string {
  return folded.replace(/([aou])e/g, "$1");
}

/** Words that carry no meaning for finding a service. */
export const STOPWORDS = new Set(
  (
    "a aber als bzw sowie wegen usw moechte moechten will wollen muss muessen benoetige benoetigen koennen soll sollen darf duerfen tun gerne hallo frage fragen am an auch auf aus bei beim bin bis bitte brauche brauchen da damit dann das dass dem den der des die dies diese dieser doch du ein eine einem einen einer eines er es fuer gibt habe haben hat ich ihr im in ins ist ja kann kein keine man mein meine meinem meinen meiner mich mir mit muss nach nicht noch nur ob oder sich sie sind so soll ueber um und uns vom von vor war was wer wie wir wird wo zu zum zur " +
    // Question words, pronouns and fillers that name no service ("welche papiere braucht mein hund").
    "welche welcher welches welchen wann warum wieso weshalb wohin woher wenn weil denn also mal schon jetzt " +
    "alt alte alten jahr jahre jaehrige jaehriger dafuer darum seit immer staendig allein alleine wieder danach mehr sehr viel ganz unser unsere unserem unseren unserer " +
    "ihn ihm ihre ihrem ihren ihrer sein seine seinem seinen seiner dein deine " +
    // Swabian function words (the county is in Baden-Wuerttemberg): "mei karre isch abgmeldet".
    "isch mei hen han en de dr d s do au oiner fuers fuern aufm moecht mecht " +
    // Swabian modal and auxiliary forms (2026-12-08): left in, "wellet" was read as a typo of "wallet" (→ Fundsachen).
    "wellet welled wella wellat wend mechdet mechtet mechd kennet kenntet daet daed daedet hend hemmer hett haett brauchet " +
    "the of for to and my how i a is do does what which where when who need want get got it its our we your you me " +
    "can could with on at from this that be are was there have has an some about"
  )
    .split(" ")
    .filter(Boolean),
);
