import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate, formatEvaluation } from './evaluate.js'
import { mrrAt, ndcgAt, precisionAt, recallAt } from './metrics.js'

// N1: A1 = 3, E1 = 2, A2 = 0.  N2: E2 = 3 only (an expert-only need).  N3: A3 = 1.
const qrels = new Map([
  ['N3', new Map([['A3', 1]])],
  ['N1', new Map([['A1', 3], ['E1', 2], ['A2', 0]])],
  ['N2', new Map([['E2', 3]])],
])
const isAchievement = (id: string): boolean => id.startsWith('A')

describe('evaluate', () => {
  it('computes the four metrics per need, ordered by needId', () => {
    const run = new Map([
      ['N1', ['A2', 'A1']],
      ['N3', ['A3']],
    ])
    const result = evaluate(run, qrels, { targets: isAchievement })
    // N1 restricted to achievements: A1 = 3 (A2 = 0). A1 at rank 2:
    //   nDCG@10 = (3/log2 3) / 3 = 0.630930; R@20 = 1; MRR@10 = 1/2; P@1 = 0.
    // N3: A3 at rank 1 → all metrics 1.
    expect(result.perNeed.map((need) => need.needId)).toEqual(['N1', 'N3'])
    expect(result.perNeed[0]).toEqual({ needId: 'N1', ndcg10: expect.closeTo(1 / Math.log2(3), 15), recall20: 1, mrr10: 0.5, p1: 0, relevant: 1 })
    expect(result.perNeed[1]).toEqual({ needId: 'N3', ndcg10: 1, recall20: 1, mrr10: 1, p1: 1, relevant: 1 })
    expect(result.needCount).toBe(2)
    expect(result.mean.ndcg10).toBeCloseTo((1 / Math.log2(3) + 1) / 2, 15)
    expect(result.mean.mrr10).toBe(0.75)
    expect(result.mean.p1).toBe(0.5)
    expect(result.mean.recall20).toBe(1)
  })

  it('skips needs with no relevant target of the restricted kind and lists them', () => {
    const result = evaluate(new Map([['N2', ['E2']]]), qrels, { targets: isAchievement })
    expect(result.skipped).toEqual(['N2'])
    expect(result.perNeed.map((need) => need.needId)).toEqual(['N1', 'N3'])
  })

  it('counts a judged need absent from the run as zeros', () => {
    const result = evaluate(new Map(), qrels, { targets: isAchievement })
    expect(result.perNeed).toEqual([
      { needId: 'N1', ndcg10: 0, recall20: 0, mrr10: 0, p1: 0, relevant: 1 },
      { needId: 'N3', ndcg10: 0, recall20: 0, mrr10: 0, p1: 0, relevant: 1 },
    ])
    expect(result.mean).toEqual({ ndcg10: 0, recall20: 0, mrr10: 0, p1: 0 })
  })

  it('uses every judged target when no filter is given', () => {
    // N1 unrestricted: A1 = 3, E1 = 2. Run A1 first: DCG = 3; IDCG = 3 + 2/log2 3; R@20 = 1/2.
    const result = evaluate(new Map([['N1', ['A1']]]), qrels)
    expect(result.skipped).toEqual([])
    const n1 = result.perNeed.find((need) => need.needId === 'N1')
    expect(n1?.ndcg10).toBeCloseTo(3 / (3 + 2 / Math.log2(3)), 15)
    expect(n1?.recall20).toBe(0.5)
    expect(n1?.relevant).toBe(2)
  })

  it('accepts a set of target ids as the filter', () => {
    const bySet = evaluate(new Map([['N1', ['E1', 'A1']]]), qrels, { targets: new Set(['A1', 'A2', 'A3']) })
    const byPredicate = evaluate(new Map([['N1', ['E1', 'A1']]]), qrels, { targets: isAchievement })
    expect(bySet).toEqual(byPredicate)
    // The run is not filtered: E1 holds rank 1 and is non-relevant here.
    expect(bySet.perNeed[0]?.mrr10).toBe(0.5)
  })

  it('lists needs that are in the run but not in the qrels, and ignores them', () => {
    const result = evaluate(new Map([['N9', ['A1']], ['N1', ['A1']], ['N0', []]]), qrels, { targets: isAchievement })
    expect(result.unjudged).toEqual(['N0', 'N9'])
    expect(result.needCount).toBe(2)
  })

  it('applies the relevance threshold to the skip rule and the binary metrics', () => {
    // Threshold 2: N3 (A3 = 1 only) has no relevant achievement and is skipped.
    const result = evaluate(new Map([['N1', ['A1']], ['N3', ['A3']]]), qrels, { targets: isAchievement, relevanceThreshold: 2 })
    expect(result.skipped).toEqual(['N2', 'N3'])
    expect(result.perNeed.map((need) => need.needId)).toEqual(['N1'])
  })

  it('returns zero means for no evaluated need', () => {
    const result = evaluate(new Map(), new Map())
    expect(result).toEqual({ perNeed: [], mean: { ndcg10: 0, recall20: 0, mrr10: 0, p1: 0 }, needCount: 0, skipped: [], unjudged: [] })
  })

  it('rejects a threshold that is not a positive number', () => {
    expect(() => evaluate(new Map(), new Map(), { relevanceThreshold: -1 })).toThrow(
      'invalid relevanceThreshold: -1, must be a finite number > 0',
    )
  })

  it('does not modify the run or the qrels', () => {
    const run = new Map([['N1', ['A2', 'A1']]])
    const before = JSON.stringify([...run])
    const qrelsBefore = JSON.stringify([...qrels].map(([id, judged]) => [id, [...judged]]))
    evaluate(run, qrels, { targets: isAchievement })
    expect(JSON.stringify([...run])).toBe(before)
    expect(JSON.stringify([...qrels].map(([id, judged]) => [id, [...judged]]))).toBe(qrelsBefore)
  })

  it('per-need values equal the metric functions, and the mean is their average', () => {
    const gradesArb = fc.dictionary(fc.constantFrom('A1', 'A2', 'A3', 'E1'), fc.integer({ min: 0, max: 3 }), { minKeys: 1 })
    const qrelsArb = fc.dictionary(fc.constantFrom('N1', 'N2', 'N3', 'N4'), gradesArb, { minKeys: 1 })
    const runArb = fc.dictionary(fc.constantFrom('N1', 'N2', 'N3', 'N5'), fc.uniqueArray(fc.constantFrom('A1', 'A2', 'A3', 'A4', 'E1')))
    fc.assert(
      fc.property(qrelsArb, runArb, (qrelsRecord, runRecord) => {
        const q = new Map(Object.entries(qrelsRecord).map(([id, grades]) => [id, new Map(Object.entries(grades))]))
        const r = new Map(Object.entries(runRecord))
        const result = evaluate(r, q)
        for (const need of result.perNeed) {
          const ranked = r.get(need.needId) ?? []
          const judged = q.get(need.needId) ?? new Map<string, number>()
          expect(need.ndcg10).toBe(ndcgAt(ranked, judged, 10))
          expect(need.recall20).toBe(recallAt(ranked, judged, 20))
          expect(need.mrr10).toBe(mrrAt(ranked, judged, 10))
          expect(need.p1).toBe(precisionAt(ranked, judged, 1))
        }
        expect(result.needCount + result.skipped.length).toBe(q.size)
        const sum = result.perNeed.reduce((total, need) => total + need.ndcg10, 0)
        expect(result.mean.ndcg10).toBeCloseTo(result.needCount === 0 ? 0 : sum / result.needCount, 12)
      }),
    )
  })
})

describe('formatEvaluation', () => {
  const result = evaluate(new Map([['N1', ['A2', 'A1']], ['N3', ['A3']], ['N7', ['A1']]]), qrels, { targets: isAchievement })

  it('prints the header, the mean and a summary line', () => {
    expect(formatEvaluation(result)).toBe(
      [
        'need  nDCG@10  R@20    MRR@10  P@1     rel',
        'mean  0.8155   1.0000  0.7500  0.5000  2',
        '2 needs evaluated; 1 skipped (no relevant target): N2; 1 in the run but not in the qrels: N7',
        '',
      ].join('\n'),
    )
  })

  it('prints one row per need when asked, with the requested digits', () => {
    expect(formatEvaluation(result, { perNeed: true, digits: 2 })).toBe(
      [
        'need  nDCG@10  R@20  MRR@10  P@1   rel',
        'N1    0.63     1.00  0.50    0.00  1',
        'N3    1.00     1.00  1.00    1.00  1',
        'mean  0.82     1.00  0.75    0.50  2',
        '2 needs evaluated; 1 skipped (no relevant target): N2; 1 in the run but not in the qrels: N7',
        '',
      ].join('\n'),
    )
  })

  it('rejects digits outside [0, 20]', () => {
    expect(() => formatEvaluation(result, { digits: 21 })).toThrow('invalid digits: 21, must be an integer within [0, 20]')
  })
})
