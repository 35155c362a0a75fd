import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectInvalid } from '../../test/helpers/errors.js'
import { DEFAULT_RRF_K, normalizeScores, reciprocalRankFusion, weightedSum, type ChannelHit } from './fuse.js'

const hits = (...pairs: [number, number][]): ChannelHit[] => pairs.map(([docIndex, score]) => ({ docIndex, score }))

/** A channel: distinct docIndexes 0..19 with integer scores (ties likely). */
const rankingArb = fc.uniqueArray(fc.record({ docIndex: fc.integer({ min: 0, max: 19 }), score: fc.integer({ min: -50, max: 50 }) }), {
  selector: (h) => h.docIndex,
  maxLength: 12,
})
const rankingsArb = fc.array(rankingArb, { minLength: 1, maxLength: 4 })

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the rankings, ranks taken from the scores (unsorted input)', () => {
    const fused = reciprocalRankFusion([hits([1, 0.2], [0, 3.5], [2, 1]), hits([2, 9], [1, 4])])
    expect(fused.get(0)).toBeCloseTo(1 / 61, 15)
    expect(fused.get(1)).toBeCloseTo(1 / 63 + 1 / 62, 15)
    expect(fused.get(2)).toBeCloseTo(1 / 62 + 1 / 61, 15)
    expect([...fused.keys()].sort()).toEqual([0, 1, 2])
  })
  it('uses k = 60 by default and the given k otherwise', () => {
    expect(DEFAULT_RRF_K).toBe(60)
    expect(reciprocalRankFusion([hits([7, 1])], { k: 0 }).get(7)).toBe(1)
  })
  it('gives equal scores the best rank of their group (1 2 2 4)', () => {
    const fused = reciprocalRankFusion([hits([0, 5], [1, 3], [2, 3], [3, 1])], { k: 0 })
    expect([0, 1, 2, 3].map((d) => fused.get(d))).toEqual([1, 1 / 2, 1 / 2, 1 / 4])
  })
  it('counts a docIndex listed twice in one ranking once, at its higher score', () => {
    const fused = reciprocalRankFusion([hits([0, 1], [1, 2], [0, 3])], { k: 0 })
    expect(fused.get(0)).toBe(1)
    expect(fused.get(1)).toBe(1 / 2)
  })
  it('multiplies each channel by its weight', () => {
    const fused = reciprocalRankFusion([hits([0, 1]), hits([0, 1])], { k: 0, weights: [2, 0.5] })
    expect(fused.get(0)).toBe(2.5)
  })
  it('ranks infinite scores without NaN from the comparator', () => {
    const fused = reciprocalRankFusion([hits([0, Infinity], [1, -Infinity], [2, Infinity], [3, 0])], { k: 0 })
    expect([0, 1, 2, 3].map((d) => fused.get(d))).toEqual([1, 1 / 4, 1, 1 / 3])
  })
  it('returns an empty map for no rankings or only empty ones', () => {
    expect(reciprocalRankFusion([]).size).toBe(0)
    expect(reciprocalRankFusion([[], []]).size).toBe(0)
  })
  it('rejects a bad k, bad weights and NaN scores, naming the value', () => {
    expectInvalid(() => reciprocalRankFusion([], { k: -1 }), 'invalid k: -1, must be a finite number ≥ 0')
    expectInvalid(() => reciprocalRankFusion([[]], { weights: [1, 2] }), 'invalid weights: [1,2], must hold one weight per channel (1)')
    expectInvalid(() => reciprocalRankFusion([[]], { weights: [-1] }), 'invalid weights: [-1], must be finite numbers ≥ 0')
    expectInvalid(
      () => reciprocalRankFusion([[], hits([4, Number.NaN])]),
      'invalid rankings[1] score of docIndex 4: NaN, must be a number',
    )
  })

  it('is invariant under strictly increasing transforms of each channel’s scores', () => {
    const transforms = [(x: number) => 2 * x + 3, (x: number) => x ** 3, (x: number) => Math.exp(x / 10), (x: number) => x - 1e6]
    fc.assert(
      fc.property(rankingsArb, fc.array(fc.integer({ min: 0, max: transforms.length - 1 }), { minLength: 4, maxLength: 4 }), (rankings, pick) => {
        const transformed = rankings.map((r, c) => r.map((h) => ({ docIndex: h.docIndex, score: transforms[pick[c]!]!(h.score) })))
        expect(reciprocalRankFusion(transformed)).toEqual(reciprocalRankFusion(rankings))
      }),
    )
  })
  it('is invariant under the order of the entries within each ranking', () => {
    fc.assert(
      fc.property(rankingsArb, fc.integer(), (rankings, seed) => {
        const shuffled = rankings.map((r) => [...r].sort((a, b) => ((a.docIndex * 7919 + seed) % 31) - ((b.docIndex * 7919 + seed) % 31)))
        const a = reciprocalRankFusion(rankings)
        const b = reciprocalRankFusion(shuffled)
        expect(b.size).toBe(a.size)
        for (const [d, s] of a) expect(b.get(d)).toBeCloseTo(s, 15)
      }),
    )
  })
  it('gives a document ranked first in every ranking a fused score above every other document', () => {
    fc.assert(
      fc.property(rankingsArb, fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }), fc.nat(100), (rankings, w, k) => {
        const top = 99
        const withTop = rankings.map((r) => [...r, { docIndex: top, score: 51 }])
        const fused = reciprocalRankFusion(withTop, { k, weights: w.slice(0, withTop.length) })
        for (const [d, s] of fused) if (d !== top) expect(fused.get(top)!).toBeGreaterThan(s)
      }),
    )
  })
  it('gives the same result when a channel of weight 0 is removed', () => {
    fc.assert(
      fc.property(rankingsArb, fc.array(fc.constantFrom(0, 0.5, 1, 3), { minLength: 4, maxLength: 4 }), (rankings, w) => {
        const weights = w.slice(0, rankings.length)
        const kept = rankings.filter((_, c) => weights[c] !== 0)
        const keptWeights = weights.filter((x) => x !== 0)
        expect(reciprocalRankFusion(rankings, { weights })).toEqual(reciprocalRankFusion(kept, { weights: keptWeights }))
      }),
    )
  })
  it('returns only finite scores > 0', () => {
    fc.assert(
      fc.property(rankingsArb, (rankings) => {
        for (const s of reciprocalRankFusion(rankings).values()) expect(Number.isFinite(s) && s > 0).toBe(true)
      }),
    )
  })
})

describe('normalizeScores', () => {
  it('max: divides by the largest absolute score, keeping order and docIndex', () => {
    expect(normalizeScores(hits([3, 2], [1, 8], [5, 0]), 'max')).toEqual(hits([3, 0.25], [1, 1], [5, 0]))
    expect(normalizeScores(hits([0, -4], [1, 2]), 'max')).toEqual(hits([0, -1], [1, 0.5]))
  })
  it('max: maps an all-zero channel to zeros', () => {
    expect(normalizeScores(hits([0, 0], [1, 0]), 'max')).toEqual(hits([0, 0], [1, 0]))
  })
  it('minmax: stretches to [0, 1]', () => {
    expect(normalizeScores(hits([0, 2], [1, 6], [2, 4]), 'minmax')).toEqual(hits([0, 0], [1, 1], [2, 0.5]))
  })
  it('minmax: maps a channel of equal scores to 1 when positive, 0 otherwise', () => {
    expect(normalizeScores(hits([0, 3], [1, 3]), 'minmax')).toEqual(hits([0, 1], [1, 1]))
    expect(normalizeScores(hits([0, 0]), 'minmax')).toEqual(hits([0, 0]))
    expect(normalizeScores(hits([0, -2]), 'minmax')).toEqual(hits([0, 0]))
  })
  it('returns [] for []', () => {
    expect(normalizeScores([], 'minmax')).toEqual([])
  })
  it('rejects an unknown method and non-finite scores', () => {
    expectInvalid(() => normalizeScores([], 'sum' as 'max'), 'invalid normalization: "sum", must be \'max\' or \'minmax\'')
    expectInvalid(() => normalizeScores(hits([0, Infinity]), 'max'), 'invalid score of docIndex 0: Infinity, must be a finite number')
  })
  it('keeps the order of scores (non-decreasing map) and lands within [0, 1] for minmax', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 20 }), fc.constantFrom('max' as const, 'minmax' as const), (scores, method) => {
        const list = scores.map((score, docIndex) => ({ docIndex, score }))
        const out = normalizeScores(list, method)
        expect(out.map((h) => h.docIndex)).toEqual(list.map((h) => h.docIndex))
        for (let i = 0; i < list.length; i++) {
          for (let j = 0; j < list.length; j++) if (list[i]!.score < list[j]!.score) expect(out[i]!.score).toBeLessThanOrEqual(out[j]!.score)
          if (method === 'minmax') expect(out[i]!.score >= 0 && out[i]!.score <= 1).toBe(true)
          else expect(Math.abs(out[i]!.score)).toBeLessThanOrEqual(1)
        }
      }),
    )
  })
})

describe('weightedSum', () => {
  it('sums weighted scores; a missing document contributes 0', () => {
    const sum = weightedSum([new Map([[0, 1], [1, 0.5]]), new Map([[1, 1], [2, 2]])], [2, 0.5])
    expect(sum).toEqual(new Map([[0, 2], [1, 1.5], [2, 1]]))
  })
  it('rejects weights that do not number one per channel or are negative', () => {
    expectInvalid(() => weightedSum([new Map()], []), 'invalid weights: [], must hold one weight per channel (1)')
    expectInvalid(() => weightedSum([new Map()], [Number.NaN]), 'invalid weights: [null], must be finite numbers ≥ 0')
  })
  it('gives the same result when a channel of weight 0 is removed', () => {
    const channelArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.double({ min: -10, max: 10, noNaN: true }))).map((e) => new Map(e))
    fc.assert(
      fc.property(fc.array(fc.tuple(channelArb, fc.constantFrom(0, 0.25, 1, 2)), { maxLength: 4 }), (pairs) => {
        const kept = pairs.filter(([, w]) => w !== 0)
        expect(weightedSum(pairs.map(([c]) => c), pairs.map(([, w]) => w))).toEqual(weightedSum(kept.map(([c]) => c), kept.map(([, w]) => w)))
      }),
    )
  })
})
