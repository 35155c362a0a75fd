/**
 * A term table: distinct strings ↔ dense ids, looked up by a substring of a longer text
 * (`text`, `start`, `end`) without creating the substring. Index builds intern every token of
 * every record; with a `Map<string, number>` that is one new string and one hash-map probe per
 * token, and at 10^5 records the probes miss the CPU cache (about 1 µs each here). This table
 * hashes the characters in place and probes one typed array; a string is made only for a term
 * seen for the first time.
 *
 * It is not a general map: ids are assigned in insertion order and never removed.
 */
import { invariant } from '../errors.js'

/** FNV-1a over UTF-16 code units. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/**
 * `text.slice(start, end)` as a string of its own. V8 makes a slice of 13 or more characters a
 * view that keeps all of `text` alive; a table keeps its terms for good, and interning from a
 * large text (a batch's terms end to end, a record's field) must not keep that text.
 */
function ownString(text: string, start: number, end: number): string {
  const slice = text.slice(start, end)
  return end - start < 13 ? slice : (JSON.parse(JSON.stringify(slice)) as string)
}

/**
 * What both tables share: open addressing with linear probing over `slots` (id + 1, 0 = empty;
 * a power-of-two length, at most half full) and each id's hash, looked up by substring.
 */
abstract class HashedTerms {
  protected abstract slots: Int32Array
  protected abstract hashes: Uint32Array

  /** Whether term `id` equals `text.slice(start, end)`. */
  protected abstract equals(id: number, text: string, start: number, end: number): boolean

  /** The id of `text.slice(start, end)`, or -1. */
  idOf(text: string, start = 0, end = text.length): number {
    const hash = hashOf(text, start, end)
    const mask = this.slots.length - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!
      if (slot === 0) return -1
      if (this.hashes[slot - 1] === hash && this.equals(slot - 1, text, start, end)) return slot - 1
    }
  }
}

export class TermTable extends HashedTerms {
  private readonly terms: string[] = []
  protected hashes = new Uint32Array(64)
  /** Open addressing, linear probing: id + 1, 0 = empty. Length a power of two, at most half full. */
  protected slots = new Int32Array(128)

  /**
   * A table holding `terms`, term id = position, sized for them at once (no growing, no
   * rehashing: a loaded index's 10^5–10^6 terms cost one hash and one probe sequence each).
   *
   * @param terms Distinct strings. Copied.
   * @throws MatchError INTERNAL when a string repeats.
   */
  static from(terms: readonly string[]): TermTable {
    const table = new TermTable()
    const T = terms.length
    let slotCount = table.slots.length
    while (slotCount < 2 * (T + 1)) slotCount *= 2
    const slots = new Int32Array(slotCount)
    const hashes = new Uint32Array(Math.max(table.hashes.length, T))
    const mask = slotCount - 1
    for (let id = 0; id < T; id++) {
      const term = terms[id]!
      const hash = hashOf(term, 0, term.length)
      hashes[id] = hash
      let s = hash & mask
      for (; slots[s] !== 0; s = (s + 1) & mask) {
        const other = slots[s]! - 1
        invariant(hashes[other] !== hash || terms[other] !== term, `terms are distinct (${JSON.stringify(term)} repeats)`)
      }
      slots[s] = id + 1
    }
    for (let id = 0; id < T; id++) table.terms.push(terms[id]!)
    table.hashes = hashes
    table.slots = slots
    return table
  }

  /** Number of terms. Ids are below it. */
  get size(): number {
    return this.terms.length
  }

  /** The term with this id. */
  term(id: number): string {
    return this.terms[id]!
  }

  /** All terms; id = position. The array is the table's own: do not change it. */
  list(): readonly string[] {
    return this.terms
  }

  /** The id of `text.slice(start, end)`, adding it when new. */
  intern(text: string, start = 0, end = text.length): number {
    const hash = hashOf(text, start, end)
    const mask = this.slots.length - 1
    let s = hash & mask
    for (; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!
      if (slot === 0) break
      if (this.hashes[slot - 1] === hash && this.equals(slot - 1, text, start, end)) return slot - 1
    }
    const id = this.terms.length
    this.terms.push(start === 0 && end === text.length ? text : ownString(text, start, end))
    if (id >= this.hashes.length) {
      const hashes = new Uint32Array(this.hashes.length * 2)
      hashes.set(this.hashes)
      this.hashes = hashes
    }
    this.hashes[id] = hash
    this.slots[s] = id + 1
    if ((id + 1) * 2 > this.slots.length) this.rehash()
    return id
  }

  protected equals(id: number, text: string, start: number, end: number): boolean {
    const term = this.terms[id]!
    if (term.length !== end - start) return false
    for (let i = 0; i < term.length; i++) if (term.charCodeAt(i) !== text.charCodeAt(start + i)) return false
    return true
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let id = 0; id < this.terms.length; id++) {
      let s = this.hashes[id]! & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = id + 1
    }
    this.slots = slots
  }
}

/**
 * A fixed term table over terms stored end to end in one string, as a snapshot stores them:
 * lookups compare characters in place, and a term's string is made only when asked for. A
 * loaded index of ~800k terms thus holds two typed arrays and one string instead of 800k
 * strings (whose allocation and garbage collection were a good part of a load).
 *
 * It is not a {@link TermTable}: nothing can be added; {@link PackedTermTable.toTermTable} makes one.
 */
export class PackedTermTable extends HashedTerms {
  private readonly text: string
  private readonly offsets: Uint32Array
  protected readonly hashes: Uint32Array
  /** Open addressing, linear probing: id + 1, 0 = empty. Length a power of two, at most half full. */
  protected readonly slots: Int32Array

  /**
   * @param text The terms, one after another.
   * @param offsets Term id i is `text.slice(offsets[i], offsets[i + 1])`: non-decreasing, from 0
   * to `text.length` (the caller checks). Kept by reference.
   * @throws MatchError INTERNAL when a term repeats.
   */
  constructor(text: string, offsets: Uint32Array) {
    super()
    invariant(offsets.length > 0 && offsets[0] === 0 && offsets[offsets.length - 1] === text.length, 'term offsets span the text')
    this.text = text
    this.offsets = offsets
    const T = offsets.length - 1
    let slotCount = 128
    while (slotCount < 2 * (T + 1)) slotCount *= 2
    const slots = new Int32Array(slotCount)
    const hashes = new Uint32Array(T)
    const mask = slotCount - 1
    for (let id = 0; id < T; id++) {
      const start = offsets[id]!
      const end = offsets[id + 1]!
      const hash = hashOf(text, start, end)
      hashes[id] = hash
      let s = hash & mask
      for (; slots[s] !== 0; s = (s + 1) & mask) {
        const other = slots[s]! - 1
        invariant(hashes[other] !== hash || !this.equals(other, text, start, end), `terms are distinct (${JSON.stringify(text.slice(start, end))} repeats)`)
      }
      slots[s] = id + 1
    }
    this.hashes = hashes
    this.slots = slots
  }

  /** Number of terms. Ids are below it. */
  get size(): number {
    return this.offsets.length - 1
  }

  /** The terms end to end and where each starts (term id i is `text.slice(offsets[i], offsets[i + 1])`); the table's own. */
  packed(): { readonly text: string; readonly offsets: Uint32Array } {
    return { text: this.text, offsets: this.offsets }
  }

  /** The term with this id (a new string each call). */
  term(id: number): string {
    return this.text.slice(this.offsets[id], this.offsets[id + 1])
  }

  /** A growable table of the same terms and ids. */
  toTermTable(): TermTable {
    const terms = new Array<string>(this.size)
    for (let id = 0; id < terms.length; id++) terms[id] = this.term(id)
    return TermTable.from(terms)
  }

  protected equals(id: number, text: string, start: number, end: number): boolean {
    const from = this.offsets[id]!
    if (this.offsets[id + 1]! - from !== end - start) return false
    for (let i = 0; i < end - start; i++) if (this.text.charCodeAt(from + i) !== text.charCodeAt(start + i)) return false
    return true
  }
}
