/**
 * Quality regression: every condition of bench/quality/conditions.json keeps its nDCG@10 and
 * Recall@20 on dev and dev-hard within QUALITY_TOLERANCE of the expected numbers. Raising an
 * expected number is done on purpose, with `npx tsx bench/quality/evaluate-conditions.ts --update`.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { runEvalJob } from '../src/job/eval-job.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import {
  CONDITIONS_PATH,
  evaluateCondition,
  formatQualityTable,
  loadDatasets,
  qualityDrops,
  QUALITY_TOLERANCE,
  type Condition,
  type QualityDatasets,
} from '../bench/quality/evaluate-conditions.js'

const conditions = JSON.parse(readFileSync(CONDITIONS_PATH, 'utf8')) as Condition[]
let datasets: QualityDatasets

beforeAll(async () => {
  datasets = await loadDatasets()
})

describe('quality conditions', () => {
  it('has expected numbers for every condition, on both sets and both kinds', () => {
    for (const condition of conditions) {
      for (const set of ['dev', 'dev-hard']) {
        for (const kind of ['achievement', 'expert'] as const) {
          expect(condition.expected?.[set]?.[kind]?.ndcg10, `${condition.name} ${set} ${kind}`).toBeTypeOf('number')
          expect(condition.expected?.[set]?.[kind]?.recall20, `${condition.name} ${set} ${kind}`).toBeTypeOf('number')
        }
      }
    }
  })

  for (const condition of conditions) {
    it(`${condition.name}: no metric more than ${QUALITY_TOLERANCE} below its expected number`, () => {
      const measured = evaluateCondition(condition, datasets)
      const drops = qualityDrops(condition, measured)
      const report = [
        formatQualityTable([{ condition, measured }]),
        ...drops.map((d) => `${d.metric}: ${d.measured.toFixed(3)} < expected ${d.expected.toFixed(3)} − ${QUALITY_TOLERANCE}`),
      ].join('\n')
      expect(drops, report).toEqual([])
    })
  }
})

describe('evaluateCondition', () => {
  it('measures the defaults exactly as duijie eval does (the tuner and the harness share its numbers)', () => {
    const measured = evaluateCondition({ name: 'defaults', description: '', options: {} }, datasets)
    const analyzer = createAnalyzer()
    for (const set of datasets.sets) {
      const job = runEvalJob({ needs: [...set.needs], achievements: [...(datasets.corpus.achievements ?? [])], experts: [...(datasets.corpus.experts ?? [])], rejects: [], stats: [] }, set.qrels, { analyzer })
      for (const kind of ['achievement', 'expert'] as const) {
        expect(measured[set.name]![kind]!.ndcg10, `${set.name} ${kind}`).toBeCloseTo(job[kind]!.mean.ndcg10, 12)
        expect(measured[set.name]![kind]!.recall20, `${set.name} ${kind}`).toBeCloseTo(job[kind]!.mean.recall20, 12)
      }
    }
  })
})

describe('qualityDrops', () => {
  const condition: Condition = { name: 'c', description: '', expected: { dev: { achievement: { ndcg10: 0.9, recall20: 1 } } } }

  it('passes a metric within the tolerance and reports one below it, naming set, kind and metric', () => {
    expect(qualityDrops(condition, { dev: { achievement: { ndcg10: 0.8901, recall20: 1 } } })).toEqual([])
    expect(qualityDrops(condition, { dev: { achievement: { ndcg10: 0.889, recall20: 1 } } })).toEqual([
      { condition: 'c', metric: 'dev achievement ndcg10', expected: 0.9, measured: 0.889 },
    ])
  })

  it('counts an expected metric that was not measured as a drop to 0', () => {
    expect(qualityDrops(condition, {})).toHaveLength(2)
  })
})
