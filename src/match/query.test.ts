import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCharAnalyzer } from '../index/document-index.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import { buildQuery } from './query.js'

const charAnalyzer = createCharAnalyzer()
const wordAnalyzer = createAnalyzer()
const PIECES = ['热误差', '补偿', '机床', '温度', '滴灌', '水肥', '盐雾', 'IGBT', '304不锈钢', '，', ' ', '的', '降低', '温度场']
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(''))

/** The plain definition: weight(t) = Σ fieldWeight · count(t in field), sorted by weight desc, then code-unit order. */
function reference(record: Record<string, string>, fields: Record<string, number>, analyze: (text: string) => string[]) {
  const weights = new Map<string, number>()
  for (const [field, w] of Object.entries(fields)) {
    if (w <= 0) continue
    for (const term of analyze(record[field] ?? '')) weights.set(term, (weights.get(term) ?? 0) + w)
  }
  return [...weights].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
}

describe('buildQuery', () => {
  it('weights each term by Σ field weight · count and orders by weight, then code units (characters and words)', () => {
    const weightArb = fc.constantFrom(0, 0.5, 1, 1.5, 2, 3)
    fc.assert(
      fc.property(textArb, textArb, weightArb, weightArb, (title, description, wt, wd) => {
        const record = { id: 'n', title, description }
        const fields = { title: wt, description: wd }
        for (const analyzer of [charAnalyzer, wordAnalyzer]) {
          const built = buildQuery(record, fields, analyzer).map((t) => ({ term: t.term, weight: t.weight }))
          expect(built).toEqual(reference(record, fields, (text) => analyzer.analyze(text)))
        }
      }),
      { numRuns: 200 },
    )
  })
})
