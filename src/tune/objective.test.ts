import { describe, expect, it } from 'vitest'
import { objectiveOf, summarize, type NeedMetrics } from './objective.js'

const scores = (ndcg10: number, recall20 = 1) => ({ ndcg10, recall20, mrr10: 1, p1: 1 })

// dev: achievements 0.5, 1 → 0.75; experts 0.2 (one need without relevant experts). hard: achievements 0.1.
const metrics: NeedMetrics[] = [
  { set: 'dev', id: 'N1', achievement: scores(0.5), expert: scores(0.2, 0.5) },
  { set: 'hard', id: 'N1', achievement: scores(0.1) },
  { set: 'dev', id: 'N2', achievement: scores(1) },
]

describe('summarize', () => {
  it('averages each metric per set and kind over the needs that have the kind, sets in order of first appearance', () => {
    const summary = summarize(metrics)
    expect(Object.keys(summary)).toEqual(['dev', 'hard'])
    expect(summary['dev']).toEqual({
      achievement: { ndcg10: 0.75, recall20: 1, mrr10: 1, p1: 1, needCount: 2 },
      expert: { ndcg10: 0.2, recall20: 0.5, mrr10: 1, p1: 1, needCount: 1 },
    })
    expect(summary['hard']).toEqual({ achievement: { ndcg10: 0.1, recall20: 1, mrr10: 1, p1: 1, needCount: 1 } })
  })
})

describe('objectiveOf', () => {
  const summary = summarize(metrics)

  it('is the mean nDCG@10 over (set, kind) pairs, each set counting by its weight, not its size', () => {
    expect(objectiveOf(summary)).toBeCloseTo((0.75 + 0.2 + 0.1) / 3, 12)
  })

  it('weighs kinds and sets, and leaves out a term of weight 0', () => {
    expect(objectiveOf(summary, { expert: 0 })).toBeCloseTo((0.75 + 0.1) / 2, 12)
    expect(objectiveOf(summary, { achievement: 2, sets: { hard: 0 } })).toBeCloseTo((2 * 0.75 + 0.2) / 3, 12)
    expect(objectiveOf(summary, { achievement: 0, expert: 0 })).toBe(0)
  })

  it('rejects a negative weight, naming it', () => {
    expect(() => objectiveOf(summary, { sets: { hard: -1 } })).toThrow('invalid weights.hard: -1, must be a finite number ≥ 0')
  })
})
