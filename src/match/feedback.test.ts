import { describe, expect, it } from 'vitest'
import { InvertedIndex } from '../index/inverted-index.js'
import { feedbackTerms } from './feedback.js'

// Three documents: two about thermal error compensation, one unrelated.
const index = new InvertedIndex(1)
const d0 = index.addDocument([['机床', '热误差', '补偿', '温度']])
const d1 = index.addDocument([['机床', '热误差', '建模', '温度']])
index.addDocument([['滴灌', '水肥', '棉花']])

describe('feedbackTerms', () => {
  it('adds the terms the top documents share, weighted by mass and idf, scaled by the best term of the model', () => {
    const terms = feedbackTerms(index, [1], [{ docIndex: d0, score: 10 }, { docIndex: d1, score: 8 }], new Set(['机床']), { docs: 2, terms: 3, weight: 0.5 })
    // Mass (P(t|d)·score/max): 温度 = 1/4·1 + 1/4·0.8 = 0.45, idf(df 2 of 3) = ln(1 + 1.5/2.5);
    // the model's best term is 补偿: 1/4·1 · idf(df 1) = 0.25 · ln(1 + 2.5/1.5). 温度 ties 热误差
    // and comes first in code-unit order; weight = 0.5 · (0.45 · ln 1.6) / (0.25 · ln(8/3)).
    expect(terms[0]!.term).toBe('温度')
    expect(terms[0]!.weight).toBeCloseTo((0.5 * 0.45 * Math.log(1.6)) / (0.25 * Math.log(8 / 3)), 12)
    expect(terms.map((t) => t.term)).toEqual(['温度', '热误差'])
    // 补偿 and 建模 are each in one document only: they could find nothing new.
  })
  it('never re-adds a query term and returns nothing when off', () => {
    expect(feedbackTerms(index, [1], [{ docIndex: d0, score: 1 }, { docIndex: d1, score: 1 }], new Set(['温度', '热误差', '机床']), { docs: 2, terms: 5, weight: 1 })).toEqual([])
    expect(feedbackTerms(index, [1], [{ docIndex: d0, score: 1 }], new Set(), { docs: 2, terms: 5, weight: 0 })).toEqual([])
  })
})
