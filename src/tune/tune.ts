/**
 * The whole tuning job: cross-validate the tuning procedure (the honest estimate), then tune on
 * every labelled need (the options to use).
 */
import { coordinateAscent, type AscentResult, type AscentRound } from './coordinate-ascent.js'
import { crossValidate, type CrossValidationResult } from './cross-validate.js'
import { objectiveOf, summarize, type NeedEvaluator, type NeedRef, type ObjectiveWeights, type SetSummary } from './objective.js'
import { DEFAULT_SEARCH_SPACE, type SearchSpace, type TunableOptions } from './space.js'

/** Options of {@link tuneOptions}. */
export interface TuneOptions {
  /** @defaultValue {@link DEFAULT_SEARCH_SPACE} */
  readonly space?: SearchSpace
  /** @defaultValue 5 */
  readonly folds?: number
  /** Where every search starts and the baseline. @defaultValue `{}` (the built-in defaults) */
  readonly start?: TunableOptions
  /** @defaultValue 3 */
  readonly maxRounds?: number
  /** Least gain for a step. @defaultValue 0 */
  readonly minGain?: number
  readonly weights?: ObjectiveWeights
  /** Progress: `stage` is `fold 2/5` during cross-validation, then `all needs`. */
  readonly onRound?: (stage: string, round: AscentRound) => void
}

/** The result of {@link tuneOptions}. */
export interface TuneResult {
  /** The options tuned on every labelled need: what to use. */
  readonly options: TunableOptions
  /** The search on every need. Its scores are training figures, optimistic by construction. */
  readonly final: AscentResult
  /** Means of the tuned and the start options on every need: training figures, label them "train". */
  readonly train: { readonly tuned: SetSummary; readonly start: SetSummary }
  /** Held-out figures: the result to report. */
  readonly crossValidated: CrossValidationResult
}

/**
 * Tunes options by coordinate ascent and estimates, by k-fold cross-validation, how much the
 * tuning helps on needs it has not seen.
 *
 * @param needs The labelled needs.
 * @param evaluate Scores a setting on some needs (see `createCorpusEvaluator`).
 * @param options Space, folds, start, rounds, weights, progress.
 * @returns The tuned options, training figures, and the cross-validated comparison with the start.
 * @throws MatchError INVALID_OPTION on a bad fold count or round limit.
 */
export function tuneOptions(needs: readonly NeedRef[], evaluate: NeedEvaluator<TunableOptions>, options: TuneOptions = {}): TuneResult {
  const space = options.space ?? DEFAULT_SEARCH_SPACE
  const start = options.start ?? {}
  const crossValidated = crossValidate(needs, evaluate, {
    space,
    start,
    folds: options.folds,
    maxRounds: options.maxRounds,
    minGain: options.minGain,
    weights: options.weights,
    onRound: (fold, folds, round) => options.onRound?.(`fold ${fold}/${folds}`, round),
  })
  const final = coordinateAscent((setting) => objectiveOf(summarize(evaluate(setting, needs)), options.weights), space, {
    start,
    maxRounds: options.maxRounds,
    minGain: options.minGain,
    onRound: (round) => options.onRound?.('all needs', round),
  })
  return {
    options: final.options,
    final,
    train: { tuned: summarize(evaluate(final.options, needs)), start: summarize(evaluate(start, needs)) },
    crossValidated,
  }
}
