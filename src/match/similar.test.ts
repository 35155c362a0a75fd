import { similarity as mlSimilarity } from 'ml-distance'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildIndex, type DocumentIndex } from '../index/document-index.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Achievement } from '../types.js'
import { loadSample } from '../../test/helpers/mini.js'
import { createSimilarity } from './similar.js'
import { idf, tfidf } from '../score/index.js'

let achievements: Achievement[]
let index: DocumentIndex

beforeAll(async () => {
  achievements = (await loadSample()).achievements
  index = buildIndex(achievements, { kind: 'achievement', analyzer: createAnalyzer() })
})

/** Dense TF-IDF vector over the whole vocabulary, built from scratch from the analysed fields. */
function denseVector(record: Achievement): number[] {
  const counts = new Map<number, number>()
  index.analyzeFields(record).forEach((terms, f) => {
    for (const term of terms) {
      const id = index.terms.termId(term)
      if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + index.fieldWeights[f]!)
    }
  })
  const v = new Array<number>(index.terms.termCount).fill(0)
  for (const [id, c] of counts) v[id] = tfidf(c, idf(index.terms.docFreq(id), index.terms.docCount))
  return v
}

describe('createSimilarity', () => {
  it('equals brute-force cosine over dense vectors (ml-distance) for every pair it returns', () => {
    const similarity = createSimilarity(index)
    for (const a of achievements.slice(0, 12)) {
      const qa = denseVector(a)
      for (const r of similarity.similar(a, { topK: 5 })) {
        const b = achievements.find((x) => x.id === r.id)!
        expect(r.similarity).toBeCloseTo(mlSimilarity.cosine(qa, denseVector(b)), 6)
      }
    }
  })

  it('finds a re-exported copy of a record (different id, same text) as the most similar, near 1', () => {
    const copy = { ...achievements[7]!, id: 'COPY' }
    const [top] = createSimilarity(index).similar(copy, { topK: 1 })
    expect(top!.id).toBe(achievements[7]!.id)
    expect(top!.similarity).toBeGreaterThan(0.999)
  })

  it('does not return an indexed record as similar to itself', () => {
    const results = createSimilarity(index).similar(achievements[0]!, { topK: 200 })
    expect(results.map((r) => r.id)).not.toContain(achievements[0]!.id)
    expect(results.every((r, i) => i === 0 || results[i - 1]!.similarity >= r.similarity)).toBe(true)
  })
})
