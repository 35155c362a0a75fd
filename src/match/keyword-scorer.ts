/**
 * The keyword channel: a document gains score for each of its exact phrases (owner keywords,
 * 研究方向, 领域, extracted keywords) that the query text contains, weighted by how rare the
 * phrase is. Segmentation-independent, so it rescues terms the tokenizer cut apart.
 */
import type { DocumentIndex } from '../index/document-index.js'
import type { KeywordSource } from '../index/keyword-index.js'
import { idf } from '../score/index.js'
import type { DocList } from './doc-list.js'

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
  /** Each phrase's positions in `groups` (one per source), made when a document's list is first asked for. */
  private groupsByPhrase: Map<string, number[]> | undefined

  /**
   * @param index The index searched.
   * @param normalizedText The normalised query text.
   * @param weights The weight of each phrase source.
   * @param cache Carriers grouped by source, shared across queries (optional).
   */
  constructor(
    private readonly index: DocumentIndex,
    normalizedText: string,
    private readonly weights: KeywordSourceWeights,
    private readonly cache?: PhraseGroupCache,
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

  /** {@link PhraseMatches.accumulate} with the touched documents in a reusable {@link DocList}. */
  accumulateInto(scores: Float64Array, touched: DocList | undefined, channelWeight: number): void {
    for (const g of this.groups) {
      const add = channelWeight * g.value
      const docs = g.docs
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!
        if (touched && scores[d] === 0) touched.push(d)
        scores[d]! += add
      }
    }
  }

  /**
   * The phrases one document matched, own ones largest first, then thesaurus ones. Only the
   * document's own phrases (a few) can be among them: each is looked up in the query's groups,
   * rather than every group (a query matches hundreds, many carried by thousands of records)
   * tested for the document.
   */
  get(docIndex: number): KeywordMatch[] {
    const groups = this.groups
    const byPhrase = (this.groupsByPhrase ??= positionsByPhrase(groups))
    const found: number[] = []
    for (const phrase of this.index.keywords.phraseList(docIndex)) {
      for (const at of byPhrase.get(phrase) ?? []) if (groups[at]!.carriers.get(docIndex) === groups[at]!.source) found.push(at)
    }
    // In the groups' order, as a test of every group would list them.
    found.sort((a, b) => a - b)
    return found.map((at) => {
      const g = groups[at]!
      return g.via ? { phrase: g.phrase, source: g.source, value: g.value, via: g.via } : { phrase: g.phrase, source: g.source, value: g.value }
    })
  }

  private addHit(phrase: string, carriers: ReadonlyMap<number, KeywordSource>, expansionWeight?: number): void {
    this.groupsByPhrase = undefined
    const phraseIdf = idf(carriers.size, this.index.terms.docCount)
    for (const [source, docs] of this.bySource(carriers)) {
      const value = this.weights[source] * phraseIdf
      if (value <= 0) continue
      this.groups.push(
        expansionWeight === undefined
          ? { phrase, source, value, carriers, docs }
          : { phrase, source, value: value * expansionWeight, via: 'thesaurus', carriers, docs },
      )
    }
  }

  /** The carriers of a phrase grouped by source, in carrier order; cached while the index is unchanged. */
  private bySource(carriers: ReadonlyMap<number, KeywordSource>): Map<KeywordSource, number[]> {
    const cache = this.cache
    const version = this.index.terms.version
    if (cache && cache.version !== version) {
      cache.groups = new WeakMap()
      cache.version = version
    }
    let out = cache?.groups.get(carriers)
    if (out) return out
    out = new Map<KeywordSource, number[]>()
    for (const [docIndex, source] of carriers) {
      const docs = out.get(source)
      if (docs) docs.push(docIndex)
      else out.set(source, [docIndex])
    }
    cache?.groups.set(carriers, out)
    return out
  }
}

/** Each phrase's positions in the groups. */
function positionsByPhrase(groups: readonly PhraseGroup[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  groups.forEach((g, at) => {
    const list = out.get(g.phrase)
    if (list) list.push(at)
    else out.set(g.phrase, [at])
  })
  return out
}

/**
 * Phrase carriers grouped by source, kept across queries by their owner (common 领域 phrases
 * recur in most queries and carry thousands of documents). Valid for one index version.
 */
export interface PhraseGroupCache {
  version: number
  groups: WeakMap<ReadonlyMap<number, KeywordSource>, Map<KeywordSource, number[]>>
}

/** An empty {@link PhraseGroupCache}. */
export function createPhraseGroupCache(): PhraseGroupCache {
  return { version: -1, groups: new WeakMap() }
}
