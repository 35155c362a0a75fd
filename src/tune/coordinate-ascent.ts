/**
 * Coordinate ascent over a grid: sweep one parameter at a time, keep the best value, repeat
 * until a whole round changes nothing. The classic tuner of learning-to-rank toolkits
 * (Metzler & Croft, "Linear feature-based models for information retrieval", 2007; RankLib's
 * CoordinateAscent), here over a finite grid, so every run is exactly reproducible.
 */
import { invalidOption, invariant } from '../errors.js'
import {
  getParameter,
  parameterName,
  sameValue,
  setParameter,
  settingKey,
  type ParameterValue,
  type SearchSpace,
  type TunableOptions,
} from './space.js'

/** Options of {@link coordinateAscent}. */
export interface CoordinateAscentOptions {
  /** Where the search starts. @defaultValue `{}` (every option at its built-in default) */
  readonly start?: TunableOptions
  /** At most this many sweeps over the parameters. @defaultValue 3 */
  readonly maxRounds?: number
  /**
   * A value is taken only if it beats the current best by more than this: a guard against
   * fitting noise, since on a few dozen needs a tiny gain is often one need's rank swap.
   * @defaultValue 0 (any gain above float noise, 1e-9)
   */
  readonly minGain?: number
  /** Called after each completed round. */
  readonly onRound?: (round: AscentRound) => void
}

/** One accepted change of a parameter. */
export interface AscentChange {
  /** The parameter's name (see `parameterName`). */
  readonly parameter: string
  /** The value before; undefined when it was unset (the built-in default). */
  readonly from: unknown
  readonly to: ParameterValue
  /** The objective after the change. */
  readonly score: number
}

/** One sweep over every parameter. */
export interface AscentRound {
  /** 1-based. */
  readonly round: number
  /** The objective before and after the round. */
  readonly startScore: number
  readonly score: number
  readonly changes: readonly AscentChange[]
}

/** The result of {@link coordinateAscent}. */
export interface AscentResult {
  /** The best setting found. */
  readonly options: TunableOptions
  /** Its objective value. */
  readonly score: number
  /** The objective of the start setting. */
  readonly startScore: number
  readonly rounds: readonly AscentRound[]
  /** Whether the last round changed nothing (false: stopped by `maxRounds`). */
  readonly converged: boolean
  /** Distinct settings the objective was called for. */
  readonly evaluations: number
}

/**
 * Improvements smaller than this are ties: sums of the same per-need numbers in a different
 * order can differ in the last bits, and such noise must not decide a step.
 */
const TIE_TOLERANCE = 1e-9

/**
 * Maximises an objective over a grid by coordinate ascent.
 *
 * Each round sweeps the parameters in the order of the space. For one parameter every candidate
 * value is tried with the others held; a value is taken only if it beats the current best by
 * more than 1e-9 (or `minGain`), so on a tie the current value stays, and among equal candidates the earlier
 * one wins (`minGain` raises the bar). The search stops after a round without change or after `maxRounds` rounds. Each
 * distinct setting is evaluated once (memoised by its canonical key).
 *
 * @param objective The number to maximise; called with whole settings, must return a finite number.
 * @param space The parameters and their grids, in sweep order.
 * @param options Start setting, round limit, progress callback.
 * @returns The best setting, its score, the rounds with their accepted changes.
 * @throws MatchError INVALID_OPTION when maxRounds is not an integer ≥ 1; INTERNAL when the
 *   objective returns a non-finite number.
 * @example
 * const result = coordinateAscent((s) => ndcgOn(train, s), DEFAULT_SEARCH_SPACE, { maxRounds: 3 })
 * result.options // => { matcher: { bm25: { k1: 0.9 }, keywordWeight: 2 } }
 */
export function coordinateAscent(objective: (options: TunableOptions) => number, space: SearchSpace, options: CoordinateAscentOptions = {}): AscentResult {
  const maxRounds = options.maxRounds ?? 3
  if (!Number.isInteger(maxRounds) || maxRounds < 1) invalidOption('maxRounds', maxRounds, 'must be an integer ≥ 1')
  const minGain = options.minGain ?? 0
  if (!Number.isFinite(minGain) || minGain < 0) invalidOption('minGain', minGain, 'must be a finite number ≥ 0')
  const threshold = Math.max(minGain, TIE_TOLERANCE)
  const memo = new Map<string, number>()
  const score = (setting: TunableOptions): number => {
    const key = settingKey(setting)
    let value = memo.get(key)
    if (value === undefined) {
      value = objective(setting)
      invariant(Number.isFinite(value), `objective returned ${value} for ${key}`)
      memo.set(key, value)
    }
    return value
  }

  let current = options.start ?? {}
  let currentScore = score(current)
  const startScore = currentScore
  const rounds: AscentRound[] = []
  let converged = false
  for (let round = 1; round <= maxRounds; round++) {
    const roundStart = currentScore
    const changes: AscentChange[] = []
    for (const parameter of space) {
      const from = getParameter(current, parameter)
      let best: { value: ParameterValue; setting: TunableOptions; score: number } | undefined
      for (const value of parameter.values) {
        if (sameValue(value, from)) continue
        const candidate = setParameter(current, parameter, value)
        const candidateScore = score(candidate)
        if (candidateScore > (best?.score ?? currentScore) + threshold) best = { value, setting: candidate, score: candidateScore }
      }
      if (best) {
        changes.push({ parameter: parameterName(parameter), from, to: best.value, score: best.score })
        current = best.setting
        currentScore = best.score
      }
    }
    const done: AscentRound = { round, startScore: roundStart, score: currentScore, changes }
    rounds.push(done)
    options.onRound?.(done)
    if (changes.length === 0) {
      converged = true
      break
    }
  }
  return { options: current, score: currentScore, startScore, rounds, converged, evaluations: memo.size }
}
