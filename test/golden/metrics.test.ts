/**
 * Golden metrics: fixtures/mini/metrics/qrels.tsv × fixtures/mini/metrics/run.tsv, every value computed by hand
 * below (as Pyserini's test_eval.py does for trec_eval). log2 3 = 1.584963, log2 5 = 2.321928.
 *
 * qrels (achievements A…, experts E…):
 *   N0001: A0001 = 3, A0002 = 2, A0003 = 1, E0001 = 3
 *   N0002: A0004 = 3, A0005 = 1, E0002 = 2
 *   N0003: A0006 = 2, A0007 = 2, A0008 = 1, A0009 = 0
 *   N0004: E0003 = 3                       (expert-only)
 * run (achievements only; unlisted ids are unjudged):
 *   N0001: A0002 A0010 A0001 A0003 A0011
 *   N0002: A0012 A0005 A0013 … A0020 A0004   (A0004 at rank 11)
 *   N0003: A0009 A0007 A0008                 (A0006 not retrieved)
 *   N0005: A0001                             (not in the qrels)
 */
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluate, formatEvaluation } from '../../src/eval/index.js'
import { readQrels } from '../../src/io/qrels.js'
import { readRun } from '../../src/io/run.js'
import type { Qrels } from '../../src/types.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/mini/metrics/${name}`, import.meta.url))
const isAchievement = (id: string): boolean => id.startsWith('A')

let qrels: Qrels
let run: ReadonlyMap<string, readonly string[]>
beforeAll(async () => {
  qrels = await readQrels(fixture('qrels.tsv'))
  run = await readRun(fixture('run.tsv'))
})

describe('golden metrics on fixtures/mini/metrics, achievements only', () => {
  it('N0001: relevant documents at ranks 1, 3 and 4', () => {
    // Gains by rank: 2, 0, 3, 1, 0.
    // DCG@10  = 2/log2 2 + 3/log2 4 + 1/log2 5 = 2 + 1.5 + 0.430677 = 3.930677
    // IDCG@10 = 3/log2 2 + 2/log2 3 + 1/log2 4 = 3 + 1.261860 + 0.5 = 4.761860 (E0001 excluded)
    // nDCG@10 = 3.930677 / 4.761860 = 0.825450
    // R@20 = 3/3; MRR@10 = 1/1 (A0002, grade 2); P@1 = 1
    const n1 = evaluate(run, qrels, { targets: isAchievement }).perNeed[0]
    expect(n1?.needId).toBe('N0001')
    expect(n1?.ndcg10).toBeCloseTo(0.8254499218587348, 12)
    expect(n1?.recall20).toBe(1)
    expect(n1?.mrr10).toBe(1)
    expect(n1?.p1).toBe(1)
    expect(n1?.relevant).toBe(3)
  })

  it('N0002: the grade-3 answer at rank 11 counts for R@20 but not for nDCG@10', () => {
    // Gains by rank: 0, 1, 0 × 8 | 3 at rank 11, beyond the cutoff.
    // DCG@10  = 1/log2 3 = 0.630930
    // IDCG@10 = 3/log2 2 + 1/log2 3 = 3 + 0.630930 = 3.630930 (E0002 excluded)
    // nDCG@10 = 0.630930 / 3.630930 = 0.173765
    // R@20 = 2/2; MRR@10 = 1/2 (A0005, grade 1, at rank 2); P@1 = 0
    const n2 = evaluate(run, qrels, { targets: isAchievement }).perNeed[1]
    expect(n2?.needId).toBe('N0002')
    expect(n2?.ndcg10).toBeCloseTo(0.17376534287144002, 12)
    expect(n2?.recall20).toBe(1)
    expect(n2?.mrr10).toBe(0.5)
    expect(n2?.p1).toBe(0)
    expect(n2?.relevant).toBe(2)
  })

  it('N0003: a judged non-relevant document first, one relevant document never retrieved', () => {
    // Gains by rank: 0 (A0009 judged 0), 2, 1.
    // DCG@10  = 2/log2 3 + 1/log2 4 = 1.261860 + 0.5 = 1.761860
    // IDCG@10 = 2/log2 2 + 2/log2 3 + 1/log2 4 = 2 + 1.261860 + 0.5 = 3.761860
    // nDCG@10 = 1.761860 / 3.761860 = 0.468348
    // R@20 = 2/3 (A0006 missing); MRR@10 = 1/2; P@1 = 0
    const n3 = evaluate(run, qrels, { targets: isAchievement }).perNeed[2]
    expect(n3?.needId).toBe('N0003')
    expect(n3?.ndcg10).toBeCloseTo(0.4683480347412084, 12)
    expect(n3?.recall20).toBeCloseTo(2 / 3, 15)
    expect(n3?.mrr10).toBe(0.5)
    expect(n3?.p1).toBe(0)
    expect(n3?.relevant).toBe(3)
  })

  it('means over the three needs; skips the expert-only need; lists the unjudged one', () => {
    // nDCG@10 = (0.825450 + 0.173765 + 0.468348) / 3 = 0.489188
    // R@20    = (1 + 1 + 2/3) / 3 = 0.888889
    // MRR@10  = (1 + 1/2 + 1/2) / 3 = 0.666667
    // P@1     = (1 + 0 + 0) / 3 = 0.333333
    const result = evaluate(run, qrels, { targets: isAchievement })
    expect(result.needCount).toBe(3)
    expect(result.mean.ndcg10).toBeCloseTo(0.4891877664904611, 12)
    expect(result.mean.recall20).toBeCloseTo(8 / 9, 15)
    expect(result.mean.mrr10).toBeCloseTo(2 / 3, 15)
    expect(result.mean.p1).toBeCloseTo(1 / 3, 15)
    expect(result.skipped).toEqual(['N0004'])
    expect(result.unjudged).toEqual(['N0005'])
  })

  it('renders the table', () => {
    const result = evaluate(run, qrels, { targets: isAchievement })
    expect(formatEvaluation(result, { perNeed: true })).toBe(
      [
        'need   nDCG@10  R@20    MRR@10  P@1     rel',
        'N0001  0.8254   1.0000  1.0000  1.0000  3',
        'N0002  0.1738   1.0000  0.5000  0.0000  2',
        'N0003  0.4683   0.6667  0.5000  0.0000  3',
        'mean   0.4892   0.8889  0.6667  0.3333  8',
        '3 needs evaluated; 1 skipped (no relevant target): N0004; 1 in the run but not in the qrels: N0005',
        '',
      ].join('\n'),
    )
  })
})

describe('golden metrics on fixtures/mini/metrics, every judged target', () => {
  it('puts the experts in the ideal ranking and counts the unretrieved need as zeros', () => {
    // N0001: IDCG@10 = 3 + 3/log2 3 + 2/log2 4 + 1/log2 5 = 3 + 1.892789 + 1 + 0.430677 = 6.323466
    //        nDCG@10 = 3.930677 / 6.323466 = 0.621602; R@20 = 3/4
    // N0002: IDCG@10 = 3 + 2/log2 3 + 1/log2 4 = 4.761860; nDCG@10 = 0.630930 / 4.761860 = 0.132497
    //        R@20 = 2/3
    // N0003: as above (no expert judged): 0.468348, R@20 = 2/3
    // N0004: relevant E0003, not in the run: all 0 (trec_eval -c)
    // mean nDCG@10 = (0.621602 + 0.132497 + 0.468348 + 0) / 4 = 0.305612
    // mean R@20 = (3/4 + 2/3 + 2/3 + 0) / 4 = 0.520833; MRR@10 = (1 + 1/2 + 1/2 + 0) / 4 = 0.5; P@1 = 1/4
    const result = evaluate(run, qrels)
    expect(result.perNeed.map((need) => need.needId)).toEqual(['N0001', 'N0002', 'N0003', 'N0004'])
    expect(result.perNeed.map((need) => need.ndcg10)).toEqual([
      expect.closeTo(0.6216016138483563, 12),
      expect.closeTo(0.13249650743056282, 12),
      expect.closeTo(0.4683480347412084, 12),
      0,
    ])
    expect(result.perNeed[3]).toEqual({ needId: 'N0004', ndcg10: 0, recall20: 0, mrr10: 0, p1: 0, relevant: 1 })
    expect(result.mean.ndcg10).toBeCloseTo(0.3056115390050319, 12)
    expect(result.mean.recall20).toBeCloseTo(0.5208333333333333, 15)
    expect(result.mean.mrr10).toBe(0.5)
    expect(result.mean.p1).toBe(0.25)
    expect(result.skipped).toEqual([])
  })
})
