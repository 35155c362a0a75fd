import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MatchError } from '../errors.js'
import { idealDcgAt, mrrAt, ndcgAt, precisionAt, recallAt } from './metrics.js'

// One need used by the hand-worked cases: a = 3, b = 2, c = 1, d judged non-relevant (0);
// x is not judged at all.
const judgments = new Map([['a', 3], ['b', 2], ['c', 1], ['d', 0]])
const ranked = ['d', 'a', 'x', 'c', 'b']

describe('ndcgAt', () => {
  it('discounts each grade by log2(rank + 1) and divides by the ideal DCG', () => {
    // DCG@5  = 0/log2(2) + 3/log2(3) + 0/log2(4) + 1/log2(5) + 2/log2(6)
    //        = 0 + 1.892789 + 0 + 0.430677 + 0.773706 = 3.097171
    // IDCG@5 = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.261860 + 0.5 = 4.761860
    // nDCG@5 = 3.097171 / 4.761860 = 0.650412
    expect(ndcgAt(ranked, judgments, 5)).toBeCloseTo(0.6504121821761035, 12)
  })

  it('cuts both the run and the ideal ranking at k', () => {
    // DCG@2 = 3/log2(3) = 1.892789; IDCG@2 = 3 + 2/log2(3) = 4.261860; nDCG@2 = 0.444123
    expect(ndcgAt(ranked, judgments, 2)).toBeCloseTo(0.44412286644879784, 12)
  })

  it('uses linear gains, not 2^grade − 1', () => {
    // One relevant doc of grade 3 at rank 2, one of grade 1 at rank 1:
    // DCG = 1/1 + 3/log2(3) = 2.892789; IDCG = 3/1 + 1/log2(3) = 3.630930; nDCG = 0.796708
    // (exponential gains would give (1 + 7/log2 3) / (7 + 1/log2 3) = 0.698...)
    const grades = new Map([['hi', 3], ['lo', 1]])
    expect(ndcgAt(['lo', 'hi'], grades, 10)).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 12)
  })

  it('counts judged documents the run missed in the ideal ranking', () => {
    // Only c (grade 1) is retrieved: DCG = 1; IDCG@10 = 4.761860 (a, b, c); nDCG = 0.210002
    expect(ndcgAt(['c'], judgments, 10)).toBeCloseTo(1 / (3 + 2 / Math.log2(3) + 0.5), 12)
  })

  it('is 0 when no judged document has a grade above 0', () => {
    expect(ndcgAt(['d', 'x'], new Map([['d', 0]]), 10)).toBe(0)
    expect(ndcgAt(['d'], new Map(), 10)).toBe(0)
  })

  it('is 0 for an empty ranking', () => {
    expect(ndcgAt([], judgments, 10)).toBe(0)
  })

  it('credits a repeated id only at its first position', () => {
    // ['a', 'a', 'b']: the second 'a' earns nothing but holds rank 2, so b is at rank 3:
    // DCG@3 = 3/1 + 0 + 2/log2(4) = 4; IDCG@3 = 4.761860; nDCG = 0.840007
    expect(ndcgAt(['a', 'a', 'b'], judgments, 3)).toBeCloseTo(4 / (3 + 2 / Math.log2(3) + 0.5), 12)
  })

  it('rejects a cutoff that is not a positive integer', () => {
    for (const k of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => ndcgAt(ranked, judgments, k)).toThrow(MatchError)
    }
    expect(() => ndcgAt(ranked, judgments, 0)).toThrow('invalid k: 0, must be a positive integer')
  })
})

describe('recallAt', () => {
  it('is the share of relevant judged documents found in the top k', () => {
    // Relevant (grade ≥ 1): a, b, c. Top 2 = d, a → 1/3; top 4 adds c → 2/3; top 5 adds b → 3/3.
    expect(recallAt(ranked, judgments, 2)).toBeCloseTo(1 / 3, 15)
    expect(recallAt(ranked, judgments, 4)).toBeCloseTo(2 / 3, 15)
    expect(recallAt(ranked, judgments, 5)).toBe(1)
    expect(recallAt(ranked, judgments, 100)).toBe(1)
  })

  it('applies the relevance threshold to the numerator and the denominator', () => {
    // Relevant (grade ≥ 2): a, b. Top 4 = d, a, x, c → 1/2.
    expect(recallAt(ranked, judgments, 4, { relevanceThreshold: 2 })).toBe(0.5)
  })

  it('is 0 when the need has no relevant judgment', () => {
    expect(recallAt(['d'], new Map([['d', 0]]), 10)).toBe(0)
  })

  it('does not count a repeated relevant id twice', () => {
    // a twice in the top 2 is one of three relevant documents.
    expect(recallAt(['a', 'a'], judgments, 2)).toBeCloseTo(1 / 3, 15)
  })

  it('rejects a threshold that is not a positive number', () => {
    expect(() => recallAt(ranked, judgments, 5, { relevanceThreshold: 0 })).toThrow(
      'invalid relevanceThreshold: 0, must be a finite number > 0',
    )
  })
})

describe('mrrAt', () => {
  it('is 1 / the rank of the first relevant document within k', () => {
    // d (0) at rank 1, a (3) at rank 2 → 1/2.
    expect(mrrAt(ranked, judgments, 10)).toBe(0.5)
  })

  it('is 0 when the first relevant document is beyond k', () => {
    expect(mrrAt(ranked, judgments, 1)).toBe(0)
  })

  it('applies the relevance threshold', () => {
    // Grade ≥ 3: only a, at rank 2 → 1/2. In ['c', 'b', 'a'], a is at rank 3 → 1/3.
    expect(mrrAt(['c', 'b', 'a'], judgments, 10, { relevanceThreshold: 3 })).toBeCloseTo(1 / 3, 15)
    expect(mrrAt(['c', 'b', 'a'], judgments, 10)).toBe(1)
  })

  it('treats an unjudged id as non-relevant', () => {
    expect(mrrAt(['x', 'y', 'c'], judgments, 10)).toBeCloseTo(1 / 3, 15)
  })
})

describe('precisionAt', () => {
  it('is the share of the top k that is relevant', () => {
    // Top 1 = d → 0; top 2 = d, a → 1/2; top 5 = d, a, x, c, b → 3/5.
    expect(precisionAt(ranked, judgments, 1)).toBe(0)
    expect(precisionAt(ranked, judgments, 2)).toBe(0.5)
    expect(precisionAt(ranked, judgments, 5)).toBeCloseTo(3 / 5, 15)
  })

  it('divides by k even when fewer than k documents were ranked', () => {
    // 3 relevant in a ranking of 5, at k = 10 → 3/10 (trec_eval P.10).
    expect(precisionAt(ranked, judgments, 10)).toBeCloseTo(3 / 10, 15)
  })

  it('gives P@1 = 1 when the first document is relevant', () => {
    expect(precisionAt(['c', 'd'], judgments, 1)).toBe(1)
  })

  it('does not count a repeated relevant id twice', () => {
    expect(precisionAt(['a', 'a'], judgments, 2)).toBe(0.5)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties. Ids come from a small pool so that rankings and judgments overlap often.

const POOL = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']
const idArb = fc.constantFrom(...POOL)
const judgmentsArb = fc
  .dictionary(idArb, fc.integer({ min: 0, max: 3 }), { maxKeys: POOL.length })
  .map((record) => new Map(Object.entries(record)))
const uniqueRankingArb = fc.uniqueArray(fc.constantFrom(...POOL, 'u0', 'u1', 'u2'), { maxLength: 13 })
const rankingWithRepeatsArb = fc.array(fc.constantFrom(...POOL, 'u0', 'u1'), { maxLength: 15 })
const kArb = fc.integer({ min: 1, max: 15 })
const thresholdArb = fc.integer({ min: 1, max: 3 })

/** nDCG@k straight from the textbook formula (Järvelin & Kekäläinen with rank + 1 discount). */
function referenceNdcg(list: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  const dcg = list.slice(0, k).reduce((sum, id, i) => sum + (grades.get(id) ?? 0) / (Math.log(i + 2) / Math.LN2), 0)
  const ideal = [...grades.values()]
    .filter((g) => g > 0)
    .sort((x, y) => y - x)
    .slice(0, k)
    .reduce((sum, g, i) => sum + g / (Math.log(i + 2) / Math.LN2), 0)
  return ideal === 0 ? 0 : dcg / ideal
}

/** The documented meaning of a repeat: as if a fresh, unjudged id stood in its place. */
function replaceRepeats(list: readonly string[]): string[] {
  const seen = new Set<string>()
  return list.map((id, i) => {
    if (seen.has(id)) return `repeat-${i}`
    seen.add(id)
    return id
  })
}

describe('metric properties', () => {
  it('nDCG@k is within [0, 1]', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, judgmentsArb, kArb, (list, grades, k) => {
        const value = ndcgAt(list, grades, k)
        return value >= 0 && value <= 1 + 1e-12
      }),
    )
  })

  it('nDCG@k of the ideal ranking is 1 within 1e-12', () => {
    fc.assert(
      fc.property(judgmentsArb, kArb, (grades, k) => {
        fc.pre([...grades.values()].some((g) => g > 0))
        const ideal = [...grades.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id)
        expect(Math.abs(ndcgAt(ideal, grades, k) - 1)).toBeLessThanOrEqual(1e-12)
      }),
    )
  })

  it('nDCG@k equals the textbook formula on rankings without repeats', () => {
    fc.assert(
      fc.property(uniqueRankingArb, judgmentsArb, kArb, (list, grades, k) => {
        expect(ndcgAt(list, grades, k)).toBeCloseTo(referenceNdcg(list, grades, k), 12)
      }),
    )
  })

  it('IDCG@k equals the DCG of the judgments sorted by grade', () => {
    fc.assert(
      fc.property(judgmentsArb, kArb, (grades, k) => {
        const ideal = [...grades.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id)
        const dcg = ideal.slice(0, k).reduce((sum, id, i) => sum + (grades.get(id) ?? 0) / Math.log2(i + 2), 0)
        expect(idealDcgAt(grades, k)).toBeCloseTo(dcg, 12)
      }),
    )
  })

  it('Recall@k is within [0, 1] and non-decreasing in k', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, judgmentsArb, kArb, thresholdArb, (list, grades, k, threshold) => {
        const options = { relevanceThreshold: threshold }
        const here = recallAt(list, grades, k, options)
        const next = recallAt(list, grades, k + 1, options)
        return here >= 0 && here <= 1 && next >= here
      }),
    )
  })

  it('P@k and MRR@k are within [0, 1]', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, judgmentsArb, kArb, thresholdArb, (list, grades, k, threshold) => {
        const options = { relevanceThreshold: threshold }
        const p = precisionAt(list, grades, k, options)
        const rr = mrrAt(list, grades, k, options)
        return p >= 0 && p <= 1 && rr >= 0 && rr <= 1
      }),
    )
  })

  it('an unjudged id scores exactly like an id judged 0', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, judgmentsArb, kArb, thresholdArb, (list, grades, k, threshold) => {
        const explicit = new Map(grades)
        for (const id of list) if (!explicit.has(id)) explicit.set(id, 0)
        const options = { relevanceThreshold: threshold }
        expect(ndcgAt(list, explicit, k)).toBe(ndcgAt(list, grades, k))
        expect(recallAt(list, explicit, k, options)).toBe(recallAt(list, grades, k, options))
        expect(mrrAt(list, explicit, k, options)).toBe(mrrAt(list, grades, k, options))
        expect(precisionAt(list, explicit, k, options)).toBe(precisionAt(list, grades, k, options))
      }),
    )
  })

  it('a repeated id scores like a fresh unjudged id in its place', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, judgmentsArb, kArb, (list, grades, k) => {
        const replaced = replaceRepeats(list)
        expect(ndcgAt(list, grades, k)).toBe(ndcgAt(replaced, grades, k))
        expect(recallAt(list, grades, k)).toBe(recallAt(replaced, grades, k))
        expect(mrrAt(list, grades, k)).toBe(mrrAt(replaced, grades, k))
        expect(precisionAt(list, grades, k)).toBe(precisionAt(replaced, grades, k))
      }),
    )
  })

  it('P@1 and MRR@1 agree', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, judgmentsArb, thresholdArb, (list, grades, threshold) => {
        const options = { relevanceThreshold: threshold }
        return precisionAt(list, grades, 1, options) === mrrAt(list, grades, 1, options)
      }),
    )
  })

  it('metrics do not depend on documents ranked below k', () => {
    fc.assert(
      fc.property(rankingWithRepeatsArb, rankingWithRepeatsArb, judgmentsArb, kArb, (list, tail, grades, kSeed) => {
        fc.pre(list.length > 0)
        const k = 1 + (kSeed % list.length)
        const head = list.slice(0, k)
        const longer = [...head, ...tail]
        expect(ndcgAt(longer, grades, k)).toBe(ndcgAt(head, grades, k))
        expect(recallAt(longer, grades, k)).toBe(recallAt(head, grades, k))
        expect(mrrAt(longer, grades, k)).toBe(mrrAt(head, grades, k))
        expect(precisionAt(longer, grades, k)).toBe(precisionAt(head, grades, k))
      }),
    )
  })
})
