/**
 * Similar records by cosine of TF-IDF vectors: near-duplicates (the same 成果 exported by two
 * systems) and "more like this". Unlike the matcher it is symmetric and bounded: 1 means the
 * same terms in the same proportions, 0 nothing in common.
 */
import { invalidOption } from '../errors.js'
import type { DocumentIndex } from '../index/document-index.js'
import { TfidfVectors } from '../index/tfidf-vectors.js'
import type { AnyRecord, DocId } from '../types.js'
import { topK } from './rank.js'

/** One similar record. */
export interface SimilarResult {
  readonly id: DocId
  /** Cosine similarity in [0, 1]. */
  readonly similarity: number
}

/** Options of {@link createSimilarity}'s `similar`. */
export interface SimilarOptions {
  /** How many. Default 10. */
  readonly topK?: number
  /** Drop results below this cosine. Default 0. */
  readonly minSimilarity?: number
}

/** Finds records similar to a record, by cosine of TF-IDF vectors over the index's fields. */
export interface Similarity {
  /**
   * @param record Any record of the index's kind (indexed or not). An indexed record is not
   *   returned as similar to itself.
   */
  similar(record: AnyRecord, options?: SimilarOptions): SimilarResult[]
}

/**
 * Creates a similarity search over an index.
 *
 * cos(q, d) = Σ_t w(t,q)·w(t,d) / (‖q‖·‖d‖), w = (1 + ln tf)·idf with field boosts on tf.
 *
 * @example
 * createSimilarity(index).similar(achievement, { topK: 5, minSimilarity: 0.8 }) // likely duplicates
 */
export function createSimilarity(index: DocumentIndex): Similarity {
  const vectors = new TfidfVectors(index.terms, index.fieldWeights)
  return {
    similar(record, options = {}) {
      const k = options.topK ?? 10
      if (!Number.isInteger(k) || k < 0) invalidOption('topK', k, 'must be an integer ≥ 0')
      const min = options.minSimilarity ?? 0
      if (!(min >= 0 && min <= 1)) invalidOption('minSimilarity', min, 'must be within [0, 1]')
      const terms = index.terms
      const F = terms.fieldCount
      // The query's boosted counts per term, from the same fields and analyzer as the index.
      const counts = new Map<number, number>()
      index.analyzeFields(record).forEach((fieldTerms, f) => {
        for (const term of fieldTerms) {
          const id = terms.termId(term)
          if (id >= 0 && terms.docFreq(id) > 0) counts.set(id, (counts.get(id) ?? 0) + index.fieldWeights[f]!)
        }
      })
      let queryNorm = 0
      const dots = new Map<number, number>()
      for (const [termId, count] of counts) {
        const wq = vectors.weight(termId, count)
        queryNorm += wq * wq
        const { docs, tfs, length } = terms.postings(termId)
        for (let i = 0; i < length; i++) {
          const d = docs[i]!
          if (!terms.isLive(d)) continue
          dots.set(d, (dots.get(d) ?? 0) + wq * vectors.weight(termId, vectors.boostedCount(tfs, i * F)))
        }
      }
      queryNorm = Math.sqrt(queryNorm)
      const self = index.docIndexOf(record.id)
      const candidates = []
      for (const [d, dot] of dots) {
        const norm = vectors.norm(d)
        if (d === self || norm === 0 || queryNorm === 0) continue
        const similarity = Math.min(1, dot / (queryNorm * norm))
        if (similarity >= min && similarity > 0) candidates.push({ docIndex: d, id: index.recordAt(d)!.id, score: similarity })
      }
      return topK(candidates, k).map((c) => ({ id: c.id, similarity: c.score }))
    },
  }
}
