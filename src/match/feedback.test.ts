import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvertedIndex } from '../index/inverted-index.js'
import { idf } from '../score/index.js'
import { FeedbackScratch, feedbackTerms, type FeedbackOptions } from './feedback.js'
import type { QueryTerm } from './query.js'

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

// The plain definition, written for reading rather than speed: the model as a Map by term, every
// candidate sorted. feedbackTerms (arrays reused across calls, a bounded list) must equal it exactly.
function referenceFeedbackTerms(
  index: InvertedIndex,
  fieldWeights: readonly number[],
  top: readonly { docIndex: number; score: number }[],
  exclude: ReadonlySet<string>,
  options: FeedbackOptions,
): QueryTerm[] {
  const used = top.slice(0, options.docs)
  if (used.length === 0 || options.terms <= 0 || options.weight <= 0 || !(used[0]!.score > 0)) return []
  const F = index.fieldCount
  const model = new Map<string, { p: number; df: number }>()
  for (const { docIndex, score } of used) {
    const doc = index.docTerms(docIndex)
    if (!doc) continue
    const counts = Array.from(doc.termIds, (_, i) => fieldWeights.reduce((c, w, f) => c + doc.tfs[i * F + f]! * w, 0))
    const length = counts.reduce((a, b) => a + b, 0)
    if (length === 0) continue
    doc.termIds.forEach((id, i) => {
      const term = index.term(id)
      const entry = model.get(term) ?? { p: 0, df: index.docFreq(id) }
      entry.p += (counts[i]! / length) * (score / used[0]!.score)
      model.set(term, entry)
    })
  }
  const weighted = [...model].filter(([term]) => term.length >= 2).map(([term, { p, df }]) => ({ term, df, weight: p * idf(df, index.docCount) }))
  const best = Math.max(0, ...weighted.map((t) => t.weight))
  if (!(best > 0)) return []
  return weighted
    .filter((t) => !exclude.has(t.term) && !/^[\d.%-]+$/.test(t.term) && !(t.df <= 1 && used.length > 1))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, options.terms)
    .map((t) => ({ term: t.term, weight: (options.weight * t.weight) / best }))
}

describe('feedbackTerms against its plain definition', () => {
  const VOCABULARY = ['机床', '热误差', '补偿', '温度', '建模', '滴灌', '水肥', '棉花', '温', '2024', '3.5%', '涂料', '防腐', 'ab', 'abc']
  const docArb = fc.array(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 8 }), { minLength: 2, maxLength: 2 })
  it('gives the same terms and weights, one scratch reused across calls', () => {
    fc.assert(
      fc.property(
        fc.array(docArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.record({ picks: fc.array(fc.nat(), { maxLength: 6 }), exclude: fc.subarray(VOCABULARY), docs: fc.integer({ min: 0, max: 6 }), terms: fc.integer({ min: 0, max: 6 }), weight: fc.constantFrom(0, 0.5, 1) }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom([1, 1], [2, 1], [1, 0], [0, 0]),
        (docs, calls, fieldWeights) => {
          const index = new InvertedIndex(2)
          for (const fields of docs) index.addDocument(fields)
          const scratch = new FeedbackScratch()
          for (const call of calls) {
            // Scores descending, as a first pass gives them (ties included).
            const top = call.picks.map((p, i) => ({ docIndex: p % docs.length, score: 10 - Math.floor(i / 2) }))
            const options = { docs: call.docs, terms: call.terms, weight: call.weight }
            const exclude = new Set(call.exclude)
            expect(feedbackTerms(index, fieldWeights, top, exclude, options, scratch)).toEqual(referenceFeedbackTerms(index, fieldWeights, top, exclude, options))
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
