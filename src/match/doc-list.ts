/**
 * A list of docIndexes on a reusable Int32Array: the documents a query touched. A matcher keeps
 * one and clears it per query (length = 0), so a query allocates nothing corpus-sized and a
 * push is a store, not a JS array growing (≈17 ns a push at 20k+ documents).
 *
 * Not a set: it keeps duplicates when a caller pushes one twice.
 */
export class DocList {
  /** The docIndexes, in the first `length` slots. */
  ids: Int32Array
  length = 0

  constructor(capacity = 0) {
    this.ids = new Int32Array(capacity)
  }

  /** Makes room for `capacity` entries, keeping the current ones. */
  reserve(capacity: number): void {
    if (this.ids.length >= capacity) return
    const grown = new Int32Array(Math.max(capacity, this.ids.length * 2))
    grown.set(this.ids.subarray(0, this.length))
    this.ids = grown
  }

  push(docIndex: number): void {
    if (this.length === this.ids.length) this.reserve(this.length + 1)
    this.ids[this.length++] = docIndex
  }

  /** The entry at i (i < length). */
  at(i: number): number {
    return this.ids[i]!
  }
}
