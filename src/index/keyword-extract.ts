/**
 * Keyword extraction by TF-IDF with the index's own statistics: the terms that best tell a
 * record apart from the rest of the corpus (jieba.analyse.extract_tags, but with the user's
 * corpus as the idf source instead of a general one).
 */
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
  const doc = index.docTerms(docIndex)
  if (!doc) return []
  const F = index.fieldCount
  const scored: { term: string; weight: number }[] = []
  for (let i = 0; i < doc.termIds.length; i++) {
    const termId = doc.termIds[i]!
    const term = index.term(termId)
    // Single characters and bare numbers (年份, 10%) say nothing about the topic.
    if (term.length < 2 || /^[\d.%-]+$/.test(term)) continue
    let termFreq = 0
    for (let f = 0; f < F; f++) termFreq += doc.tfs[i * F + f]! * (fieldWeights[f] ?? 1)
    scored.push({ term, weight: tfidf(termFreq, idf(index.docFreq(termId), index.docCount)) })
  }
  scored.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
  // A search-mode part (防腐 of 防腐涂料) is no keyword of its own when its whole term is.
  const kept: string[] = []
  for (const { term } of scored) {
    if (kept.length === k) break
    if (!kept.some((other) => other.includes(term) || term.includes(other))) kept.push(term)
  }
  return kept
}
