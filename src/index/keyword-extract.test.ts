import { beforeAll, describe, expect, it } from 'vitest'
import { loadSample } from '../../test/helpers/mini.js'
import { idf, tfidf } from '../score/index.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Achievement } from '../types.js'
import { buildIndex, type DocumentIndex } from './document-index.js'
import type { InvertedIndex } from './inverted-index.js'
import { createKeywordExtractor, extractKeywords } from './keyword-extract.js'

/** The definition, written out plainly: every eligible term scored, sorted by weight then text, parts of kept terms skipped. */
function reference(index: InvertedIndex, docIndex: number, fieldWeights: ArrayLike<number>, k: number): string[] {
  const doc = index.docTerms(docIndex)!
  const scored: { term: string; weight: number }[] = []
  doc.termIds.forEach((termId, i) => {
    const term = index.term(termId)
    if (term.length < 2 || /^[\d.%-]+$/.test(term)) return
    let termFreq = 0
    for (let f = 0; f < index.fieldCount; f++) termFreq += doc.tfs[i * index.fieldCount + f]! * (fieldWeights[f] ?? 1)
    scored.push({ term, weight: tfidf(termFreq, idf(index.docFreq(termId), index.docCount)) })
  })
  scored.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
  const kept: string[] = []
  for (const { term } of scored) {
    if (kept.length === k) break
    if (!kept.some((other) => other.includes(term) || term.includes(other))) kept.push(term)
  }
  return kept
}

let index: DocumentIndex<Achievement>

beforeAll(async () => {
  index = buildIndex((await loadSample()).achievements, { kind: 'achievement', analyzer: createAnalyzer() })
})

describe('createKeywordExtractor', () => {
  it('gives every document of the sample the keywords of the plain definition, for several k', () => {
    for (const k of [1, 5, 12]) {
      const extract = createKeywordExtractor(index.terms, index.fieldWeights, k)
      for (let d = 0; d < index.terms.slotCount; d++) {
        const expected = reference(index.terms, d, index.fieldWeights, k)
        expect(extract(d)).toEqual(expected)
        expect(extractKeywords(index.terms, d, index.fieldWeights, k)).toEqual(expected)
      }
    }
  })

  it('skips single characters and bare numbers, and a part of a term already kept', () => {
    const extract = createKeywordExtractor(index.terms, index.fieldWeights, 30)
    for (let d = 0; d < index.terms.slotCount; d++) {
      const kept = extract(d)
      for (const term of kept) expect(term.length >= 2 && !/^[\d.%-]+$/.test(term)).toBe(true)
      for (const a of kept) for (const b of kept) if (a !== b) expect(a.includes(b)).toBe(false)
    }
  })

  it('refuses to go on once the index has changed (its idf values would be stale)', () => {
    const local = buildIndex([{ id: 'A1', title: '石墨烯涂层', summary: '防腐涂层' }], { kind: 'achievement', analyzer: createAnalyzer() })
    const extract = createKeywordExtractor(local.terms, local.fieldWeights, 3)
    expect(extract(0).length).toBeGreaterThan(0)
    local.add({ id: 'A2', title: '滴灌系统', summary: '节水' })
    expect(() => extract(0)).toThrow(/has not changed/)
  })
})
