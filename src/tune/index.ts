/**
 * Tuning: choosing matcher and index options from labelled data — coordinate ascent over a grid
 * of option values, k-fold cross-validation that reports only held-out figures, and a corpus
 * evaluator that builds each index once and measures each (setting, need) pair once.
 *
 * What it is not: it does not define the options (match/ and index/ do, and validate them), it
 * does not read files or argv (cli/ does), and it never reports gains measured on the needs it
 * tuned on as results.
 */
export {
  DEFAULT_SEARCH_SPACE,
  toSearchSpace,
  getParameter,
  setParameter,
  parameterName,
  settingKey,
  type SearchSpace,
  type Parameter,
  type ParameterScope,
  type ParameterValue,
  type TunableOptions,
  type CorpusIndexOptions,
} from './space.js'
export {
  summarize,
  objectiveOf,
  TARGET_KINDS,
  type TargetKind,
  type NeedRef,
  type NeedScores,
  type NeedMetrics,
  type NeedEvaluator,
  type KindSummary,
  type SetSummary,
  type ObjectiveWeights,
} from './objective.js'
export { coordinateAscent, type CoordinateAscentOptions, type AscentResult, type AscentRound, type AscentChange } from './coordinate-ascent.js'
export { crossValidate, assignFolds, stableHash, type CrossValidateOptions, type CrossValidationResult, type FoldResult } from './cross-validate.js'
export {
  createCorpusEvaluator,
  buildCorpusIndexes,
  corpusMatchers,
  scoreNeed,
  type CorpusEvaluator,
  type CorpusEvaluatorOptions,
  type LabelledSet,
  type TuneCorpus,
  type CorpusIndexes,
  type CorpusMatchers,
} from './corpus-evaluator.js'
export { tuneOptions, type TuneOptions, type TuneResult } from './tune.js'
