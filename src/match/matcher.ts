/**
 * The matcher: one query record against every record of an index, in any direction
 * (需求→成果, 需求→专家, 成果→需求, 专家→需求), ranked, scored 0–100 and explained.
 *
 * ranking score = text score (see text-channels.ts) · Π penalties of missed constraints
 */
import { invalidOption } from '../errors.js'
import type { DocumentIndex } from '../index/document-index.js'
import { inferKind, type FieldWeights } from '../index/fields.js'
import { explanation, toBm25Params, type Bm25Params, type Explanation } from '../score/index.js'
import type { Achievement, AnyRecord, DocId, Expert, Need, RecordKind } from '../types.js'
import {
  CONSTRAINT_NAMES,
  checkConstraints,
  constraintPenalty,
  maturityRank,
  requiredProvince,
  toPenalties,
  type ConstraintCheck,
  type ConstraintName,
  type ConstraintPenalties,
  type RegionRequirement,
} from './constraints.js'
import { DEFAULT_KEYWORD_SOURCE_WEIGHTS, type KeywordSourceWeights } from './keyword-scorer.js'
import type { AssociationOptions } from './associations.js'
import type { FeedbackOptions } from './feedback.js'
import type { ExpertLink } from './expert-links.js'
import { createDenseChannel, type DenseChannel } from './dense.js'
import { DocList } from './doc-list.js'
import { reciprocalRankFusion } from './fuse.js'
import { effectiveNeed, type EffectiveNeed, type TextConstraintField } from './need-constraints.js'
import { TextChannels, type ChannelWeights, type ScoredQuery } from './text-channels.js'
import { createThesaurus, type Thesaurus } from '../thesaurus/thesaurus.js'
import { createThesaurusExpander } from './thesaurus-expander.js'
import { matchBand, matchScore, toMatchScoreScale, type MatchBand } from './match-score.js'
import { DEFAULT_QUERY_FIELDS } from './query.js'
import { buildReasons, type MatchedTerm } from './reasons.js'
import { parseRegion } from './region.js'
import { topK, type Scored } from './rank.js'
import { takeAtLeast, takeNearLargest } from './score-scans.js'

/** Options fixed when the matcher is created. */
export interface MatcherOptions {
  /** BM25 parameters of the word and bigram channels. Defaults to k1 = 1.2, b = 0.75. */
  readonly bm25?: Partial<Bm25Params>
  /** Query fields and weights per query kind. Defaults to {@link DEFAULT_QUERY_FIELDS}. */
  readonly queryFields?: Partial<Record<RecordKind, FieldWeights>>
  /** Fusion weights of the text channels (words, character bigrams, keyword phrases); 0 turns one off. */
  readonly channels?: Partial<ChannelWeights>
  /** Weights of phrase sources in the keyword channel. */
  readonly keywordSources?: Partial<KeywordSourceWeights>
  /** Pseudo-relevance feedback (RM3): first-pass documents, expansion terms, their weight (0: off). */
  readonly feedback?: Partial<FeedbackOptions>
  /** Term associations learned from the corpus (co-occurrence): per term, weight (0: off), minCount, maxDocFreqRatio. */
  readonly associations?: Partial<AssociationOptions>
  /**
   * The thesaurus bridging enterprise wording to technical terms (冒白烟 → 烟气消白). Defaults to
   * the built-in one (dict/thesaurus, 12 fields); give your own (`createThesaurus({ files })`) or
   * `false` to turn it off.
   */
  readonly thesaurus?: Thesaurus | false
  /** Weight of a thesaurus term relative to a need's own term (doubled when the phrase is in the title). Default 1. */
  readonly thesaurusWeight?: number
  /** Score factors for missed constraints. */
  readonly penalties?: Partial<ConstraintPenalties>
  /** The coverage scale of 匹配度 (see match-score.ts). */
  readonly matchScoreScale?: number
  /**
   * Evidence from linked records (expert finding, Model 2): a matcher over achievements and
   * each expert's links to them (see `linkExperts`). An expert gains `weight` × (the best text
   * score of this query) × Σ link strength · the linked achievement's normalised score.
   */
  readonly linked?: LinkedEvidence
  /**
   * Dense vectors from your own embedding service (records' and the query's `vector`): cosine
   * similarity fused with the text score, either `weighted` (score += weight · best text score ·
   * cosine) or `rrf` (reciprocal rank fusion of the text and dense rankings, dense weighted by
   * `weight`). Used only when the query and some records carry vectors. Default weight 1, weighted.
   */
  readonly dense?: { readonly weight?: number; readonly fusion?: 'weighted' | 'rrf' }
}

/** Linked-document evidence for {@link MatcherOptions.linked}. */
export interface LinkedEvidence {
  readonly matcher: Matcher
  readonly links: ReadonlyMap<DocId, readonly ExpertLink[]>
  /** Weight relative to the query's best direct text score. */
  readonly weight: number
  /** Linked results considered per query. Default 30. */
  readonly depth?: number
}

/** Candidate filters, always hard: a candidate failing one is not returned. */
export interface MatchFilters {
  /** 领域: the candidate's field (or one of an expert's fields) is one of these. */
  readonly fields?: readonly string[]
  /** The candidate's region starts with this administrative path, e.g. `陕西省` or `陕西省西安市`. */
  readonly region?: string
  /** Achievements only: 成熟度 at least this. */
  readonly minMaturity?: string
  /** Achievements only: offers at least one of these 合作方式. */
  readonly cooperation?: readonly string[]
}

/** Options of one match call. */
export interface MatchOptions {
  /** How many results. Default 10. */
  readonly topK?: number
  /** Fill `explanation` on each result. */
  readonly explain?: boolean
  /** The kind of the query record; inferred from its fields when left out. */
  readonly queryKind?: RecordKind
  readonly filters?: MatchFilters
  /** The need's own constraints to enforce as filters instead of penalties. */
  readonly hard?: readonly ConstraintName[]
  /** A region the need insists on (e.g. `{ province: 'same' }` for 省内单位). */
  readonly regionRequirement?: RegionRequirement
  /** Drop results whose 匹配度 is below this (0–100). Default 0. */
  readonly minMatchScore?: number
  /**
   * Visit every candidate instead of stopping early. The results are identical either way (a
   * property test checks it); this exists for that test and for measuring what stopping saves.
   * @internal
   */
  readonly exhaustive?: boolean
}

/** One ranked match. */
export interface MatchResult {
  readonly id: DocId
  /** Ranking score: higher is better; comparable within one query only. */
  readonly score: number
  /** 匹配度, 0–100. */
  readonly matchScore: number
  readonly band: MatchBand
  /** 推荐理由, one line each, plain Chinese. */
  readonly reasons: readonly string[]
  readonly matchedTerms: readonly MatchedTerm[]
  readonly constraints: readonly ConstraintCheck[]
  readonly explanation?: Explanation
}

/** Ranks the records of one index against query records. */
export interface Matcher {
  readonly index: DocumentIndex
  /**
   * Ranks the index's records for a query record.
   *
   * @param query A need, achievement or expert; never mutated.
   * @param options topK, explain, filters, hard constraints.
   * @returns Results sorted by score desc, then id asc.
   */
  match(query: AnyRecord, options?: MatchOptions): MatchResult[]
  /**
   * The same ranking as {@link Matcher.match} (ids, scores, order), without 匹配度, reasons or
   * explanations: for evaluation, tuning and linked evidence, where only the order is used.
   * `minMatchScore` and `explain` do not apply.
   */
  rank(query: AnyRecord, options?: MatchOptions): RankedResult[]
}

/** One ranked id and its ranking score. */
export interface RankedResult {
  readonly id: DocId
  readonly score: number
}

/** The defaults of {@link MatcherOptions}. */
export const DEFAULT_MATCHER_OPTIONS = {
  channels: { words: 1, chars: 0.5, keywords: 1 } satisfies ChannelWeights,
  feedback: { docs: 5, terms: 10, weight: 1 } satisfies FeedbackOptions,
  thesaurusWeight: 1,
  associations: { perTerm: 3, weight: 0, minCount: 2, maxDocFreqRatio: 0.1 } satisfies AssociationOptions,
  topK: 10,
} as const

const SUPPLY_KINDS: readonly RecordKind[] = ['achievement', 'expert']

/** Every key of {@link MatcherOptions}: a typo in a config file is an error, not a silent no-op. */
const MATCHER_OPTION_NAMES = [
  'bm25', 'queryFields', 'channels', 'keywordSources', 'feedback', 'associations', 'thesaurus',
  'thesaurusWeight', 'penalties', 'matchScoreScale', 'linked', 'dense',
] as const satisfies readonly (keyof MatcherOptions)[]

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) invalidOption(name, value, 'must be a finite number ≥ 0')
  return value
}

/**
 * Creates a matcher over an index. Options are validated here, once.
 *
 * @throws MatchError INVALID_OPTION on a bad option, naming it and its value.
 * @example
 * const matcher = createMatcher(index, { bm25: { k1: 1.2, b: 0.75 } })
 * const hits = matcher.match(need, { topK: 5, explain: true })
 */
export function createMatcher(index: DocumentIndex, options: MatcherOptions = {}): Matcher {
  for (const key of Object.keys(options)) {
    if (!(MATCHER_OPTION_NAMES as readonly string[]).includes(key)) {
      invalidOption(key, (options as Record<string, unknown>)[key], `not a matcher option (${MATCHER_OPTION_NAMES.join(', ')})`)
    }
  }
  const penalties = toPenalties(options.penalties)
  /** The smallest factor the constraint penalties can leave of a raw score: every one missed. */
  const minimumFactor = CONSTRAINT_NAMES.reduce((factor, name) => factor * penalties[name], 1)
  const scale = toMatchScoreScale(options.matchScoreScale)
  const weights: ChannelWeights = { ...DEFAULT_MATCHER_OPTIONS.channels, ...options.channels }
  for (const name of ['words', 'chars', 'keywords'] as const) nonNegative(`channels.${name}`, weights[name])
  const feedback: FeedbackOptions = { ...DEFAULT_MATCHER_OPTIONS.feedback, ...options.feedback }
  for (const name of ['docs', 'terms'] as const) {
    if (!Number.isInteger(feedback[name]) || feedback[name] < 0) invalidOption(`feedback.${name}`, feedback[name], 'must be an integer ≥ 0')
  }
  nonNegative('feedback.weight', feedback.weight)
  const associations: AssociationOptions = { ...DEFAULT_MATCHER_OPTIONS.associations, ...options.associations }
  nonNegative('associations.weight', associations.weight)
  nonNegative('associations.perTerm', associations.perTerm)
  nonNegative('associations.minCount', associations.minCount)
  nonNegative('associations.maxDocFreqRatio', associations.maxDocFreqRatio)
  const queryFields = { ...DEFAULT_QUERY_FIELDS, ...options.queryFields }
  const denseWeight = nonNegative('dense.weight', options.dense?.weight ?? 1)
  const denseFusion = options.dense?.fusion ?? 'weighted'
  if (denseFusion !== 'weighted' && denseFusion !== 'rrf') invalidOption('dense.fusion', denseFusion, "must be 'weighted' or 'rrf'")
  const thesaurusWeight = nonNegative('thesaurusWeight', options.thesaurusWeight ?? DEFAULT_MATCHER_OPTIONS.thesaurusWeight)
  const thesaurus = options.thesaurus === false || thesaurusWeight === 0 ? undefined : (options.thesaurus ?? createThesaurus())
  const channels = new TextChannels(index, {
    bm25: toBm25Params(options.bm25),
    weights,
    keywordSources: { ...DEFAULT_KEYWORD_SOURCE_WEIGHTS, ...options.keywordSources },
    feedback,
    associations,
    ...(thesaurus ? { expander: createThesaurusExpander(thesaurus, index.analyzer, thesaurusWeight) } : {}),
  })
  // Scratch reused across queries: scores are zero again after every query (one fill, after
  // the pass that reads them all), so no query allocates anything corpus-sized.
  let scores = new Float64Array(0)
  let raw = new Float64Array(0)
  let kept = new Int32Array(0)
  const touched = new DocList()
  const provinceCache = new Map<number, string | undefined>()
  const provinceOf = (docIndex: number, record: AnyRecord) => {
    if (!provinceCache.has(docIndex)) provinceCache.set(docIndex, parseRegion(record.region).province)
    return provinceCache.get(docIndex)
  }
  let cacheVersion = index.terms.version
  // Needs with their empty constraint fields read from their text; records are never mutated.
  const effectiveNeeds = new WeakMap<Need, EffectiveNeed>()
  const effective = (need: Need) => {
    let e = effectiveNeeds.get(need)
    if (!e) effectiveNeeds.set(need, (e = effectiveNeed(need)))
    return e
  }

  function match(query: AnyRecord, matchOptions: MatchOptions = {}): MatchResult[] {
    const minMatchScore = matchOptions.minMatchScore ?? 0
    const ranked = rankCandidates(query, matchOptions)
    const results: MatchResult[] = []
    for (const c of ranked.top) {
      const result = describe(c, query, ranked.scored, ranked.pair, matchOptions, ranked.evidence?.get(c.docIndex), ranked.denseValues?.get(c.docIndex))
      if (result.matchScore >= minMatchScore) results.push(result)
    }
    return results
  }

  function rank(query: AnyRecord, matchOptions: MatchOptions = {}): RankedResult[] {
    return rankCandidates(query, matchOptions).top.map((c) => ({ id: c.id, score: c.score }))
  }

  /** Scores every channel, applies constraints and filters, and keeps the top k (undescribed). */
  function rankCandidates(query: AnyRecord, matchOptions: MatchOptions) {
    const k = matchOptions.topK ?? DEFAULT_MATCHER_OPTIONS.topK
    if (!Number.isInteger(k) || k < 0) invalidOption('topK', k, 'must be an integer ≥ 0')
    const exhaustive = matchOptions.exhaustive === true
    const queryKind = matchOptions.queryKind ?? inferKind(query) ?? (index.kind === 'need' ? 'achievement' : 'need')
    if (cacheVersion !== index.terms.version) {
      provinceCache.clear()
      cacheVersion = index.terms.version
    }

    scores = channels.scoreScratch(index.terms.slotCount)
    touched.length = 0
    const linked = options.linked && options.linked.weight > 0 ? options.linked : undefined
    const vector = denseWeight > 0 && Array.isArray(query.vector) && query.vector.length > 0 ? query.vector : undefined
    // The touched documents are listed only for linked evidence and dense fusion; the ranking
    // below reads every score in order.
    const scored = channels.score(query, queryFields[queryKind], scores, linked || vector ? touched : undefined)
    const evidence = linked ? addLinkedEvidence(linked, query, queryKind, scored, scores, touched) : undefined
    const denseValues = vector ? addDense(vector, scored, scores, touched) : undefined

    // Constraints and filters, then top-k. A penalty only multiplies by a factor ≤ 1, so
    // candidates are visited by descending raw score and the visit stops once a raw score falls
    // below the k-th best final score: no later candidate can enter (exact, not approximate).
    const pair = constraintPair(queryKind, index.kind)
    const hard = new Set(matchOptions.hard ?? [])
    const hardPenalties = hard.size > 0 ? penaltiesMarking(hard) : undefined
    const slots = index.terms.slotCount
    /** The candidate of a document with this raw score (its final score), or undefined when a filter or hard constraint drops it. */
    const evaluate = (docIndex: number, rawScore: number): Candidate | undefined => {
      const record = index.recordAt(docIndex)
      if (!record || !passesFilters(record, index.kind, matchOptions.filters)) return undefined
      let factor = 1
      if (pair) {
        const stated = effective((pair.needIsQuery ? query : record) as Need)
        const need = stated.need
        const supply = (pair.needIsQuery ? record : query) as Achievement | Expert
        const supplyProvince = pair.needIsQuery ? provinceOf(docIndex, record) : parseRegion(supply.region).province
        const required = requiredProvince(need, matchOptions.regionRequirement ?? stated.regionRequirement)
        if (hardPenalties && constraintPenalty(need, supply, pair.supplyKind, hardPenalties, supplyProvince, required) === 0) return undefined
        factor = constraintPenalty(need, supply, pair.supplyKind, penalties, supplyProvince, required)
      }
      return { docIndex, id: record.id, score: rawScore * factor, factor }
    }
    // Most touched documents (often most of the corpus) cannot enter: the final scores of the k
    // best raw scores bound the k-th best final score from below, and a document whose raw score
    // is under that bound ends under it too. Only the rest (and a few more, see takeCandidates)
    // are kept (their docIndexes in `kept`, raw scores in `raw`), ordered and visited. The scores
    // are read in docIndex order rather than through the touched list: a query touches most
    // documents (95% at 10^5), and a sequential read beats the gather; the scores' scratch is
    // then cleared at once.
    if (raw.length < slots) raw = new Float64Array(scores.length)
    if (kept.length < slots) kept = new Int32Array(scores.length)
    const size = exhaustive ? takeAtLeast(scores, slots, -Infinity, kept, raw) : takeCandidates(scores, slots, k, pair ? minimumFactor : 1, evaluate, kept, raw)
    const order = byDescendingScore(raw, size)
    const candidates: Candidate[] = []
    const best = new KthBest(k)
    for (let next = order.pop(); next !== undefined; next = order.pop()) {
      if (!exhaustive && best.isFull() && raw[next]! < best.threshold()) break
      const c = evaluate(kept[next]!, raw[next]!)
      if (!c) continue
      candidates.push(c)
      best.add(c.score)
    }
    return { top: topK(candidates, k), scored, pair, evidence, denseValues }
  }

  /** The dense channel over the index's records with vectors, rebuilt when the index changes. */
  let dense: { version: number; channel: DenseChannel } | undefined
  function denseChannel(): DenseChannel {
    if (!dense || dense.version !== index.terms.version) {
      const records = Array.from({ length: index.terms.slotCount }, (_, d) => index.recordAt(d) ?? { id: '' })
      dense = { version: index.terms.version, channel: createDenseChannel(records) }
    }
    return dense.channel
  }

  /** Fuses dense cosine into the scores; returns what each document gained (weighted) or its fused score (rrf). */
  function addDense(vector: readonly number[], scored: ScoredQuery, scores: Float64Array, touched: DocList): Map<number, number> | undefined {
    const channel = denseChannel()
    if (channel.size === 0) return undefined
    const cosines = channel.score(vector)
    const out = new Map<number, number>()
    if (denseFusion === 'weighted') {
      const best = bestScore(scores, touched)
      const unit = denseWeight * (best > 0 ? best : 0.25 * scored.maxText || 1)
      for (const [d, cosine] of cosines) {
        if (!(cosine > 0) || !index.terms.isLive(d)) continue
        if (scores[d] === 0) touched.push(d)
        scores[d]! += unit * cosine
        out.set(d, unit * cosine)
      }
      return out
    }
    const text = Array.from(touched.ids.subarray(0, touched.length), (d) => ({ docIndex: d, score: scores[d]! }))
    const denseHits = [...cosines].filter(([d, c]) => c > 0 && index.terms.isLive(d)).map(([d, c]) => ({ docIndex: d, score: c }))
    const fused = reciprocalRankFusion([text, denseHits], { weights: [1, denseWeight] })
    for (const [d, value] of fused) {
      if (scores[d] === 0) touched.push(d)
      scores[d] = value
      out.set(d, value)
    }
    return out
  }

  /** Adds Model-2 evidence to the scores; returns each credited docIndex's evidence. */
  function addLinkedEvidence(
    linked: LinkedEvidence,
    query: AnyRecord,
    queryKind: RecordKind,
    scored: ScoredQuery,
    scores: Float64Array,
    touched: DocList,
  ): Map<number, Evidence> {
    const results = linked.matcher.rank(query, { topK: linked.depth ?? 30, queryKind })
    const out = new Map<number, Evidence>()
    if (results.length === 0) return out
    const top = results[0]!.score
    const linkedScore = new Map(results.map((r) => [r.id, r.score / top]))
    const best = bestScore(scores, touched)
    const unit = linked.weight * (best > 0 ? best : 0.25 * scored.maxText)
    for (const [expertId, links] of linked.links) {
      const docIndex = index.docIndexOf(expertId)
      if (docIndex < 0) continue
      const via: { id: DocId; title: string; value: number }[] = []
      for (const link of links) {
        const s = linkedScore.get(link.id)
        if (s !== undefined) via.push({ id: link.id, title: link.title, value: unit * link.strength * s })
      }
      if (via.length === 0) continue
      const value = via.reduce((sum, v) => sum + v.value, 0)
      if (scores[docIndex] === 0) touched.push(docIndex)
      scores[docIndex]! += value
      out.set(docIndex, { value, via: via.sort((a, b) => b.value - a.value) })
    }
    return out
  }

  function describe(
    c: Candidate,
    query: AnyRecord,
    scored: ScoredQuery,
    pair: ConstraintPair | undefined,
    matchOptions: MatchOptions,
    evidence: Evidence | undefined,
    denseValue: number | undefined,
  ): MatchResult {
    const record = index.recordAt(c.docIndex)!
    const stated = pair ? effective((pair.needIsQuery ? query : record) as Need) : undefined
    const checks =
      pair && stated
        ? checkConstraints(stated.need, (pair.needIsQuery ? record : query) as Achievement | Expert, pair.supplyKind, matchOptions.regionRequirement ?? stated.regionRequirement)
        : []
    const parts = channels.contributions(scored, c.docIndex)
    const matchedTerms = parts.terms.map((t) => ({ term: t.term, contribution: t.value }))
    const total = parts.total + (evidence?.value ?? 0)
    // The ranking score before penalties: text (+ Model 2) plus weighted dense, or the RRF value.
    const unpenalised = denseValue === undefined ? total : denseFusion === 'weighted' ? total + denseValue : denseValue
    // The constraints' own factor, not score ÷ unpenalised: that ratio is off 1 by rounding when
    // nothing was missed (the score was summed posting by posting, the parts term by term).
    const factor = c.factor
    const value = matchScore(scored.maxText > 0 ? total / scored.maxText : 0, factor, scale, scored.information)
    const reasons = buildReasons(matchedTerms, parts.phrases, checks, parts.expansions)
    if (stated && stated.fromText.length > 0) reasons.push(`（${stated.fromText.map((f) => TEXT_FIELD_LABEL[f]).join('、')}要求读自需求原文）`)
    if (evidence) reasons.splice(0, 0, `团队相关成果：${evidence.via.slice(0, 2).map((v) => `${v.id}《${v.title}》`).join('、')}`)
    const result: MatchResult = {
      id: c.id,
      score: c.score,
      matchScore: value,
      band: matchBand(value),
      reasons,
      matchedTerms,
      constraints: checks,
    }
    if (!matchOptions.explain) return result
    const direct = channels.explain(scored, c.docIndex)
    const linkedNode = evidence
      ? [explanation(evidence.value, 'linked achievements (Model 2), sum of:', evidence.via.map((v) => explanation(v.value, `achievement(${v.id})`)))]
      : []
    let text = linkedNode.length > 0 ? explanation(total, 'sum of:', [direct, ...linkedNode]) : direct
    if (denseValue !== undefined) {
      text =
        denseFusion === 'weighted'
          ? explanation(unpenalised, 'sum of:', [text, explanation(denseValue, `dense cosine × ${denseWeight} × best text score`)])
          : explanation(unpenalised, `reciprocal rank fusion (k = 60) of the text ranking and the dense ranking × ${denseWeight}`, [text])
    }
    const missed = checks.filter((x) => x.status === 'missed').map((x) => x.name)
    return {
      ...result,
      explanation: factor === 1 ? text : explanation(c.score, 'product of:', [text, explanation(factor, `constraint penalties (missed: ${missed.join(', ')})`)]),
    }
  }

  return { index, match, rank }
}

const TEXT_FIELD_LABEL: Record<TextConstraintField, string> = {
  maturityRequired: '成熟度',
  budget: '预算',
  cooperation: '合作方式',
  regionRequirement: '地区',
}

/**
 * Keeps (in `kept`/`raw`, docIndex order) the nonzero scores that may reach the top k, clears
 * the scores and returns how many: every score at or above a lower bound of the k-th best final
 * score, the k-th best final score of the k best raw scores. One pass finds those k and, at the
 * same time, every score at least `minFactor` (the smallest factor the constraints can leave)
 * times the k-th best raw score so far: a superset, since each of the k has a final score at
 * least minFactor times its raw score. The extra ones rank below the bound and end the visit.
 * When fewer than k of the k best survive the filters there is no bound: every nonzero score.
 */
function takeCandidates(
  scores: Float64Array,
  slots: number,
  k: number,
  minFactor: number,
  evaluate: (docIndex: number, raw: number) => Candidate | undefined,
  kept: Int32Array,
  raw: Float64Array,
): number {
  const near = takeNearLargest(scores, slots, k, minFactor, kept, raw)
  if (k <= 0 || near.largest.length < k) {
    scores.fill(0, 0, slots)
    return near.size
  }
  const best = new KthBest(k)
  for (const d of near.largest) {
    const c = evaluate(d, scores[d]!)
    if (c) best.add(c.score)
  }
  if (!best.isFull()) return takeAtLeast(scores, slots, -Infinity, kept, raw)
  scores.fill(0, 0, slots)
  return near.size
}

/** A lazy max-heap of indices into the first `count` of `values`: pop() gives the index of the largest remaining value. */
function byDescendingScore(values: Float64Array, count: number): { pop(): number | undefined } {
  let size = count
  const heap = new Int32Array(size)
  for (let i = 0; i < count; i++) heap[i] = i
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < size && values[heap[l]!]! > values[heap[m]!]!) m = l
      if (r < size && values[heap[r]!]! > values[heap[m]!]!) m = r
      if (m === i) return
      const t = heap[i]!
      heap[i] = heap[m]!
      heap[m] = t
      i = m
    }
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i)
  return {
    pop() {
      if (size === 0) return undefined
      const top = heap[0]!
      heap[0] = heap[--size]!
      down(0)
      return top
    },
  }
}

/** The k-th largest of the scores added so far (a bounded min-heap of scores). */
class KthBest {
  private readonly heap: number[] = []
  constructor(private readonly k: number) {}
  isFull(): boolean {
    return this.k > 0 && this.heap.length >= this.k
  }
  threshold(): number {
    return this.heap[0] ?? -Infinity
  }
  add(score: number): void {
    const h = this.heap
    if (this.k === 0) return
    if (h.length < this.k) {
      h.push(score)
      let i = h.length - 1
      while (i > 0 && h[(i - 1) >> 1]! > h[i]!) {
        const p = (i - 1) >> 1
        ;[h[p], h[i]] = [h[i]!, h[p]!]
        i = p
      }
    } else if (score > h[0]!) {
      h[0] = score
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && h[l]! < h[m]!) m = l
        if (r < h.length && h[r]! < h[m]!) m = r
        if (m === i) break
        ;[h[m], h[i]] = [h[i]!, h[m]!]
        i = m
      }
    }
  }
}

/** The largest score of the touched documents, or 0. */
function bestScore(scores: Float64Array, touched: DocList): number {
  let best = 0
  for (let i = 0; i < touched.length; i++) if (scores[touched.ids[i]!]! > best) best = scores[touched.ids[i]!]!
  return best
}

/** A document that passed the filters: its final score, and the constraints' factor in it. */
interface Candidate extends Scored {
  /** The product of the constraint penalties (1: nothing missed); score = raw score × factor. */
  readonly factor: number
}

/** Model-2 evidence credited to one document. */
interface Evidence {
  readonly value: number
  readonly via: readonly { id: DocId; title: string; value: number }[]
}

interface ConstraintPair {
  readonly needIsQuery: boolean
  readonly supplyKind: 'achievement' | 'expert'
}

/** Which side is the need when the query and the index are of these kinds; undefined when neither or both. */
function constraintPair(queryKind: RecordKind, indexKind: RecordKind): ConstraintPair | undefined {
  if (queryKind === 'need' && SUPPLY_KINDS.includes(indexKind)) return { needIsQuery: true, supplyKind: indexKind as 'achievement' | 'expert' }
  if (indexKind === 'need' && SUPPLY_KINDS.includes(queryKind)) return { needIsQuery: false, supplyKind: queryKind as 'achievement' | 'expert' }
  return undefined
}

/** Penalties where each hard constraint is 0 (so a miss zeroes the factor) and the rest 1. */
function penaltiesMarking(hard: ReadonlySet<ConstraintName>): ConstraintPenalties {
  return {
    maturity: hard.has('maturity') ? 0 : 1,
    cooperation: hard.has('cooperation') ? 0 : 1,
    budget: hard.has('budget') ? 0 : 1,
    region: hard.has('region') ? 0 : 1,
  }
}

function passesFilters(record: AnyRecord, kind: RecordKind, filters: MatchFilters | undefined): boolean {
  if (!filters) return true
  if (filters.fields && filters.fields.length > 0) {
    const own = kind === 'expert' ? ((record as Expert).fields ?? []) : [(record as Achievement | Need).field ?? '']
    if (!own.some((f) => filters.fields!.includes(f))) return false
  }
  if (filters.region && !(record.region ?? '').replace(/\s+/g, '').startsWith(filters.region.replace(/\s+/g, ''))) return false
  if (kind === 'achievement') {
    const a = record as Achievement
    if (filters.minMaturity !== undefined && maturityRank(a.maturity) < maturityRank(filters.minMaturity)) return false
    if (filters.cooperation && filters.cooperation.length > 0 && !(a.cooperation ?? []).some((m) => filters.cooperation!.includes(m))) return false
  }
  return true
}
