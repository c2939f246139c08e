/**
 * The Snowball German stemmer (https://snowballstem.org/algorithms/german/stemmer.html),
 * implemented from the published algorithm. Variant "german2" first turns ae/oe/ue (not after q)
 * into ä/ö/ü, so that "Muehlacker" and "Mühlacker" give the same stem; both variants strip the
 * umlauts at the end.
 */

const VOWELS = new Set(["a", "e", "i", "o", "u", "y", "ä", "ö", "ü"]);
const S_ENDING = new Set(["b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "t"]);
const ST_ENDING = new Set(["b", "d", "f", "g", "h", "k", "l", "m", "n", "t"]);

const isVowel = (c: string | undefined) => c !== undefined && VOWELS.has(c);

/** Start of the region after the first non-vowel that follows a vowel, from `from`. */
function regionStart(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

export type StemVariant = "german" | "german2";

/** Stems one lower-case German word. */
export function stemGerman(input: string, variant: StemVariant = "german2"): string {
  let w = input.toLowerCase().replace(/ß/g, "ss");
  if (variant === "german2") w = w.replace(/(^|[^q])ue/g, "$1ü").replace(/ae/g, "ä").replace(/oe/g, "ö");
  // u and y between vowels are consonants: mark them in upper case.
  const chars = [...w];
  for (let i = 1; i < chars.length - 1; i++) {
    if (isVowel(chars[i - 1]) && isVowel(chars[i + 1])) {
      if (chars[i] === "u") chars[i] = "U";
      else if (chars[i] === "y") chars[i] = "Y";
    }
  }
  w = chars.join("");
  if (w.length < 3) return finish(w);

  let r1 = regionStart(w, 0);
  const r2 = regionStart(w, r1);
  if (r1 < 3) r1 = 3;
  const inR1 = (len: number) => w.length - len >= r1;
  const inR2 = (len: number) => w.length - len >= r2;

  // Step 1
  {
    const m = /(ern|em|er)$/.exec(w) ?? /(en|es|e)$/.exec(w);
    const s = m?.[1];
    if (s && (s === "ern" || s === "em" || s === "er")) {
      if (inR1(s.length)) w = w.slice(0, -s.length);
    } else if (s) {
      if (inR1(s.length)) {
        w = w.slice(0, -s.length);
        if (w.endsWith("niss")) w = w.slice(0, -1);
      }
    } else if (w.endsWith("s") && S_ENDING.has(w[w.length - 2] ?? "") && inR1(1)) {
      w = w.slice(0, -1);
    }
  }
  // Step 2
  {
    const m = /(est|en|er)$/.exec(w);
    if (m?.[1]) {
      if (inR1(m[1].length)) w = w.slice(0, -m[1].length);
    } else if (w.endsWith("st") && inR1(2) && ST_ENDING.has(w[w.length - 3] ?? "") && w.length - 3 >= 3) {
      w = w.slice(0, -2);
    }
  }
  // Step 3: d-suffixes
  {
    const m = /(end|ung|isch|ig|ik|lich|heit|keit)$/.exec(w);
    const s = m?.[1];
    if (s === "end" || s === "ung") {
      if (inR2(s.length)) {
        w = w.slice(0, -s.length);
        if (w.endsWith("ig") && inR2(2) && w[w.length - 3] !== "e") w = w.slice(0, -2);
      }
    } else if (s === "ig" || s === "ik" || s === "isch") {
      if (inR2(s.length) && w[w.length - s.length - 1] !== "e") w = w.slice(0, -s.length);
    } else if (s === "lich" || s === "heit") {
      if (inR2(s.length)) {
        w = w.slice(0, -s.length);
        const e = /(er|en)$/.exec(w);
        if (e && inR1(2)) w = w.slice(0, -2);
      }
    } else if (s === "keit") {
      if (inR2(4)) {
        w = w.slice(0, -4);
        const e = /(lich|ig)$/.exec(w);
        if (e?.[1] && inR2(e[1].length)) w = w.slice(0, -e[1].length);
      }
    }
  }
  return finish(w);
}

function finish(w: string): string {
  return w.replace(/U/g, "u").replace(/Y/g, "y").replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u");
}
