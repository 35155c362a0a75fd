/**
 * An evaluation job: match every need, then measure the rankings against qrels, separately for
 * achievements and for experts (a run is data: eval/ never sees the matcher).
 */
import { evaluate, type EvaluationResult } from '../eval/evaluate.js'
import type { MatchOptions } from '../match/matcher.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { DocId, Qrels, RecordKind } from '../types.js'
import type { LoadedInputs } from './load.js'
import { buildTargets, type TargetOptions } from './targets.js'

/** Options of {@link runEvalJob}. */
export interface EvalJobOptions {
  readonly analyzer?: Analyzer
  readonly matcher?: TargetOptions
  readonly match?: Omit<MatchOptions, 'topK' | 'queryKind' | 'explain'>
  /** Depth of the run; at least 20 so Recall@20 is defined. Default 100. */
  readonly depth?: number
}

/** Evaluation per target kind present in the inputs. */
export type EvalJobResult = Partial<Record<RecordKind, EvaluationResult>>

/**
 * Matches every need against the achievements and experts and evaluates each kind.
 *
 * @param inputs Needs plus achievements and/or experts.
 * @param qrels Graded judgments for both kinds together.
 */
export function runEvalJob(inputs: LoadedInputs, qrels: Qrels, options: EvalJobOptions = {}): EvalJobResult {
  const analyzer = options.analyzer ?? createAnalyzer()
  const depth = Math.max(20, options.depth ?? 100)
  const { queries, targets } = buildTargets(inputs, 'demand-to-supply', analyzer, options.matcher)
  const result: EvalJobResult = {}
  for (const target of targets) {
    const run = new Map<DocId, DocId[]>()
    for (const need of queries) run.set(need.id, target.matcher.rank(need, { ...options.match, topK: depth, queryKind: 'need' }).map((r) => r.id))
    const index = target.matcher.index
    result[target.kind] = evaluate(run, qrels, { targets: (id: DocId) => index.has(id) })
  }
  return result
}
