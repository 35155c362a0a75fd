import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvertedIndex } from '../index/inverted-index.js'
import { Bm25fScorer } from './bm25f-scorer.js'

const VOCABULARY = ['热误差', '补偿', '机床', '温度', '滴灌', '水肥']
const docArb = fc.array(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 6 }), { minLength: 2, maxLength: 2 })
const query = VOCABULARY.map((term, i) => ({ term, weight: 1 + i / 2 }))

function scoresOf(scorer: Bm25fScorer, slots: number): number[] {
  const scores = new Float64Array(slots)
  scorer.accumulate(query, scores, [])
  return [...scores]
}

describe('Bm25fScorer', () => {
  it('scores with its cached tf~ exactly as a fresh scorer, after removals and compact()', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 2, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (docs, removals) => {
        const index = new InvertedIndex(2)
        for (const d of docs) index.addDocument(d)
        const cached = new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 })
        scoresOf(cached, index.slotCount) // fills the cache
        for (const r of removals) if (index.isLive(r % docs.length) && index.docCount > 1) index.removeDocument(r % docs.length)
        expect(scoresOf(cached, index.slotCount)).toEqual(scoresOf(new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 }), index.slotCount))
        index.compact()
        expect(scoresOf(cached, index.slotCount)).toEqual(scoresOf(new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 }), index.slotCount))
      }),
      { numRuns: 100 },
    )
  })

  it('scores the same when its cache is too small for the query (terms computed each time) as with a large one', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 2, maxLength: 30 }), fc.integer({ min: 0, max: 8 }), fc.array(fc.nat(), { maxLength: 4 }), (docs, limit, removals) => {
        const index = new InvertedIndex(2)
        for (const d of docs) index.addDocument(d)
        const small = new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 }, 1, limit)
        const expected = scoresOf(new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 }), index.slotCount)
        // Twice: the second pass meets what the first one cached.
        expect(scoresOf(small, index.slotCount)).toEqual(expected)
        expect(scoresOf(small, index.slotCount)).toEqual(expected)
        // After removals (a new version: the cache starts again) too.
        for (const r of removals) if (index.isLive(r % docs.length) && index.docCount > 1) index.removeDocument(r % docs.length)
        expect(scoresOf(small, index.slotCount)).toEqual(scoresOf(new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 }), index.slotCount))
      }),
      { numRuns: 100 },
    )
  })

  it('records first touches, or leaves them to the caller, with the same scores', () => {
    const index = new InvertedIndex(1)
    index.addDocument([['机床', '热误差']])
    index.addDocument([['滴灌']])
    index.addDocument([['热误差', '补偿']])
    const scorer = new Bm25fScorer(index, [1], { k1: 1.2, b: 0.75 })
    const tracked = new Float64Array(3)
    const touched: number[] = []
    scorer.accumulate(query, tracked, touched)
    const untracked = new Float64Array(3)
    scorer.accumulate(query, untracked, undefined)
    expect([...untracked]).toEqual([...tracked])
    expect(touched).toEqual([0, 2, 1])
  })
})
