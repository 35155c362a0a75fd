import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DocList } from './doc-list.js'
import { takeAtLeast, takeNearLargest, topNonzero } from './score-scans.js'

// Scores as a query leaves them: many zeros, ties, any length (not only multiples of four).
const scoreArb = fc.oneof(fc.constant(0), fc.constantFrom(1, 2, 2.5, 3), fc.double({ min: 0, max: 10, noNaN: true }))
const scoresArb = fc.array(scoreArb, { maxLength: 70 }).map((a) => Float64Array.from(a))

/** The nonzero scores' docIndexes, ascending. */
const nonzeroDocs = (scores: Float64Array) => [...scores.keys()].filter((d) => scores[d] !== 0)
/** The k-th largest nonzero score, -Infinity when fewer than k. */
const kthBest = (scores: Float64Array, k: number) => {
  const sorted = [...scores].filter((s) => s !== 0).sort((a, b) => b - a)
  return sorted.length >= k && k > 0 ? sorted[k - 1]! : -Infinity
}

describe('score scans', () => {
  it('topNonzero: the n-th best nonzero score, a superset of the documents reaching it, and every nonzero one listed', () => {
    fc.assert(
      fc.property(scoresArb, fc.integer({ min: 0, max: 8 }), fc.boolean(), (scores, n, list) => {
        const out = list ? new DocList() : undefined
        const { floor, docs } = topNonzero(scores, out, n)
        if (out) expect(Array.from(out.ids.subarray(0, out.length))).toEqual(nonzeroDocs(scores))
        if (n === 0) return
        expect(floor).toBe(kthBest(scores, n))
        expect(docs).toEqual([...docs].sort((a, b) => a - b))
        for (const d of docs) expect(scores[d]).not.toBe(0)
        for (const d of nonzeroDocs(scores)) if (scores[d]! >= floor) expect(docs).toContain(d)
      }),
      { numRuns: 500 },
    )
  })

  it('takeAtLeast: exactly the nonzero scores at or above the floor, in docIndex order, and the scores cleared', () => {
    fc.assert(
      fc.property(scoresArb, fc.oneof(fc.constant(-Infinity), fc.constantFrom(0, 1, 2, 2.5, 3), fc.double({ min: 0, max: 10, noNaN: true })), (scores, floor) => {
        const before = Float64Array.from(scores)
        const kept = new Int32Array(scores.length)
        const raw = new Float64Array(scores.length)
        const n = takeAtLeast(scores, scores.length, floor, kept, raw)
        const expected = nonzeroDocs(before).filter((d) => before[d]! >= floor)
        expect(Array.from(kept.subarray(0, n))).toEqual(expected)
        expect(Array.from(raw.subarray(0, n))).toEqual(expected.map((d) => before[d]!))
        expect(scores.every((s) => s === 0)).toBe(true)
      }),
    )
  })

  it('takeNearLargest: the documents of the k largest nonzero scores, and every nonzero score at least ratio × the k-th largest kept (in order, a superset), the scores untouched', () => {
    fc.assert(
      fc.property(scoresArb, fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 0.5, 0.8145, 1), fc.nat(), (scores, k, ratio, cut) => {
        const slots = scores.length === 0 ? 0 : cut % (scores.length + 1)
        const before = Float64Array.from(scores)
        const kept = new Int32Array(scores.length)
        const raw = new Float64Array(scores.length)
        const { size, largest } = takeNearLargest(scores, slots, k, ratio, kept, raw)
        const found = Array.from(largest)
        expect(new Set(found).size).toBe(found.length)
        for (const d of found) expect(d).toBeLessThan(slots)
        expect(found.map((d) => before[d]!).sort((a, b) => b - a)).toEqual([...before.subarray(0, slots)].filter((s) => s !== 0).sort((a, b) => b - a).slice(0, k))
        const docs = Array.from(kept.subarray(0, size))
        expect(Array.from(raw.subarray(0, size))).toEqual(docs.map((d) => before[d]!))
        const nonzero = nonzeroDocs(before.subarray(0, slots))
        // In docIndex order, each a nonzero score of the first slots.
        expect(docs).toEqual(nonzero.filter((d) => docs.includes(d)))
        const kth = [...before.subarray(0, slots)].filter((s) => s !== 0).sort((a, b) => b - a)[k - 1]
        // Fewer than k nonzero scores (or k = 0): every nonzero one is kept.
        if (kth === undefined || k === 0) expect(docs).toEqual(nonzero)
        else for (const d of nonzero) if (before[d]! >= ratio * kth) expect(docs).toContain(d)
        expect(Array.from(scores)).toEqual(Array.from(before))
      }),
      { numRuns: 500 },
    )
  })
})
