/**
 * The lengths of a set of phrases, by their first code units: what a finder of phrases inside a
 * text (the keyword index, the thesaurus) probes at each position. Most positions start no
 * phrase and cost one lookup, in place (no string made); the rest cost one lookup per length
 * some phrase under that prefix actually has.
 *
 * It holds no phrases: the finder looks each candidate stretch up in its own table.
 */
import { TermTable } from './term-table.js'

/** Phrase lengths by prefix: bit n of a prefix's mask is set when some phrase of length n starts with it. */
export class PhraseLengths {
  private readonly prefixes = new TermTable()
  private masks = new Int32Array(64)

  /** @param prefixLength The code units a prefix has: the shortest phrase's length. */
  constructor(readonly prefixLength: number) {}

  /** Notes a phrase (at least `prefixLength` and at most 31 code units long). Nothing is ever taken back: a stale bit costs a lookup. */
  note(phrase: string): void {
    const id = this.prefixes.intern(phrase, 0, this.prefixLength)
    if (id >= this.masks.length) {
      const masks = new Int32Array(2 * this.masks.length)
      masks.set(this.masks)
      this.masks = masks
    }
    this.masks[id]! |= 1 << phrase.length
  }

  /** The length mask of the phrases noted that start with `text`'s prefix at `start`; 0 when none do. */
  at(text: string, start: number): number {
    const id = this.prefixes.idOf(text, start, start + this.prefixLength)
    return id < 0 ? 0 : this.masks[id]!
  }
}

/**
 * Whether a phrase boundary at `at` would cut an ASCII alphanumeric run (a letter or digit on
 * both sides): a phrase found in a text may not start or end inside one — "10" is not in "100",
 * "igbt" is in "igbt模块". Text is normalised: full-width forms are already half-width.
 */
export function cutsAlnumRun(text: string, at: number): boolean {
  return at > 0 && at < text.length && isAlnum(text.charCodeAt(at - 1)) && isAlnum(text.charCodeAt(at))
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
}
