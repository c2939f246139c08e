/**
 * Compound splitting for German ("hundesteuerbefreiung" → hund | steuer | befreiung) with a
 * dictionary of compound parts (jwordsplitter/LanguageTool, CC BY-SA 4.0, see data/search/) plus
 * the catalogue's own vocabulary. Works on folded words (foldText), so "führerscheinumtausch" and
 * "fuehrerscheinumtausch" split alike.
 *
 * Among all ways to cut a word into dictionary parts (joined by the usual linking letters -s-, -es-,
 * -n-, -en-, -e-, -er-), the one with the fewest parts wins; each part is then split again, so the
 * result holds every level ("hundesteuer", "hund", "steuer", "befreiung").
 */

const LINKERS = ["", "s", "es", "n", "en", "e", "er", "ens"];

export interface DecompounderOptions {
  /** Shortest part that counts (shorter ones are too often accidental: "aus", "ei"). */
  minPart?: number;
  /** Words of at most this length are never split. */
  minWord?: number;
}

export class Decompounder {
  private readonly words = new Set<string>();
  /** First parts that are only valid before another part (verb stems: "wohn", "miet"). */
  private readonly prefixes = new Set<string>();
  private readonly exceptions = new Map<string, string[]>();
  private readonly cache = new Map<string, string[] | null>();
  private readonly minPart: number;
  private readonly minWord: number;

  constructor(opts: DecompounderOptions = {}) {
    this.minPart = opts.minPart ?? 3;
    this.minWord = opts.minWord ?? 6;
  }

  /** Adds folded words that may appear as parts. */
  addWords(words: Iterable<string>): this {
    for (const w of words) if (w.length >= this.minPart) this.words.add(w);
    this.cache.clear();
    return this;
  }

  removeWords(words: Iterable<string>): this {
    for (const w of words) this.words.delete(w);
    this.cache.clear();
    return this;
  }

  addPrefixes(words: Iterable<string>): this {
    for (const w of words) if (w.length >= this.minPart) this.prefixes.add(w);
    this.cache.clear();
    return this;
  }

  /** A known split that overrides the search ("buchungs|trick"). */
  addException(word: string, parts: string[]): this {
    this.exceptions.set(word, parts);
    this.cache.clear();
    return this;
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  get size(): number {
    return this.words.size;
  }

  /**
   * The top-level split with the fewest parts (linking letters dropped), or null when the word
   * cannot be split into two or more known parts.
   */
  splitOnce(word: string): string[] | null {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const result = this.compute(word);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private compute(word: string): string[] | null {
    const exception = this.exceptions.get(word);
    if (exception) return exception.length > 1 ? exception : null;
    const n = word.length;
    if (n <= this.minWord) return null;
    // best[i]: fewest parts covering word[0, i), as [parts, linkers, back pointer].
    type Cell = { parts: number; linkers: number; from: number; part: string } | undefined;
    const best: Cell[] = new Array(n + 1).fill(undefined);
    best[0] = { parts: 0, linkers: 0, from: -1, part: "" };
    for (let i = 0; i < n; i++) {
      const cell = best[i];
      if (!cell) continue;
      for (let j = i + this.minPart; j <= n; j++) {
        const part = word.slice(i, j);
        const isLast = j === n;
        const known = this.words.has(part) || (!isLast && this.prefixes.has(part));
        if (!known) continue;
        if (i === 0 && isLast) continue; // the whole word is not a split
        for (const link of isLast ? [""] : LINKERS) {
          if (link && !word.startsWith(link, j)) continue;
          const end = j + link.length;
          if (end > n || (end === n && link)) continue;
          const cand = { parts: cell.parts + 1, linkers: cell.linkers + (link ? 1 : 0), from: i, part };
          const cur = best[end];
          if (!cur || cand.parts < cur.parts || (cand.parts === cur.parts && cand.linkers < cur.linkers)) best[end] = cand;
        }
      }
    }
    const last = best[n];
    if (!last || last.parts < 2) return null;
    const parts: string[] = [];
    let at = n;
    // Walk back: find the cell that ended at `at`.
    let cell: Cell = last;
    while (cell && cell.from >= 0) {
      parts.unshift(cell.part);
      at = cell.from;
      cell = best[at];
    }
    return parts;
  }

  /** The finest split: every part split again until nothing splits ("hund", "steuer", "befreiung"). */
  splitFinest(word: string, depth = 0): string[] {
    const once = depth < 4 ? this.splitOnce(word) : null;
    if (!once) return [word];
    return once.flatMap((p) => this.splitFinest(p, depth + 1));
  }

  /** All parts on every level, without the word itself ([] when it does not split). */
  allParts(word: string): string[] {
    const out = new Set<string>();
    const walk = (w: string, depth: number) => {
      const once = depth < 4 ? this.splitOnce(w) : null;
      if (!once) return;
      for (const p of once) {
        out.add(p);
        walk(p, depth + 1);
      }
    };
    walk(word, 0);
    return [...out];
  }
}
