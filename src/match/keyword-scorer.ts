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

/** One (phrase, source) of a query: every document carrying the phrase from that source. */
interface PhraseGroup {
  readonly phrase: string
  readonly source: KeywordSource
  /** value(phrase, d), times the expansion weight for a thesaurus phrase. */
  readonly value: number
  readonly via?: 'thesaurus'
  /** docIndex → the source it carries the phrase from (the whole hit: test `=== source`). */
  readonly carriers: ReadonlyMap<number, KeywordSource>
  readonly docs: readonly number[]
}

/**
 * The phrases of one query and the documents they match, held per (phrase, source) rather than
 * per document: a phrase of a common 领域 matches thousands of records, and only the top few
 * are ever described. A document's list is built when asked for.
 *
 * value(phrase, d) = sourceWeight(source) · idf(docFreq(phrase), docCount)
 */
export class PhraseMatches {
  // Own phrases sorted by value desc, then phrase: each document's list in that order; then
  // thesaurus phrases in the order given.
  private readonly groups: PhraseGroup[] = []

  /**
   * @param index The index searched.
   * @param normalizedText The normalised query text.
   * @param weights The weight of each phrase source.
   */
  constructor(
    private readonly index: DocumentIndex,
    normalizedText: string,
    private readonly weights: KeywordSourceWeights,
  ) {
    for (const hit of index.keywords.findIn(normalizedText)) this.addHit(hit.phrase, hit.docs)
    this.groups.sort((a, b) => b.value - a.value || (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : a.source < b.source ? -1 : 1))
  }

  /**
   * Adds an expansion phrase (thesaurus) at a weight, when some record carries exactly it and
   * the query's own text did not match it already.
   */
  addExpansion(phrase: string, weight: number): void {
    if (this.groups.some((g) => g.phrase === phrase)) return
    for (const hit of this.index.keywords.findIn(phrase)) if (hit.phrase === phrase) this.addHit(phrase, hit.docs, weight)
  }

  /** Adds `channelWeight` × value for every (document, phrase) into scores, first touches into touched (when given). */
  accumulate(scores: Float64Array, touched: number[] | undefined, channelWeight: number): void {
    for (const g of this.groups) {
      const add = channelWeight * g.value
      for (const d of g.docs) {
        if (touched && scores[d] === 0) touched.push(d)
        scores[d]! += add
      }
    }
  }

  /** The phrases one document matched, own ones largest first, then thesaurus ones. */
  get(docIndex: number): KeywordMatch[] {
    const out: KeywordMatch[] = []
    for (const g of this.groups) {
      if (g.carriers.get(docIndex) !== g.source) continue
      out.push(g.via ? { phrase: g.phrase, source: g.source, value: g.value, via: g.via } : { phrase: g.phrase, source: g.source, value: g.value })
    }
    return out
  }

  private addHit(phrase: string, carriers: ReadonlyMap<number, KeywordSource>, expansionWeight?: number): void {
    const phraseIdf = idf(carriers.size, this.index.terms.docCount)
    const bySource = new Map<KeywordSource, number[]>()
    for (const [docIndex, source] of carriers) {
      if (this.weights[source] * phraseIdf <= 0) continue
      const docs = bySource.get(source)
      if (docs) docs.push(docIndex)
      else bySource.set(source, [docIndex])
    }
    for (const [source, docs] of bySource) {
      const value = this.weights[source] * phraseIdf
      this.groups.push(
        expansionWeight === undefined
          ? { phrase, source, value, carriers, docs }
          : { phrase, source, value: value * expansionWeight, via: 'thesaurus', carriers, docs },
      )
    }
  }
}
