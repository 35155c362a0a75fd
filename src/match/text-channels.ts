/**
 * The text channels of a match, fused by weighted sum into one score per document:
 *
 * words     BM25F over jieba words: the need's own terms, plus expansion terms (thesaurus,
 *           corpus associations, pseudo-relevance feedback) at their reduced weights
 * chars     BM25F over character bigrams: partial overlaps that words miss (漏电 / 漏电流)
 * keywords  exact phrases of the record (owner keywords, 研究方向…) found in the need's text
 *
 * text(d) = wWords · bm25f_words(q ∪ expansions, d) + wChars · bm25f_chars(q, d) + wKeywords · keyword(q, d)
 */
import type { DocumentIndex } from '../index/document-index.js'
import type { FieldWeights } from '../index/fields.js'
import { explanation, type Bm25Params, type Explanation } from '../score/index.js'
import { normalize } from '../tokenize/normalize.js'
import type { AnyRecord } from '../types.js'
import { Bm25fScorer } from './bm25f-scorer.js'
import type { DocList } from './doc-list.js'
import { topNonzero } from './score-scans.js'
import { ScoreArena } from './score-arena.js'
import { Associations, type AssociationOptions } from './associations.js'
import { FeedbackScratch, feedbackTerms, type FeedbackOptions } from './feedback.js'
import { createPhraseGroupCache, PhraseMatches, type KeywordMatch, type KeywordSourceWeights } from './keyword-scorer.js'
import { buildQuery, queryText, type QueryTerm } from './query.js'
import { topK, type Scored } from './rank.js'

/** Fusion weights of the channels; 0 turns one off. */
export interface ChannelWeights {
  readonly words: number
  readonly chars: number
  readonly keywords: number
}

/** A term added to the need's own: where it came from and, for the thesaurus, from which phrase. */
export interface ExpansionTerm extends QueryTerm {
  readonly source: 'thesaurus' | 'feedback' | 'association'
  /** The need's phrase that led to it (thesaurus). */
  readonly from?: string
  /** The thesaurus phrase it was analysed from (烟气消白 for 烟气, 消白). */
  readonly to?: string
}

/** What an expander adds: weighted terms for the word channel, and phrases for the keyword channel. */
export interface QueryExpansion {
  readonly terms: readonly ExpansionTerm[]
  /** Whole expansion phrases (烟气消白) and their weight, matched against the keyword index. */
  readonly phrases: readonly { readonly phrase: string; readonly weight: number }[]
}

/** Expands a normalised query text (the thesaurus does). */
export type QueryExpander = (normalizedText: string, fields: FieldWeights, query: AnyRecord) => QueryExpansion

/** A query after every channel has scored it, kept to describe single results. */
export interface ScoredQuery {
  readonly words: readonly QueryTerm[]
  readonly expansions: readonly ExpansionTerm[]
  readonly chars: readonly QueryTerm[]
  /** The keyword phrases matched, by document. */
  readonly phrases: PhraseMatches
  /** The largest text score any document could get from the need's own terms. */
  readonly maxText: number
  /** How much the need's own words say (see Bm25fScorer.information). */
  readonly information: number
}

/** One document's text score, by part. */
export interface TextContributions {
  readonly terms: { term: string; value: number }[]
  readonly expansions: { term: string; value: number; source: ExpansionTerm['source']; from?: string; to?: string }[]
  readonly chars: number
  readonly phrases: KeywordMatch[]
  readonly total: number
}

/** Settings of {@link TextChannels}. */
export interface TextChannelSettings {
  readonly bm25: Bm25Params
  readonly weights: ChannelWeights
  readonly keywordSources: KeywordSourceWeights
  readonly feedback: FeedbackOptions
  readonly associations: AssociationOptions
  readonly expander?: QueryExpander
  /**
   * Add up the word and character postings with the WebAssembly kernel (see score-arena.ts) when
   * the index is flat and they fit; false: in JavaScript. The scores are the same either way.
   * Default true. @internal
   */
  readonly wasm?: boolean
}

/**
 * Characters and bigrams in more than this share of documents are skipped: their idf is near 0
 * and their postings are the longest. Measured (nDCG@10 dev ach / dev exp / hard ach / hard exp;
 * query time ÷ plain BM25 on 28,800 records): 0.25 → 0.983 / 0.971 / 0.857 / 0.707, 3.37×;
 * 0.1 → 0.982 / 0.972 / 0.844 / 0.730, 2.67×; 0.05 → 0.980 / 0.971 / 0.809 / 0.702.
 * (A floor of 5 documents keeps the cut-off from emptying the channel of a tiny corpus.)
 */
const CHAR_MAX_DOC_FREQ_RATIO = 0.1

/** Scores a query record on every text channel of an index. */
export class TextChannels {
  private readonly words: Bm25fScorer
  private readonly chars: Bm25fScorer | undefined
  private readonly associations: Associations
  private readonly phraseGroups = createPhraseGroupCache()
  private readonly feedbackScratch = new FeedbackScratch()
  /** The scores and both channels' posting regions in one WebAssembly memory, when the index is flat and they fit. */
  private readonly arena: ScoreArena | undefined
  /** The accumulator when there is no arena (or it is too small since documents were added). */
  private ownScores: Float64Array<ArrayBuffer> = new Float64Array(0)

  constructor(
    readonly index: DocumentIndex,
    readonly settings: TextChannelSettings,
  ) {
    this.words = new Bm25fScorer(index.terms, index.fieldWeights, settings.bm25)
    this.chars = index.chars ? new Bm25fScorer(index.chars, index.fieldWeights, settings.bm25, CHAR_MAX_DOC_FREQ_RATIO) : undefined
    this.arena = settings.wasm === false ? undefined : this.makeArena()
    // Every posting's tf~ now, in one pass, rather than by the first queries.
    this.words.prepare()
    this.chars?.prepare()
    this.associations = new Associations(index.terms, settings.associations)
  }

  /**
   * The score accumulator to pass to {@link TextChannels.score}: at least `slots` long, all zero
   * (the caller clears what it added after each query). The arena's while it is large enough, so
   * that the kernel adds the postings.
   */
  scoreScratch(slots: number): Float64Array<ArrayBuffer> {
    if (this.arena && this.arena.scores.length >= slots) return this.arena.scores
    if (this.ownScores.length < slots) this.ownScores = new Float64Array(slots)
    return this.ownScores
  }

  /** One arena for the scores and the postings of both channels of a flat index (undefined: not flat, or too large). */
  private makeArena(): ScoreArena | undefined {
    const scorers = [this.words, ...(this.chars ? [this.chars] : [])]
    const offsets = scorers.map((s) => s.terms.flatPostingArrays()?.offsets)
    if (offsets.some((o) => o === undefined)) return undefined
    const arena = ScoreArena.create(
      this.index.terms.slotCount,
      offsets.map((o) => o![o!.length - 1]!),
    )
    if (arena) scorers.forEach((s, i) => s.useRegion(arena.regions[i]!, offsets[i]!))
    return arena
  }

  /**
   * Adds every document's fused text score into `scores` and lists the touched documents.
   *
   * @param query The query record.
   * @param fields Its query fields and weights.
   * @param scores Accumulator indexed by docIndex, all zero on entry (see {@link TextChannels.scoreScratch}).
   * @param touched An empty list that receives each docIndex that gets a score (in no particular
   *   order); left out, the caller finds them afterwards as the nonzero scores (cheaper when it
   *   reads every score anyway).
   */
  score(query: AnyRecord, fields: FieldWeights, scores: Float64Array, touched: DocList | undefined): ScoredQuery {
    const { weights, feedback } = this.settings
    const index = this.index
    const text = normalize(queryText(query, fields))
    const words = buildQuery(query, fields, index.analyzer)
    const expansions: ExpansionTerm[] = []
    const expanded = this.settings.expander?.(text, fields, query)
    if (expanded && weights.words > 0) {
      const own = new Set(words.map((w) => w.term))
      for (const e of expanded.terms) if (!own.has(e.term)) expansions.push(e)
    }
    if (weights.words > 0) {
      const seen = new Set([...words, ...expansions].map((t) => t.term))
      for (const a of this.associations.expand(words)) if (!seen.has(a.term)) expansions.push({ ...a, source: 'association' })
    }
    const wordQuery = [...words, ...expansions]
    // The first pass does not record first touches (a mispredicted branch per posting made that
    // most of its time): with all-zero scores on entry, the touched documents are the nonzero
    // scores, found by one sequential scan after it.
    if (weights.words > 0) this.words.accumulateInto(wordQuery, scores, undefined, weights.words)
    const chars = this.chars && weights.chars > 0 && index.charAnalyzer ? buildQuery(query, fields, index.charAnalyzer) : []
    if (chars.length > 0) this.chars!.accumulateInto(chars, scores, undefined, weights.chars)
    const phrases = new PhraseMatches(index, weights.keywords > 0 ? text : '', this.settings.keywordSources, this.phraseGroups)
    // Expansion phrases that are some record's exact keyword count too, at the expansion's weight.
    if (expanded && weights.keywords > 0) for (const { phrase, weight } of expanded.phrases) phrases.addExpansion(phrase, weight)
    phrases.accumulateInto(scores, undefined, weights.keywords)
    // The scan: the touched list (when asked for) and the first pass's best documents.
    const firstDocs = feedback.weight > 0 && feedback.docs > 0 && weights.words > 0 ? feedback.docs : 0
    const firstBest = topNonzero(scores, touched, firstDocs)

    // Second pass: feedback terms from the first-pass top documents, added to the word channel.
    if (firstDocs > 0) {
      const { floor, docs } = firstBest
      const first = topDocuments(index, scores, docs, feedback.docs, floor)
      const exclude = new Set([...words, ...expansions].map((t) => t.term))
      const added = feedbackTerms(index.terms, index.fieldWeights, first, exclude, feedback, this.feedbackScratch).map((t) => ({ ...t, source: 'feedback' as const }))
      if (added.length > 0) {
        // touched (when listed) is complete now: the few feedback terms record their new documents themselves.
        this.words.accumulateInto(added, scores, touched, weights.words)
        expansions.push(...added)
      }
    }

    const maxText = weights.words * this.words.maxScore(words) + (chars.length > 0 ? weights.chars * this.chars!.maxScore(chars) : 0)
    return { words, expansions, chars, phrases, maxText, information: this.words.information(words) }
  }

  /** One document's text score, split by channel and term (for 推荐理由 and 匹配度). */
  contributions(scored: ScoredQuery, docIndex: number): TextContributions {
    const { weights } = this.settings
    const terms = this.words.termContributions(scored.words, docIndex).map((c) => ({ term: c.term, value: weights.words * c.value }))
    const bySource = new Map(scored.expansions.map((e) => [e.term, e]))
    const expansions = this.words.termContributions(scored.expansions, docIndex).map((c) => {
      const e = bySource.get(c.term)!
      return { term: c.term, value: weights.words * c.value, source: e.source, ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}) }
    })
    const chars = this.chars && scored.chars.length > 0 ? weights.chars * sum(this.chars.termContributions(scored.chars, docIndex).map((c) => c.value)) : 0
    const phrases = scored.phrases.get(docIndex).map((p) => ({ ...p, value: weights.keywords * p.value }))
    const total = sum(terms.map((t) => t.value)) + sum(expansions.map((e) => e.value)) + chars + sum(phrases.map((p) => p.value))
    return { terms, expansions, chars, phrases, total }
  }

  /** The explanation tree of one document's text score. */
  explain(scored: ScoredQuery, docIndex: number): Explanation {
    const { weights } = this.settings
    const details: Explanation[] = []
    if (weights.words > 0) {
      const node = this.words.explain([...scored.words, ...scored.expansions], docIndex)
      details.push(explanation(weights.words * node.value, `words × ${weights.words}, of:`, [node]))
    }
    if (this.chars && scored.chars.length > 0) {
      const node = this.chars.explain(scored.chars, docIndex)
      details.push(explanation(weights.chars * node.value, `character bigrams × ${weights.chars}, of:`, [node]))
    }
    const phrases = scored.phrases.get(docIndex)
    if (phrases.length > 0) {
      details.push(
        explanation(
          weights.keywords * sum(phrases.map((p) => p.value)),
          `keyword phrases × ${weights.keywords}, sum of:`,
          phrases.map((p) => explanation(p.value, `phrase(${p.phrase}, ${p.source})`)),
        ),
      )
    }
    return explanation(sum(details.map((d) => d.value)), 'text score, sum of:', details)
  }
}

/**
 * The n best touched documents by score (ties by id), without an object per document: given
 * the n-th best score (`floor`), only the documents at or above it are built.
 */
function topDocuments(index: DocumentIndex, scores: Float64Array, docs: ArrayLike<number>, n: number, floor: number): { docIndex: number; score: number }[] {
  if (n <= 0) return []
  const candidates: Scored[] = []
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!
    if (scores[d]! >= floor) candidates.push({ docIndex: d, id: index.recordAt(d)?.id ?? '', score: scores[d]! })
  }
  return topK(candidates, n)
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total
}
