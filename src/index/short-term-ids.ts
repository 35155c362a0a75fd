/**
 * Short-term slots: a term of one or two UTF-16 code units found by its code units as an
 * integer, with no hashing of characters and no string compared. The slot holds two numbers
 * side by side — the term's id (given by the caller) and one value the caller keeps per term —
 * so one cache line answers a lookup. Index builds meet such terms for most tokens: the
 * character channel's unigrams and bigrams all are, and most jieba words have one to three
 * characters.
 *
 * One unit: a direct array indexed by the unit (65,536 slots). Two units: open addressing over
 * the key `c1 << 16 | c2`, linear probing, at most 3/4 full (a character channel's batch of 4096
 * records has ~130k distinct bigrams: a smaller table stays in cache better than it loses to
 * longer probes, measured 10–15% faster than 1/2 full). The two never meet, so a lone
 * unit (a lone surrogate, say) is never confused with a surrogate pair starting with it.
 *
 * It is not a term table: it makes no strings and assigns no ids; terms of other lengths are
 * the caller's business.
 */

/** Int32s per slot of the two-unit table: key, id + 1 (0 = empty), value, padding (keeps slots within a cache line). */
const STRIDE = 4

/** Finds terms of one or two code units by their units; a slot holds the term's id and one caller value. */
export class ShortTermIds {
  /** Per one-unit term, at `2 · unit`: id + 1 (0 = absent), then the value. */
  private readonly single = new Int32Array(2 * 65_536)
  /** Two-unit terms: STRIDE int32s per slot. Slot count a power of two, at most 3/4 used. */
  private pairs = new Int32Array(STRIDE * 1024)
  private pairMask = 1023
  private pairCount = 0
  private singleCount = 0

  /** Number of terms held. */
  get size(): number {
    return this.singleCount + this.pairCount
  }

  /** Forgets every term, keeping the arrays (no new memory to fault in). */
  clear(): void {
    this.single.fill(0)
    this.pairs.fill(0)
    this.singleCount = this.pairCount = 0
  }

  /**
   * The slot of `text.slice(start, end)`, a term of one or two code units (the caller checks),
   * or -1 when absent. The slot stays valid until the next {@link add}.
   */
  slotOf(text: string, start: number, end: number): number {
    const c1 = text.charCodeAt(start)
    return end - start === 1 ? this.unitSlot(c1) : this.pairSlot((c1 << 16) | text.charCodeAt(start + 1))
  }

  /** {@link slotOf} the term of the one code unit `code`. */
  unitSlot(code: number): number {
    return this.single[2 * code] === 0 ? -1 : -2 - 2 * code
  }

  /** {@link slotOf} the term of the two code units c1 c2, given as `key = c1 << 16 | c2`. */
  pairSlot(key: number): number {
    const pairs = this.pairs
    for (let s = pairHash(key) & this.pairMask; ; s = (s + 1) & this.pairMask) {
      const at = s * STRIDE
      if (pairs[at + 1] === 0) return -1
      if (pairs[at] === key) return at
    }
  }

  /**
   * Adds `text.slice(start, end)`, a term of one or two code units that is absent, with this id
   * and value.
   * @returns Its slot (valid until the next add).
   */
  add(text: string, start: number, end: number, id: number, value: number): number {
    const c1 = text.charCodeAt(start)
    return end - start === 1 ? this.addUnit(c1, id, value) : this.addPair((c1 << 16) | text.charCodeAt(start + 1), id, value)
  }

  /** {@link add} the term of the one code unit `code`. */
  addUnit(code: number, id: number, value: number): number {
    this.singleCount++
    this.single[2 * code] = id + 1
    this.single[2 * code + 1] = value
    return -2 - 2 * code
  }

  /** {@link add} the term of the two code units given as `key = c1 << 16 | c2`. */
  addPair(key: number, id: number, value: number): number {
    if (4 * (this.pairCount + 1) > 3 * (this.pairMask + 1)) this.rehash()
    this.pairCount++
    let s = pairHash(key) & this.pairMask
    while (this.pairs[s * STRIDE + 1] !== 0) s = (s + 1) & this.pairMask
    const at = s * STRIDE
    this.pairs[at] = key
    this.pairs[at + 1] = id + 1
    this.pairs[at + 2] = value
    return at
  }

  /** The id at a slot. */
  id(slot: number): number {
    return (slot < 0 ? this.single[-2 - slot]! : this.pairs[slot + 1]!) - 1
  }

  /** The value at a slot. */
  value(slot: number): number {
    return slot < 0 ? this.single[-1 - slot]! : this.pairs[slot + 2]!
  }

  /** Sets the value at a slot. */
  setValue(slot: number, value: number): void {
    if (slot < 0) this.single[-1 - slot] = value
    else this.pairs[slot + 2] = value
  }

  private rehash(): void {
    const old = this.pairs
    const slots = 2 * (this.pairMask + 1)
    const pairs = new Int32Array(STRIDE * slots)
    const mask = slots - 1
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from + 1] === 0) continue
      let s = pairHash(old[from]!) & mask
      while (pairs[s * STRIDE + 1] !== 0) s = (s + 1) & mask
      const to = s * STRIDE
      pairs[to] = old[from]!
      pairs[to + 1] = old[from + 1]!
      pairs[to + 2] = old[from + 2]!
    }
    this.pairs = pairs
    this.pairMask = mask
  }
}

/** Fibonacci hashing: the key times 2^32/φ, high bits folded down (CJK bigram keys differ mostly in their low bits). */
function pairHash(key: number): number {
  const h = Math.imul(key, 0x9e3779b1)
  return h ^ (h >>> 15)
}
