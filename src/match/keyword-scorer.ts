/**
 * The keyword channel: a document gains score for each of its exact phrases (owner keywords,
 * 研究方向, 领域, extracted keywords) that the query text contains, weighted by how rare the
 * phrase is. Segmentation-independent, so it rescues terms the tokenizer cut apart.
 */
import type { DocumentIndex } from '../index/document-index.js'
import type { KeywordSource } from '../index/keyword-index.js'
import { idf } from '../score/index.js'

/** Weight of a phrase match by where the phrase came from. */
export type KeywordSourceWeights = Readonly<Record<KeywordSource, number>>

/** Owner keywords and 研究方向 are chosen by people; 领域 is coarse and often wrong in needs. */
export const DEFAULT_KEYWORD_SOURCE_WEIGHTS: KeywordSourceWeights = { owner: 1, direction: 1, extracted: 0.5, field: 0.2 }

/** One phrase that matched one document. */
export interface KeywordMatch {
  readonly phrase: string
  readonly source: KeywordSource
  readonly value: number
  /** Set when the phrase came from a thesaurus expansion rather than the query's own text. */
  readonly via?: 'thesaurus'
}

/**
 * Scores every document carrying a phrase found in the normalised query text.
 *
 * value(phrase, d) = sourceWeight(source) · idf(docFreq(phrase), docCount)
 *
 * @returns docIndex → its matches, largest first.
 */
export function keywordMatches(index: DocumentIndex, normalizedText: string, weights: KeywordSourceWeights): Map<number, KeywordMatch[]> {
  const out = new Map<number, KeywordMatch[]>()
  const docCount = index.terms.docCount
  for (const hit of index.keywords.findIn(normalizedText)) {
    const phraseIdf = idf(hit.docs.size, docCount)
    for (const [docIndex, source] of hit.docs) {
      const value = weights[source] * phraseIdf
      if (value <= 0) continue
      const list = out.get(docIndex)
      const match = { phrase: hit.phrase, source, value }
      if (list) list.push(match)
      else out.set(docIndex, [match])
    }
  }
  for (const list of out.values()) list.sort((a, b) => b.value - a.value || (a.phrase < b.phrase ? -1 : 1))
  return out
}
