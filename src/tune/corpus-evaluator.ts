/**
 * Scoring settings on labelled needs against one corpus, fast enough to tune with: indexes are
 * built once per distinct index setting, matchers once per setting, and each (setting, need)
 * pair is matched and measured once, however many folds and rounds ask for it.
 */
import { evaluate } from '../eval/evaluate.js'
import { buildIndex, type DocumentIndex } from '../index/document-index.js'
import { DEFAULT_FIELDS } from '../index/fields.js'
import { linkExperts } from '../match/expert-links.js'
import { createMatcher, type Matcher, type MatcherOptions } from '../match/matcher.js'
import { DEFAULT_LINK_WEIGHT } from '../job/targets.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { invalidOption } from '../errors.js'
import type { Achievement, DocId, Expert, Need, Qrels } from '../types.js'
import { needKey, TARGET_KINDS, type NeedEvaluator, type NeedMetrics, type NeedRef, type NeedScores, type TargetKind } from './objective.js'
import { settingKey, type CorpusIndexOptions, type TunableOptions } from './space.js'

/** Needs with graded judgments of achievements and/or experts (qrels.tsv grades both together). */
export interface LabelledSet {
  /** A short name used in reports and weights, e.g. `dev`, `dev-hard`. */
  readonly name: string
  readonly needs: readonly Need[]
  readonly qrels: Qrels
}

/** The records searched. Either kind may be missing or empty. */
export interface TuneCorpus {
  readonly achievements?: readonly Achievement[]
  readonly experts?: readonly Expert[]
}

/** Options of {@link createCorpusEvaluator}. */
export interface CorpusEvaluatorOptions {
  /** The analyzer of every index. Defaults to `createAnalyzer()`. */
  readonly analyzer?: Analyzer
  /**
   * How many results per need and kind are ranked; at least 20, so Recall@20 is exact (the
   * metrics read nothing below rank 20). @defaultValue 20
   */
  readonly depth?: number
  /** How many index settings keep their built indexes. @defaultValue 4 */
  readonly indexCacheSize?: number
}

/** Indexes of a corpus per target kind. */
export type CorpusIndexes = Partial<Record<TargetKind, DocumentIndex>>

/** Matchers per target kind. */
export type CorpusMatchers = Partial<Record<TargetKind, Matcher>>

/** A {@link NeedEvaluator} over a corpus, with what it has done so far. */
export interface CorpusEvaluator {
  /**
   * The labelled needs: those of each set's needs that its qrels judge, in set order, then in
   * the order of the needs file.
   */
  readonly needs: readonly NeedRef[]
  /** Needs judged in a set's qrels but missing from its needs: they cannot be matched and are left out. */
  readonly missing: readonly NeedRef[]
  readonly evaluate: NeedEvaluator<TunableOptions>
  /** Counters: index builds, matcher creations, (setting, need) pairs matched. */
  stats(): { readonly indexBuilds: number; readonly matchers: number; readonly needsMatched: number }
}

/**
 * Builds one index per target kind present in the corpus.
 *
 * @param corpus The achievements and experts.
 * @param analyzer The analyzer of every index.
 * @param options Index options; each kind's `fields` are merged over its `DEFAULT_FIELDS`.
 */
export function buildCorpusIndexes(corpus: TuneCorpus, analyzer: Analyzer, options: CorpusIndexOptions = {}): CorpusIndexes {
  const { fields, ...rest } = options
  const indexes: CorpusIndexes = {}
  const records = { achievement: corpus.achievements ?? [], expert: corpus.experts ?? [] }
  for (const kind of TARGET_KINDS) {
    if (records[kind].length === 0) continue
    const kindFields = fields?.[kind] ? { ...DEFAULT_FIELDS[kind], ...fields[kind] } : undefined
    indexes[kind] = buildIndex(records[kind], { ...rest, kind, analyzer, ...(kindFields ? { fields: kindFields } : {}) })
  }
  return indexes
}

/**
 * The matchers of a corpus for one setting, as `buildTargets` (job/targets.ts) makes them for
 * `demand-to-supply`, but over indexes already built: achievements by their text; experts by
 * their text plus the achievements linked to them (Model 2) when both kinds are present and
 * `linked.weight` (default {@link DEFAULT_LINK_WEIGHT}) is above 0. Keep the two in step: a test
 * checks that this evaluator and `runEvalJob` give the same numbers.
 *
 * @param indexes The built indexes.
 * @param corpus The records, for the expert links.
 * @param options The matcher options; `linked` may hold just `{ weight }`.
 */
export function corpusMatchers(indexes: CorpusIndexes, corpus: TuneCorpus, options: MatcherOptions = {}): CorpusMatchers {
  const { linked, ...own } = options
  const matchers: CorpusMatchers = {}
  if (indexes.achievement) matchers.achievement = createMatcher(indexes.achievement, own)
  if (indexes.expert) {
    const weight = (linked as { weight?: number } | undefined)?.weight ?? DEFAULT_LINK_WEIGHT
    const achievements = matchers.achievement
    const experts = corpus.experts ?? []
    matchers.expert = createMatcher(
      indexes.expert,
      achievements && weight > 0 ? { ...own, linked: { ...linked, matcher: achievements, links: linkExperts(experts, achievements), weight } } : own,
    )
  }
  return matchers
}

/**
 * Matches one need against each kind's matcher and measures the ranking against its judgments
 * (restricted to the targets of that kind), as `duijie eval` does.
 *
 * @param matchers The matcher per target kind.
 * @param need The need record.
 * @param qrels The judgments; the need's own are read.
 * @param depth Results ranked per kind; at least 20.
 */
export function scoreNeed(matchers: CorpusMatchers, need: Need, qrels: Qrels, depth = 20): Omit<NeedMetrics, 'set' | 'id'> {
  const judged = qrels.get(need.id)
  const out: { achievement?: NeedScores; expert?: NeedScores } = {}
  if (!judged) return out
  const own = new Map([[need.id, judged]])
  for (const kind of TARGET_KINDS) {
    const matcher = matchers[kind]
    if (!matcher) continue
    const ranked = matcher.rank(need, { topK: depth, queryKind: 'need' }).map((r) => r.id)
    const index = matcher.index
    const [result] = evaluate(new Map([[need.id, ranked]]), own, { targets: (id: DocId) => index.has(id) }).perNeed
    if (result) out[kind] = { ndcg10: result.ndcg10, recall20: result.recall20, mrr10: result.mrr10, p1: result.p1 }
  }
  return out
}

/**
 * Creates an evaluator of settings on labelled sets against one corpus.
 *
 * @param corpus The records searched.
 * @param sets The labelled sets; names must be distinct.
 * @param options Analyzer, depth, index cache size.
 * @throws MatchError INVALID_OPTION on a duplicate or empty set name, a depth below 20, or an
 *   unknown need passed to `evaluate`.
 * @example
 * const evaluator = createCorpusEvaluator({ achievements, experts }, [{ name: 'dev', needs, qrels }])
 * summarize(evaluator.evaluate({ matcher: { bm25: { k1: 0.9 } } }, evaluator.needs))
 */
export function createCorpusEvaluator(corpus: TuneCorpus, sets: readonly LabelledSet[], options: CorpusEvaluatorOptions = {}): CorpusEvaluator {
  const depth = options.depth ?? 20
  if (!Number.isInteger(depth) || depth < 20) invalidOption('depth', depth, 'must be an integer ≥ 20')
  const indexCacheSize = options.indexCacheSize ?? 4
  if (!Number.isInteger(indexCacheSize) || indexCacheSize < 1) invalidOption('indexCacheSize', indexCacheSize, 'must be an integer ≥ 1')
  let analyzer = options.analyzer

  const records = new Map<string, { need: Need; qrels: Qrels }>()
  const needs: NeedRef[] = []
  const missing: NeedRef[] = []
  for (const set of sets) {
    if (!set.name) invalidOption('set name', set.name, 'must be non-empty')
    if (sets.filter((s) => s.name === set.name).length > 1) invalidOption('set name', set.name, 'must be unique')
    const byId = new Map(set.needs.map((n) => [n.id, n]))
    for (const need of set.needs) {
      if (!set.qrels.has(need.id)) continue
      const ref = { set: set.name, id: need.id }
      records.set(needKey(ref), { need, qrels: set.qrels })
      needs.push(ref)
    }
    for (const id of set.qrels.keys()) if (!byId.has(id)) missing.push({ set: set.name, id })
  }

  const indexCache = new Map<string, CorpusIndexes>()
  const matcherCache = new Map<string, CorpusMatchers>()
  const metricCache = new Map<string, Map<string, NeedMetrics>>()
  const stats = { indexBuilds: 0, matchers: 0, needsMatched: 0 }

  const indexesFor = (indexOptions: CorpusIndexOptions): CorpusIndexes => {
    const key = settingKey(indexOptions)
    const cached = indexCache.get(key)
    if (cached) {
      indexCache.delete(key)
      indexCache.set(key, cached)
      return cached
    }
    analyzer ??= createAnalyzer()
    const built = buildCorpusIndexes(corpus, analyzer, indexOptions)
    stats.indexBuilds++
    indexCache.set(key, built)
    if (indexCache.size > indexCacheSize) indexCache.delete(indexCache.keys().next().value!)
    return built
  }

  const matchersFor = (setting: TunableOptions, key: string): CorpusMatchers => {
    const cached = matcherCache.get(key)
    if (cached) return cached
    const matchers = corpusMatchers(indexesFor(setting.index ?? {}), corpus, setting.matcher)
    stats.matchers++
    matcherCache.clear() // callers ask for one setting at a time; keep only the latest
    matcherCache.set(key, matchers)
    return matchers
  }

  const evaluateSetting: NeedEvaluator<TunableOptions> = (setting, refs) => {
    const key = settingKey(setting)
    let cache = metricCache.get(key)
    if (!cache) metricCache.set(key, (cache = new Map()))
    return refs.map((ref) => {
      const k = needKey(ref)
      const hit = cache.get(k)
      if (hit) return hit
      const labelled = records.get(k)
      if (!labelled) invalidOption('need', `${ref.set}/${ref.id}`, 'is not a labelled need of this evaluator')
      const metrics: NeedMetrics = { set: ref.set, id: ref.id, ...scoreNeed(matchersFor(setting, key), labelled.need, labelled.qrels, depth) }
      stats.needsMatched++
      cache.set(k, metrics)
      return metrics
    })
  }

  return { needs, missing, evaluate: evaluateSetting, stats: () => ({ ...stats }) }
}
