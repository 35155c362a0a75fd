/**
 * Cross-validated tuning: how well tuned options do on needs they were not tuned on. Gains
 * measured on the needs a setting was tuned on are optimistic by construction, and with a few
 * dozen labelled needs the optimism is large; only held-out figures are reported as results.
 */
import { invalidOption } from '../errors.js'
import { coordinateAscent, type AscentRound } from './coordinate-ascent.js'
import { needKey, objectiveOf, summarize, type NeedEvaluator, type NeedMetrics, type NeedRef, type ObjectiveWeights, type SetSummary } from './objective.js'
import type { SearchSpace, TunableOptions } from './space.js'

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** The search space. */
  readonly space: SearchSpace
  /** Number of folds, ≥ 2. @defaultValue 5 */
  readonly folds?: number
  /** Where each fold's search starts, and the baseline every fold is compared with. @defaultValue `{}` */
  readonly start?: TunableOptions
  /** Round limit of each fold's coordinate ascent. @defaultValue 3 */
  readonly maxRounds?: number
  /** Least gain for a step; see `CoordinateAscentOptions.minGain`. @defaultValue 0 */
  readonly minGain?: number
  /** Weights of the objective. */
  readonly weights?: ObjectiveWeights
  /** Called after each round of each fold's search (fold is 1-based). */
  readonly onRound?: (fold: number, folds: number, round: AscentRound) => void
}

/** One fold: tuned on the other folds, measured on this one. */
export interface FoldResult {
  /** 1-based. */
  readonly fold: number
  /** The needs held out: never seen while this fold's options were tuned. */
  readonly heldOutNeeds: readonly NeedRef[]
  readonly trainNeedCount: number
  /** The options tuned on the other folds. */
  readonly options: TunableOptions
  readonly rounds: readonly AscentRound[]
  /** Objective of the start and of the tuned options on the training needs: optimistic, label it "train". */
  readonly train: { readonly start: number; readonly tuned: number }
  /** Objective of the start and of the tuned options on the held-out needs. */
  readonly heldOut: { readonly start: number; readonly tuned: number }
}

/** The result of {@link crossValidate}. */
export interface CrossValidationResult {
  readonly folds: readonly FoldResult[]
  /**
   * Means over every labelled need, each measured with the options tuned without it (pooled
   * over the folds, so each need counts once).
   */
  readonly tuned: SetSummary
  /** The start options on the same needs: the figure the tuned one is compared with. */
  readonly start: SetSummary
  /** The objective of `tuned` and of `start`. */
  readonly objective: { readonly tuned: number; readonly start: number }
}

/**
 * A 32-bit FNV-1a hash of the UTF-8 bytes of a string: stable across runs, machines and
 * languages (unlike a random shuffle or a hash of object identity).
 *
 * @see Fowler, Noll, Vo, "FNV hash", http://www.isthe.com/chongo/tech/comp/fnv/
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/**
 * Splits needs into folds, deterministically and evenly. Within each set the needs are ordered
 * by the {@link stableHash} of their id (ties by id) and dealt to the folds in turn, the deal
 * continuing from set to set (sets in name order); so every fold has about the same number of needs of every set,
 * and a need's fold depends only on the ids, never on file order.
 *
 * @param needs The labelled needs.
 * @param folds The number of folds, ≥ 2 and ≤ the number of needs.
 * @returns The needs of each fold, each fold in the order the needs were given.
 * @throws MatchError INVALID_OPTION when folds is not an integer within [2, needs.length].
 */
export function assignFolds(needs: readonly NeedRef[], folds: number): NeedRef[][] {
  if (!Number.isInteger(folds) || folds < 2) invalidOption('folds', folds, 'must be an integer ≥ 2')
  if (folds > needs.length) invalidOption('folds', folds, `must be at most the number of labelled needs (${needs.length})`)
  const foldOf = new Map<string, number>()
  const sets = [...new Set(needs.map((n) => n.set))].sort()
  let dealt = 0
  for (const set of sets) {
    const ordered = needs
      .filter((n) => n.set === set)
      .map((n) => ({ n, hash: stableHash(n.id) }))
      .sort((a, b) => a.hash - b.hash || (a.n.id < b.n.id ? -1 : a.n.id > b.n.id ? 1 : 0))
    for (const { n } of ordered) foldOf.set(needKey(n), dealt++ % folds)
  }
  const out: NeedRef[][] = Array.from({ length: folds }, () => [])
  for (const need of needs) out[foldOf.get(needKey(need))!]!.push(need)
  return out
}

/**
 * K-fold cross-validation of coordinate-ascent tuning. For each fold: tune on the needs of the
 * other folds (starting from `start`), then measure the tuned options and the start options on
 * the held-out fold. The reported figures pool the held-out measurements.
 *
 * @param needs The labelled needs (see `CorpusEvaluator.needs`).
 * @param evaluate Scores a setting on some needs; the only way the data is seen.
 * @param options Space, folds, start, rounds, weights, progress.
 * @returns Per-fold results and the pooled held-out means of tuned and start options.
 * @throws MatchError INVALID_OPTION on a bad fold count or round limit.
 */
export function crossValidate(needs: readonly NeedRef[], evaluate: NeedEvaluator<TunableOptions>, options: CrossValidateOptions): CrossValidationResult {
  const folds = options.folds ?? 5
  const start = options.start ?? {}
  const split = assignFolds(needs, folds)
  const tunedMetrics: NeedMetrics[] = []
  const startMetrics: NeedMetrics[] = []
  const results: FoldResult[] = []
  const objective = (metrics: readonly NeedMetrics[]) => objectiveOf(summarize(metrics), options.weights)
  split.forEach((heldOut, f) => {
    const held = new Set(heldOut.map(needKey))
    const train = needs.filter((n) => !held.has(needKey(n)))
    const ascent = coordinateAscent((setting) => objective(evaluate(setting, train)), options.space, {
      start,
      maxRounds: options.maxRounds,
      minGain: options.minGain,
      onRound: (round) => options.onRound?.(f + 1, folds, round),
    })
    const tunedHeldOut = evaluate(ascent.options, heldOut)
    const startHeldOut = evaluate(start, heldOut)
    tunedMetrics.push(...tunedHeldOut)
    startMetrics.push(...startHeldOut)
    results.push({
      fold: f + 1,
      heldOutNeeds: heldOut,
      trainNeedCount: train.length,
      options: ascent.options,
      rounds: ascent.rounds,
      train: { start: ascent.startScore, tuned: ascent.score },
      heldOut: { start: objective(startHeldOut), tuned: objective(tunedHeldOut) },
    })
  })
  // Pooled in the order the needs were given, so sets are reported in that order.
  const order = new Map(needs.map((n, i) => [needKey(n), i]))
  const byOrder = (a: NeedMetrics, b: NeedMetrics) => order.get(needKey(a))! - order.get(needKey(b))!
  const tuned = summarize(tunedMetrics.sort(byOrder))
  const startSummary = summarize(startMetrics.sort(byOrder))
  return {
    folds: results,
    tuned,
    start: startSummary,
    objective: { tuned: objectiveOf(tuned, options.weights), start: objectiveOf(startSummary, options.weights) },
  }
}
