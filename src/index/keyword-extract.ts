/**
 * Keyword extraction by TF-IDF with the index's own statistics: the terms that best tell a
 * record apart from the rest of the corpus (jieba.analyse.extract_tags, but with the user's
 * corpus as the idf source instead of a general one).
 */
import { invariant } from '../errors.js'
import { idf, tfidf } from '../score/index.js'
import type { InvertedIndex } from './inverted-index.js'

/**
 * The top `k` terms of a document by TF-IDF, field boosts applied to the counts.
 *
 * Single characters and bare numbers are skipped, and so is a term that contains or is
 * contained in one already chosen (search mode emits both 防腐涂料 and 防腐); ties are broken by
 * the term text so the result is deterministic.
 *
 * @param index The inverted index.
 * @param docIndex A live document.
 * @param fieldWeights The field boosts, parallel to the index's fields.
 * @param k How many terms.
 */
export function extractKeywords(index: InvertedIndex, docIndex: number, fieldWeights: ArrayLike<number>, k: number): string[] {
  return topTerms(index, docIndex, fieldWeights, k, (termId) => keywordIdf(index, termId), new Scratch())
}

/** Terms that say nothing about the topic: single characters and bare numbers (年份, 10%). */
const UNINFORMATIVE = /^[\d.%-]+$/

/** A term's idf, or NaN when it cannot be a keyword. */
function keywordIdf(index: InvertedIndex, termId: number): number {
  const term = index.term(termId)
  return term.length < 2 || UNINFORMATIVE.test(term) ? NaN : idf(index.docFreq(termId), index.docCount)
}

/**
 * {@link extractKeywords} for many documents of an index that does not change meanwhile: each
 * term's idf and whether it may be a keyword are worked out once (a bulk build extracts the
 * keywords of every record this way).
 */
export function createKeywordExtractor(index: InvertedIndex, fieldWeights: ArrayLike<number>, k: number): (docIndex: number) => string[] {
  const version = index.version
  const idfs = new Float64Array(index.termCount).fill(-1) // -1: not worked out yet
  const idfOf = (termId: number): number => {
    let value = idfs[termId]!
    if (value === -1) idfs[termId] = value = keywordIdf(index, termId)
    return value
  }
  const scratch = new Scratch()
  return (docIndex) => {
    invariant(index.version === version, 'the index has not changed since the extractor was made')
    return topTerms(index, docIndex, fieldWeights, k, idfOf, scratch)
  }
}

/** Reusable arrays of {@link topTerms}. */
class Scratch {
  ids = new Int32Array(64)
  weights = new Float64Array(64)
}

/** A document's top terms, ranked by number (strings read only for ties and for the ones kept). */
function topTerms(index: InvertedIndex, docIndex: number, fieldWeights: ArrayLike<number>, k: number, idfOf: (termId: number) => number, scratch: Scratch): string[] {
  const doc = index.docTerms(docIndex)
  if (!doc) return []
  const F = index.fieldCount
  const n = doc.termIds.length
  if (scratch.ids.length < n) {
    scratch.ids = new Int32Array(n)
    scratch.weights = new Float64Array(n)
  }
  const { ids, weights } = scratch
  let count = 0
  for (let i = 0; i < n; i++) {
    const termId = doc.termIds[i]!
    const termIdf = idfOf(termId)
    if (Number.isNaN(termIdf)) continue
    let termFreq = 0
    for (let f = 0; f < F; f++) termFreq += doc.tfs[i * F + f]! * (fieldWeights[f] ?? 1)
    ids[count] = termId
    weights[count++] = tfidf(termFreq, termIdf)
  }
  // The best remaining term, one at a time (weight desc, then text asc): a handful are needed,
  // and sorting all of a document's terms was most of the extraction's time.
  const kept: string[] = []
  while (kept.length < k && count > 0) {
    let best = 0
    for (let i = 1; i < count; i++) {
      const w = weights[i]!
      const b = weights[best]!
      if (w > b || (w === b && compareText(index.term(ids[i]!), index.term(ids[best]!)) < 0)) best = i
    }
    const term = index.term(ids[best]!)
    // A search-mode part (防腐 of 防腐涂料) is no keyword of its own when its whole term is.
    if (!kept.some((other) => other.includes(term) || term.includes(other))) kept.push(term)
    ids[best] = ids[--count]!
    weights[best] = weights[count]!
  }
  return kept
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
