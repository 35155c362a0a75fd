import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DocList } from './doc-list.js'
import { largestScores, takeAtLeast, topNonzero } from './score-scans.js'

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

  it('largestScores: the documents of the k largest nonzero scores', () => {
    fc.assert(
      fc.property(scoresArb, fc.integer({ min: 1, max: 12 }), fc.nat(), (scores, k, cut) => {
        const slots = scores.length === 0 ? 0 : cut % (scores.length + 1)
        const head = scores.subarray(0, slots)
        const found = Array.from(largestScores(scores, slots, k))
        const expected = [...head].filter((s) => s !== 0).sort((a, b) => b - a).slice(0, k)
        expect(new Set(found).size).toBe(found.length)
        for (const d of found) expect(d).toBeLessThan(slots)
        expect(found.map((d) => scores[d]!).sort((a, b) => b - a)).toEqual(expected)
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
})
