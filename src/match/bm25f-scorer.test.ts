import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ForwardBatchBuilder } from '../index/forward-batch.js'
import { InvertedIndex } from '../index/inverted-index.js'
import { idf } from '../score/index.js'
import { Bm25fScorer } from './bm25f-scorer.js'

const VOCABULARY = ['热误差', '补偿', '机床', '温度', '滴灌', '水肥']
const docArb = fc.array(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 6 }), { minLength: 2, maxLength: 2 })
const query = VOCABULARY.map((term, i) => ({ term, weight: 1 + i / 2 }))

/** BM25F of every live document computed directly from its forward entry (a reference, in doubles). */
function directScores(index: InvertedIndex, weights: readonly number[], k1 = 1.2, b = 0.75): number[] {
  const F = index.fieldCount
  const out = new Array<number>(index.slotCount).fill(0)
  for (const q of query) {
    const t = index.termId(q.term)
    if (t < 0 || index.docFreq(t) === 0) continue
    const termIdf = idf(index.docFreq(t), index.docCount)
    for (let d = 0; d < index.slotCount; d++) {
      const doc = index.docTerms(d)
      const i = doc ? doc.termIds.indexOf(t) : -1
      if (!doc || i < 0) continue
      let tf = 0
      for (let f = 0; f < F; f++) {
        const avg = index.avgFieldLength(f)
        tf += doc.tfs[i * F + f]! * (avg > 0 ? weights[f]! / (1 - b + (b * index.fieldLength(d, f)) / avg) : weights[f]!)
      }
      out[d]! += (q.weight * termIdf * tf * (k1 + 1)) / (tf + k1)
    }
  }
  return out
}

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

  it('answers each of many query arrays asked in turn (more than it keeps resolved, repeats, after removals) as a fresh scorer does', () => {
    const queryArb = fc.array(fc.record({ term: fc.constantFrom(...VOCABULARY), weight: fc.integer({ min: 1, max: 4 }) }), { maxLength: 5 })
    fc.assert(
      fc.property(
        fc.array(docArb, { minLength: 2, maxLength: 12 }),
        fc.array(queryArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        (docs, queries, asks, removals) => {
          const index = new InvertedIndex(2)
          for (const d of docs) index.addDocument(d)
          const scorer = new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 })
          const ask = (q: (typeof queries)[number]) => {
            const scores = new Float64Array(index.slotCount)
            scorer.accumulate(q, scores, undefined)
            const fresh = new Bm25fScorer(index, [2, 1], { k1: 1.2, b: 0.75 })
            const expected = new Float64Array(index.slotCount)
            fresh.accumulate(q, expected, undefined)
            expect([...scores]).toEqual([...expected])
            expect(scorer.maxScore(q)).toBe(fresh.maxScore(q))
          }
          for (const a of asks) ask(queries[a % queries.length]!)
          for (const r of removals) if (index.isLive(r % docs.length) && index.docCount > 1) index.removeDocument(r % docs.length)
          for (const a of asks) ask(queries[a % queries.length]!)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('a flat index (built in bulk) keeps tf~ beside its postings and scores as one added document by document, through removals, compact() and a later add', () => {
    // Two fields, and three (the default fields' count, which has a loop of its own).
    const fieldsArb = fc.integer({ min: 2, max: 3 }).chain((F) => {
      const doc = fc.array(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 6 }), { minLength: F, maxLength: F })
      return fc.tuple(fc.constant(F), fc.array(doc, { minLength: 2, maxLength: 24 }), doc)
    })
    fc.assert(
      fc.property(fieldsArb, fc.array(fc.nat(), { maxLength: 6 }), ([F, docs, later], removals) => {
        const weights = F === 2 ? [2, 1] : [1.7, 1, 0.3]
        const builder = new ForwardBatchBuilder(F)
        for (const d of docs) builder.add(d)
        const flat = new InvertedIndex(F)
        flat.addBatches([builder.finish()])
        expect(flat.flatPostingArrays()).toBeDefined()
        const plain = new InvertedIndex(F)
        for (const d of docs) plain.addDocument(d)
        const scorer = new Bm25fScorer(flat, weights, { k1: 1.2, b: 0.75 })
        // Every posting's tf~ computed at once, up front (as a matcher does), and once more
        // after removals and compact() (each term's stretch computed whole, longer than its
        // compacted postings).
        const prepared = new Bm25fScorer(flat, weights, { k1: 1.2, b: 0.75 })
        prepared.prepare()
        const preparedLate = new Bm25fScorer(flat, weights, { k1: 1.2, b: 0.75 })
        const same = () => {
          const scores = scoresOf(scorer, flat.slotCount)
          expect(scores).toEqual(scoresOf(new Bm25fScorer(plain, weights, { k1: 1.2, b: 0.75 }), plain.slotCount))
          expect(scoresOf(prepared, flat.slotCount)).toEqual(scores)
          expect(scoresOf(preparedLate, flat.slotCount)).toEqual(scores)
          // Both go through the same tf~ code: it is checked against a direct computation too
          // (norms and tf~ are Float32s in the scorer, hence the tolerance).
          directScores(flat, weights).forEach((expected, d) => expect(Math.abs(scores[d]! - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, expected)))
        }
        same()
        same() // from what the first query kept
        for (const r of removals) {
          if (!flat.isLive(r % docs.length) || flat.docCount <= 1) continue
          flat.removeDocument(r % docs.length)
          plain.removeDocument(r % docs.length)
        }
        same()
        flat.compact()
        plain.compact()
        preparedLate.prepare()
        same()
        flat.addDocument(later) // leaves the flat form
        plain.addDocument(later)
        expect(flat.flatPostingArrays()).toBeUndefined()
        same()
      }),
      { numRuns: 100 },
    )
  })

  it("explains each document's score with the tf~ the ranking used (to 1e-12), in a flat index and a plain one", () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 2, maxLength: 12 }), (docs) => {
        const builder = new ForwardBatchBuilder(2)
        for (const d of docs) builder.add(d)
        const flat = new InvertedIndex(2)
        flat.addBatches([builder.finish()])
        const plain = new InvertedIndex(2)
        for (const d of docs) plain.addDocument(d)
        for (const index of [flat, plain]) {
          // Field weights whose norms are not round numbers, so that tf~ needs its rounding.
          const scorer = new Bm25fScorer(index, [1.7, 0.3], { k1: 1.2, b: 0.75 })
          scoresOf(scorer, index.slotCount).forEach((score, d) => {
            const value = scorer.explain(query, d).value
            expect(Math.abs(value - score)).toBeLessThanOrEqual(1e-12 * Math.max(1, score))
          })
        }
      }),
      { numRuns: 100 },
    )
  })

  it('scores removed documents 0 and the rest as BM25F says at k1 = 0 (no 0 / 0 for a posting of a removed document)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 2, maxLength: 16 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (docs, removals) => {
        const builder = new ForwardBatchBuilder(2)
        for (const d of docs) builder.add(d)
        const flat = new InvertedIndex(2)
        flat.addBatches([builder.finish()])
        const scorer = new Bm25fScorer(flat, [2, 1], { k1: 0, b: 0.75 })
        scorer.prepare()
        // Removal keeps the flat postings (the removed documents' saturations become 0).
        for (const r of removals) if (flat.isLive(r % docs.length) && flat.docCount > 1) flat.removeDocument(r % docs.length)
        const scores = scoresOf(scorer, flat.slotCount)
        const expected = directScores(flat, [2, 1], 0)
        scores.forEach((score, d) => {
          expect(Number.isFinite(score)).toBe(true)
          if (!flat.isLive(d)) expect(score).toBe(0)
          expect(Math.abs(score - expected[d]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, expected[d]!))
        })
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
