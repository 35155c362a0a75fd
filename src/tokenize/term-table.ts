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

/** FNV-1a over UTF-16 code units. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Distinct strings with dense ids, found by substring. */
export class TermTable {
  private readonly terms: string[] = []
  private hashes = new Uint32Array(64)
  /** Open addressing, linear probing: id + 1, 0 = empty. Length a power of two, at most half full. */
  private slots = new Int32Array(128)

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
    this.terms.push(start === 0 && end === text.length ? text : text.slice(start, end))
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

  private equals(id: number, text: string, start: number, end: number): boolean {
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
