import { describe, expect, it } from 'vitest'
import { InvertedIndex } from '../index/inverted-index.js'
import { feedbackTerms } from './feedback.js'

// Three documents: two about thermal error compensation, one unrelated.
const index = new InvertedIndex(1)
const d0 = index.addDocument([['机床', '热误差', '补偿', '温度']])
const d1 = index.addDocument([['机床', '热误差', '建模', '温度']])
index.addDocument([['滴灌', '水肥', '棉花']])

describe('feedbackTerms', () => {
  it('adds the terms the top documents share, weighted by mass and idf, the best at the given weight', () => {
    const terms = feedbackTerms(index, [1], [{ docIndex: d0, score: 10 }, { docIndex: d1, score: 8 }], new Set(['机床']), { docs: 2, terms: 3, weight: 0.5 })
    expect(terms[0]).toEqual({ term: '温度', weight: 0.5 }) // ties 热误差 on mass and idf; 温度 < 热误差 in code-unit order
    expect(terms.map((t) => t.term)).toEqual(['温度', '热误差'])
    // 补偿 and 建模 are each in one document only: they could find nothing new.
  })
  it('never re-adds a query term and returns nothing when off', () => {
    expect(feedbackTerms(index, [1], [{ docIndex: d0, score: 1 }, { docIndex: d1, score: 1 }], new Set(['温度', '热误差', '机床']), { docs: 2, terms: 5, weight: 1 })).toEqual([])
    expect(feedbackTerms(index, [1], [{ docIndex: d0, score: 1 }], new Set(), { docs: 2, terms: 5, weight: 0 })).toEqual([])
  })
})
