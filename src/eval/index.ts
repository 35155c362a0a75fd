/**
 * Evaluation: how good a ranking is, measured against graded relevance judgments (qrels).
 * nDCG@k, Recall@k, MRR@k and P@k follow trec_eval 9's conventions, so numbers can be checked
 * against it; `evaluate` turns a run and qrels into per-need and mean metrics.
 *
 * What it is not: it never ranks anything and never imports match/. A run is data (needId →
 * ranked ids), produced by the matcher, by another system, or read from a TREC run file by io/,
 * as in Pyserini, where the searcher and trec_eval only meet through run files.
 */
export {
  ndcgAt,
  recallAt,
  mrrAt,
  precisionAt,
  DEFAULT_RELEVANCE_THRESHOLD,
  type MetricOptions,
} from './metrics.js'
export {
  evaluate,
  formatEvaluation,
  type Run,
  type TargetFilter,
  type EvaluateOptions,
  type EvaluationResult,
  type NeedEvaluation,
  type MeanEvaluation,
  type FormatEvaluationOptions,
} from './evaluate.js'
