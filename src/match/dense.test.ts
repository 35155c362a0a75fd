import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectInvalid } from '../../test/helpers/errors.js'
import { createDenseChannel, type DenseRecord } from './dense.js'
import { mulberry32 as random } from '../../test/helpers/random.js'

const randomVector = (next: () => number, dimension: number) => Array.from({ length: dimension }, () => next() * 2 - 1)

/** Cosine over the float32-rounded record values, in float64: what the channel should return. */
function bruteCosine(q: readonly number[], v: readonly number[]): number {
  let dot = 0
  let qq = 0
  let vv = 0
  for (let i = 0; i < q.length; i++) {
    const x = Math.fround(v[i]!)
    dot += q[i]! * x
    qq += q[i]! * q[i]!
    vv += x * x
  }
  return dot / (Math.sqrt(qq) * Math.sqrt(vv))
}

/** `count` random records of `dimension`, plus, at `plantAt`, a near neighbour of `query` (noise ≈ 5% of its norm). */
function plantedCorpus(seed: number, dimension: number, count: number, plantAt: number) {
  const next = random(seed)
  const query = randomVector(next, dimension)
  const records: DenseRecord[] = Array.from({ length: count }, (_, i) => ({ id: `A${i}`, vector: randomVector(next, dimension) }))
  const norm = Math.hypot(...query)
  const noise = randomVector(next, dimension)
  const noiseNorm = Math.hypot(...noise)
  records[plantAt] = { id: 'PLANTED', vector: query.map((x, i) => x + (0.05 * norm * noise[i]!) / noiseNorm) }
  return { query, records }
}

const argmax = (scores: Map<number, number>) => [...scores].reduce((best, e) => (e[1] > best[1] ? e : best))[0]

describe('createDenseChannel', () => {
  it('ranks a planted near neighbour first among 500 seeded random vectors', () => {
    const { query, records } = plantedCorpus(42, 64, 500, 317)
    const dense = createDenseChannel(records)
    expect([dense.dimension, dense.size]).toEqual([64, 500])
    const scores = dense.score(query)
    expect(argmax(scores)).toBe(317)
    expect(scores.get(317)!).toBeGreaterThan(0.99)
  })
  it('ranks the planted neighbour first whatever the seed, dimension and position', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 8, max: 96 }), fc.integer({ min: 1, max: 200 }), fc.nat(), (seed, dimension, count, at) => {
        const { query, records } = plantedCorpus(seed, dimension, count, at % count)
        expect(argmax(createDenseChannel(records).score(query))).toBe(at % count)
      }),
    )
  })
  it('returns the cosine of the float32-stored vectors, keyed by the record’s position', () => {
    const next = random(7)
    const records = Array.from({ length: 20 }, (_, i) => ({ id: `A${i}`, vector: randomVector(next, 16) }))
    const query = randomVector(next, 16)
    const scores = createDenseChannel(records).score(query)
    expect(scores.size).toBe(20)
    records.forEach((r, i) => expect(scores.get(i)).toBeCloseTo(bruteCosine(query, r.vector), 12))
  })
  it('gives the same cosines for any positive multiple of the query, within [−1, 1]', () => {
    // Values below 1e-100 become 0: c·5e-324 underflows to 0 and changes the query itself.
    const valueArb = fc.double({ min: -100, max: 100, noNaN: true }).map((x) => (Math.abs(x) < 1e-100 ? 0 : x))
    const vectorArb = fc.array(valueArb, { minLength: 4, maxLength: 4 })
    fc.assert(
      fc.property(fc.array(vectorArb, { minLength: 1, maxLength: 10 }), vectorArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (vectors, q, c) => {
        const dense = createDenseChannel(vectors.map((vector, i) => ({ id: `A${i}`, vector })))
        const a = dense.score(q)
        const b = dense.score(q.map((x) => x * c))
        expect(b.size).toBe(a.size)
        for (const [i, s] of a) {
          expect(b.get(i)).toBeCloseTo(s, 9)
          expect(Math.abs(s)).toBeLessThanOrEqual(1 + 1e-9)
        }
      }),
    )
  })

  it('skips and counts records without a vector, of a wrong dimension, with non-finite values, or zero', () => {
    const records: DenseRecord[] = [
      { id: 'A0', vector: [1, 0, 0] },
      { id: 'A1' },
      { id: 'A2', vector: [] },
      { id: 'A3', vector: [1, 2] },
      { id: 'A4', vector: [1, Number.NaN, 0] },
      { id: 'A5', vector: [1e39, 0, 0] }, // beyond float32: would be stored as Infinity
      { id: 'A6', vector: [0, 0, 0] },
      { id: 'A7', vector: [1e-50, 0, 0] }, // rounds to zero in float32
      { id: 'A8', vector: [0, 1, 0] },
    ]
    const dense = createDenseChannel(records)
    expect(dense.dimension).toBe(3)
    expect(dense.size).toBe(2)
    expect(dense.skipped).toEqual({ missing: 2, wrongDimension: 1, nonFinite: 2, zero: 2 })
    expect(records.map((r) => dense.has(r.id))).toEqual([true, false, false, false, false, false, false, false, true])
    expect(dense.score([1, 1, 0])).toEqual(new Map([[0, Math.SQRT1_2], [8, Math.SQRT1_2]].map(([k, v]) => [k!, expect.closeTo(v!, 12)])))
  })
  it('takes the most common vector length as the dimension, the first seen on ties', () => {
    expect(createDenseChannel([{ id: 'a', vector: [1] }, { id: 'b', vector: [1, 2] }, { id: 'c', vector: [3, 4] }]).dimension).toBe(2)
    const tie = createDenseChannel([{ id: 'a', vector: [1, 2, 3] }, { id: 'b', vector: [1, 2] }, { id: 'c', vector: [3, 4] }, { id: 'd', vector: [5, 6, 7] }])
    expect([tie.dimension, tie.skipped.wrongDimension]).toEqual([3, 2])
  })
  it('uses the dimension given in the options over the records', () => {
    const dense = createDenseChannel([{ id: 'a', vector: [1] }, { id: 'b', vector: [1] }, { id: 'c', vector: [1, 2] }], { dimension: 2 })
    expect([dense.dimension, dense.size, dense.skipped.wrongDimension]).toEqual([2, 1, 2])
  })
  it('regression: a query whose sum of squares underflows or overflows still gets its cosines', () => {
    const dense = createDenseChannel([{ id: 'a', vector: [1, 0] }, { id: 'b', vector: [1, 1] }])
    for (const q of [[5e-324, 0], [1e-200, 1e-200], [1e200, 1e200]]) {
      const scores = dense.score(q)
      expect(scores.size).toBe(2)
      const expected = q[1] === 0 ? [1, Math.SQRT1_2] : [Math.SQRT1_2, 1]
      expect(scores.get(0)).toBeCloseTo(expected[0]!, 12)
      expect(scores.get(1)).toBeCloseTo(expected[1]!, 12)
    }
  })
  it('returns an empty map for the zero query vector', () => {
    expect(createDenseChannel([{ id: 'a', vector: [1, 2] }]).score([0, 0]).size).toBe(0)
  })
  it('holds nothing and accepts any query when no record has a vector', () => {
    const dense = createDenseChannel([{ id: 'a' }, { id: 'b' }])
    expect([dense.dimension, dense.size, dense.skipped.missing]).toEqual([0, 0, 2])
    expect(dense.score([1, 2, 3]).size).toBe(0)
  })
  it('throws INVALID_OPTION naming both dimensions for a query of the wrong dimension', () => {
    const dense = createDenseChannel([{ id: 'a', vector: [1, 2, 3, 4] }])
    expectInvalid(() => dense.score([1, 2, 3]), "invalid queryVector: dimension 3, must equal the channel's dimension 4")
    expectInvalid(() => createDenseChannel([], { dimension: 2 }).score([1]), "invalid queryVector: dimension 1, must equal the channel's dimension 2")
  })
  it('throws INVALID_OPTION for a non-finite query value and a bad dimension option', () => {
    const dense = createDenseChannel([{ id: 'a', vector: [1, 2] }])
    expectInvalid(() => dense.score([1, Number.POSITIVE_INFINITY]), 'invalid queryVector[1]: Infinity, must be a finite number')
    expectInvalid(() => createDenseChannel([], { dimension: 0 }), 'invalid dimension: 0, must be an integer ≥ 1')
  })
  it('does not change the records it is given', () => {
    const records = [{ id: 'a', vector: [0.1, 0.2, 0.3] }]
    const copy = structuredClone(records)
    createDenseChannel(records).score([1, 1, 1])
    expect(records).toEqual(copy)
  })
})
