/**
 * The matcher: one query record against every record of an index, in any direction
 * (需求→成果, 需求→专家, 成果→需求, 专家→需求), ranked, scored 0–100 and explained.
 *
 * ranking score = (bm25f + keywordWeight · keywordScore) · constraintFactor
 */
import { invalidOption } from '../errors.js'
import type { DocumentIndex } from '../index/document-index.js'
import { inferKind, type FieldWeights } from '../index/fields.js'
import { explanation, toBm25Params, type Bm25Params, type Explanation } from '../score/index.js'
import { normalize } from '../tokenize/normalize.js'
import type { Achievement, AnyRecord, DocId, Expert, Need, RecordKind } from '../types.js'
import { Bm25fScorer } from './bm25f-scorer.js'
import {
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
import { DEFAULT_KEYWORD_SOURCE_WEIGHTS, keywordMatches, type KeywordMatch, type KeywordSourceWeights } from './keyword-scorer.js'
import { matchBand, matchScore, toMatchScoreScale, type MatchBand } from './match-score.js'
import { buildQuery, DEFAULT_QUERY_FIELDS, queryText, type QueryTerm } from './query.js'
import { buildReasons, type MatchedTerm } from './reasons.js'
import { parseRegion } from './region.js'
import { topK, type Scored } from './rank.js'

/** Options fixed when the matcher is created. */
export interface MatcherOptions {
  /** BM25 parameters. Defaults to k1 = 1.2, b = 0.75. */
  readonly bm25?: Partial<Bm25Params>
  /** Query fields and weights per query kind. Defaults to {@link DEFAULT_QUERY_FIELDS}. */
  readonly queryFields?: Partial<Record<RecordKind, FieldWeights>>
  /** Weight of the keyword (exact phrase) channel; 0 turns it off. Default 1. */
  readonly keywordWeight?: number
  /** Weights of phrase sources in the keyword channel. */
  readonly keywordSources?: Partial<KeywordSourceWeights>
  /** Score factors for missed constraints. */
  readonly penalties?: Partial<ConstraintPenalties>
  /** The coverage scale of 匹配度 (see match-score.ts). */
  readonly matchScoreScale?: number
  /** Query weight of single-character terms relative to longer ones. */
  readonly singleCharWeight?: number
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
}

/** The defaults of {@link MatcherOptions}. */
export const DEFAULT_MATCHER_OPTIONS = {
  keywordWeight: 1,
  singleCharWeight: 1,
  topK: 10,
} as const

const SUPPLY_KINDS: readonly RecordKind[] = ['achievement', 'expert']

/**
 * Creates a matcher over an index. Options are validated here, once.
 *
 * @throws MatchError INVALID_OPTION on a bad option, naming it and its value.
 * @example
 * const matcher = createMatcher(index, { bm25: { k1: 1.2, b: 0.75 } })
 * const hits = matcher.match(need, { topK: 5, explain: true })
 */
export function createMatcher(index: DocumentIndex, options: MatcherOptions = {}): Matcher {
  const bm25 = toBm25Params(options.bm25)
  const penalties = toPenalties(options.penalties)
  const scale = toMatchScoreScale(options.matchScoreScale)
  const keywordWeight = options.keywordWeight ?? DEFAULT_MATCHER_OPTIONS.keywordWeight
  if (!Number.isFinite(keywordWeight) || keywordWeight < 0) invalidOption('keywordWeight', keywordWeight, 'must be a finite number ≥ 0')
  const keywordSources = { ...DEFAULT_KEYWORD_SOURCE_WEIGHTS, ...options.keywordSources }
  const queryFields = { ...DEFAULT_QUERY_FIELDS, ...options.queryFields }
  const singleCharWeight = options.singleCharWeight ?? DEFAULT_MATCHER_OPTIONS.singleCharWeight
  if (!Number.isFinite(singleCharWeight) || singleCharWeight < 0 || singleCharWeight > 1) invalidOption('singleCharWeight', singleCharWeight, 'must be within [0, 1]')
  const scorer = new Bm25fScorer(index, bm25)
  let scores = new Float64Array(0)
  const provinceCache = new Map<number, string | undefined>()
  const provinceOf = (docIndex: number, record: AnyRecord) => {
    if (!provinceCache.has(docIndex)) provinceCache.set(docIndex, parseRegion(record.region).province)
    return provinceCache.get(docIndex)
  }
  let cacheVersion = index.terms.version

  function match(query: AnyRecord, matchOptions: MatchOptions = {}): MatchResult[] {
    const k = matchOptions.topK ?? DEFAULT_MATCHER_OPTIONS.topK
    if (!Number.isInteger(k) || k < 0) invalidOption('topK', k, 'must be an integer ≥ 0')
    const minMatchScore = matchOptions.minMatchScore ?? 0
    const queryKind = matchOptions.queryKind ?? inferKind(query) ?? (index.kind === 'need' ? 'achievement' : 'need')
    if (cacheVersion !== index.terms.version) {
      provinceCache.clear()
      cacheVersion = index.terms.version
    }

    // Text channels.
    const terms = buildQuery(query, queryFields[queryKind], index.analyzer, singleCharWeight)
    if (scores.length < index.terms.slotCount) scores = new Float64Array(index.terms.slotCount)
    const touched: number[] = []
    scorer.accumulate(terms, scores, touched)
    const phrases =
      keywordWeight > 0 ? keywordMatches(index, normalize(queryText(query, queryFields[queryKind])), keywordSources) : new Map<number, KeywordMatch[]>()
    for (const [docIndex, list] of phrases) {
      if (scores[docIndex] === 0) touched.push(docIndex)
      for (const p of list) scores[docIndex]! += keywordWeight * p.value
    }

    // Constraints and filters, then top-k.
    const pair = constraintPair(queryKind, index.kind)
    const hard = new Set(matchOptions.hard ?? [])
    const hardPenalties = hard.size > 0 ? penaltiesMarking(hard) : undefined
    const candidates: Scored[] = []
    for (const docIndex of touched) {
      const raw = scores[docIndex]!
      scores[docIndex] = 0
      const record = index.recordAt(docIndex)
      if (!record || !passesFilters(record, index.kind, matchOptions.filters)) continue
      let factor = 1
      if (pair) {
        const need = (pair.needIsQuery ? query : record) as Need
        const supply = (pair.needIsQuery ? record : query) as Achievement | Expert
        const supplyProvince = pair.needIsQuery ? provinceOf(docIndex, record) : parseRegion(supply.region).province
        const required = requiredProvince(need, matchOptions.regionRequirement)
        if (hardPenalties && constraintPenalty(need, supply, pair.supplyKind, hardPenalties, supplyProvince, required) === 0) continue
        factor = constraintPenalty(need, supply, pair.supplyKind, penalties, supplyProvince, required)
      }
      candidates.push({ docIndex, id: record.id, score: raw * factor })
    }
    const maxText = scorer.maxScore(terms)
    const results: MatchResult[] = []
    for (const c of topK(candidates, k)) {
      const result = describe(c, query, terms, phrases.get(c.docIndex) ?? [], pair, maxText, matchOptions)
      if (result.matchScore >= minMatchScore) results.push(result)
    }
    return results
  }

  function describe(
    c: Scored,
    query: AnyRecord,
    terms: readonly QueryTerm[],
    phrases: readonly KeywordMatch[],
    pair: ConstraintPair | undefined,
    maxText: number,
    matchOptions: MatchOptions,
  ): MatchResult {
    const record = index.recordAt(c.docIndex)!
    const checks = pair
      ? checkConstraints(
          (pair.needIsQuery ? query : record) as Need,
          (pair.needIsQuery ? record : query) as Achievement | Expert,
          pair.supplyKind,
          matchOptions.regionRequirement,
        )
      : []
    const contributions = scorer.termContributions(terms, c.docIndex)
    const matchedTerms = contributions.map((t) => ({ term: t.term, contribution: t.value }))
    const weightedPhrases = phrases.map((p) => ({ ...p, value: p.value * keywordWeight }))
    const textScore = contributions.reduce((s, t) => s + t.value, 0) + weightedPhrases.reduce((s, p) => s + p.value, 0)
    const factor = textScore > 0 ? c.score / textScore : 1
    const value = matchScore(maxText > 0 ? textScore / maxText : 0, factor, scale)
    const result: MatchResult = {
      id: c.id,
      score: c.score,
      matchScore: value,
      band: matchBand(value),
      reasons: buildReasons(matchedTerms, weightedPhrases, checks),
      matchedTerms,
      constraints: checks,
    }
    if (!matchOptions.explain) return result
    const details: Explanation[] = [scorer.explain(terms, c.docIndex)]
    if (weightedPhrases.length > 0) {
      details.push(
        explanation(
          weightedPhrases.reduce((s, p) => s + p.value, 0),
          `keyword phrases × ${keywordWeight}, sum of:`,
          weightedPhrases.map((p) => explanation(p.value, `phrase(${p.phrase}, ${p.source})`)),
        ),
      )
    }
    const sum = explanation(textScore, 'sum of:', details)
    return { ...result, explanation: factor === 1 ? sum : explanation(c.score, 'product of:', [sum, explanation(factor, 'constraint penalties (missed: ' + checks.filter((x) => x.status === 'missed').map((x) => x.name).join(', ') + ')')]) }
  }

  return { index, match }
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
