/**
 * Top-k selection with deterministic ties: score descending, then id ascending, so the same
 * input gives the same output whatever the insertion order.
 */

/** A scored candidate. */
export interface Scored {
  readonly docIndex: number
  readonly id: string
  readonly score: number
}

/** Whether a ranks before b: higher score, then smaller id (code-unit order). */
export function ranksBefore(a: Scored, b: Scored): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id)
}

/**
 * The best k candidates, best first, in O(n log k) with a bounded heap.
 *
 * @param candidates Any order.
 * @param k How many; 0 gives [].
 * @returns A new sorted array; `topK(c, k)` is a prefix of `topK(c, k + 1)`.
 */
export function topK<T extends Scored>(candidates: Iterable<T>, k: number): T[] {
  if (k <= 0) return []
  // Min-heap on rank: the root is the worst of the kept candidates.
  const heap: T[] = []
  const worse = (i: number, j: number) => ranksBefore(heap[j]!, heap[i]!)
  const swap = (i: number, j: number) => {
    const t = heap[i]!
    heap[i] = heap[j]!
    heap[j] = t
  }
  for (const c of candidates) {
    if (heap.length < k) {
      heap.push(c)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!worse(i, parent)) break
        swap(i, parent)
        i = parent
      }
    } else if (ranksBefore(c, heap[0]!)) {
      heap[0] = c
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && worse(l, m)) m = l
        if (r < heap.length && worse(r, m)) m = r
        if (m === i) break
        swap(i, m)
        i = m
      }
    }
  }
  return heap.sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0))
}
