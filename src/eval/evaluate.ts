/**
 * Evaluation of a run against qrels: the four metrics per need, and their means.
 */
import { invalidOption } from '../errors.js'
import type { DocId, Qrels } from '../types.js'
import { DEFAULT_RELEVANCE_THRESHOLD, mrrAt, ndcgAt, precisionAt, recallAt } from './metrics.js'

/** A run as data: needId → target ids, best first (what io/run.ts `parseRun` returns). */
export type Run = ReadonlyMap<DocId, readonly DocId[]>

/** Which targets count: a set of ids, or a predicate such as `(id) => id.startsWith('A')`. */
export type TargetFilter = ReadonlySet<DocId> | ((id: DocId) => boolean)

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /**
   * Restricts the judgments to one kind of target, e.g. the achievement ids: qrels.tsv grades
   * achievements and experts of a need together, and an achievement run must not be measured
   * against an ideal ranking that holds experts. The run itself is not filtered: a ranked id
   * outside the filter is simply non-relevant.
   *
   * @defaultValue every judged target
   */
  readonly targets?: TargetFilter
  /**
   * The lowest grade counted as relevant by Recall, MRR and P, and by the skip rule.
   *
   * @defaultValue {@link DEFAULT_RELEVANCE_THRESHOLD}
   */
  readonly relevanceThreshold?: number
}

/** The metrics of one need. */
export interface NeedEvaluation {
  readonly needId: DocId
  /** nDCG@10, linear gains. */
  readonly ndcg10: number
  /** Recall@20. */
  readonly recall20: number
  /** Reciprocal rank of the first relevant target within the top 10. */
  readonly mrr10: number
  /** Precision@1. */
  readonly p1: number
  /** The number of judged targets (of the restricted kind) with grade ≥ the threshold. */
  readonly relevant: number
}

/** The arithmetic means of the metrics over the evaluated needs. */
export interface MeanEvaluation {
  readonly ndcg10: number
  readonly recall20: number
  readonly mrr10: number
  readonly p1: number
}

/** The result of {@link evaluate}. */
export interface EvaluationResult {
  /** One entry per evaluated need, ordered by needId (code-unit order). */
  readonly perNeed: readonly NeedEvaluation[]
  /** The means over `perNeed`; all 0 when `needCount` is 0. */
  readonly mean: MeanEvaluation
  /** The number of evaluated needs: `perNeed.length`. */
  readonly needCount: number
  /** Needs in the qrels with no relevant target of the restricted kind, ordered by needId. */
  readonly skipped: readonly DocId[]
  /** Needs in the run but not in the qrels (ignored, as trec_eval does), ordered by needId. */
  readonly unjudged: readonly DocId[]
}

const METRIC_KEYS = ['ndcg10', 'recall20', 'mrr10', 'p1'] as const

/**
 * Evaluates a run against graded judgments: nDCG@10, Recall@20, MRR@10 and P@1 per need, and
 * their means.
 *
 * Which needs count, following trec_eval 9 with its `-c` flag:
 * - a need in the qrels with at least one relevant target (of the restricted kind) is evaluated;
 *   if the run has no ranking for it, every metric is 0 (`trec_eval -c`);
 * - a need in the qrels with no relevant target is skipped and listed in `skipped` (its nDCG is
 *   undefined; trec_eval would average in a 0);
 * - a need in the run but not in the qrels is ignored and listed in `unjudged`.
 *
 * @param run The ranked target ids per need, best first. Not modified.
 * @param qrels The judgments: needId → (targetId → grade).
 * @param options The target filter and the relevance threshold.
 * @returns The per-need metrics and their means, ordered by needId.
 * @throws MatchError INVALID_OPTION when the relevance threshold is not a positive number.
 * @example
 * const run = new Map([['N1', ['A2', 'A1']]])
 * const qrels = new Map([['N1', new Map([['A1', 3], ['E1', 2]])]])
 * evaluate(run, qrels, { targets: (id) => id.startsWith('A') }).perNeed[0]
 * // => { needId: 'N1', ndcg10: 0.6309…, recall20: 1, mrr10: 0.5, p1: 0, relevant: 1 }
 * @see usnistgov/trec_eval, trec_eval.c (-c: average over all queries in the qrels).
 */
export function evaluate(run: Run, qrels: Qrels, options: EvaluateOptions = {}): EvaluationResult {
  const threshold = options.relevanceThreshold ?? DEFAULT_RELEVANCE_THRESHOLD
  if (!Number.isFinite(threshold) || threshold <= 0) {
    invalidOption('relevanceThreshold', threshold, 'must be a finite number > 0')
  }
  const metricOptions = { relevanceThreshold: threshold }
  const isTarget = toPredicate(options.targets)

  const perNeed: NeedEvaluation[] = []
  const skipped: DocId[] = []
  for (const needId of [...qrels.keys()].sort(compareIds)) {
    const judgments = restrict(qrels.get(needId) as ReadonlyMap<DocId, number>, isTarget)
    let relevant = 0
    for (const grade of judgments.values()) if (grade >= threshold) relevant++
    if (relevant === 0) {
      skipped.push(needId)
      continue
    }
    const ranked = run.get(needId) ?? []
    perNeed.push({
      needId,
      ndcg10: ndcgAt(ranked, judgments, 10),
      recall20: recallAt(ranked, judgments, 20, metricOptions),
      mrr10: mrrAt(ranked, judgments, 10, metricOptions),
      p1: precisionAt(ranked, judgments, 1, metricOptions),
      relevant,
    })
  }
  const unjudged = [...run.keys()].filter((needId) => !qrels.has(needId)).sort(compareIds)
  return { perNeed, mean: meanOf(perNeed), needCount: perNeed.length, skipped, unjudged }
}

/** Options of {@link formatEvaluation}. */
export interface FormatEvaluationOptions {
  /**
   * Prints one row per need above the mean.
   *
   * @defaultValue false
   */
  readonly perNeed?: boolean
  /**
   * Digits after the decimal point.
   *
   * @defaultValue 4
   */
  readonly digits?: number
}

/**
 * Renders an evaluation as a plain-text table for a terminal: a header, optionally one row per
 * need, the mean, and a line naming the skipped and unjudged needs.
 *
 * @param result The evaluation to render.
 * @param options Whether to print per-need rows, and the precision.
 * @returns Lines joined by `\n`, with a final newline.
 * @throws MatchError INVALID_OPTION when digits is not an integer within [0, 20].
 * @example
 * formatEvaluation(result, { perNeed: true })
 * // need   nDCG@10  R@20    MRR@10  P@1     rel
 * // N0001  0.8254   1.0000  1.0000  1.0000  3
 * // N0002  0.1738   1.0000  0.5000  0.0000  2
 * // mean   0.4996   1.0000  0.7500  0.5000  5
 * // 2 needs evaluated; 1 skipped (no relevant target): N0004
 */
export function formatEvaluation(result: EvaluationResult, options: FormatEvaluationOptions = {}): string {
  const digits = options.digits ?? 4
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) invalidOption('digits', digits, 'must be an integer within [0, 20]')
  const header = ['need', 'nDCG@10', 'R@20', 'MRR@10', 'P@1', 'rel']
  const rows: string[][] = []
  if (options.perNeed) {
    for (const need of result.perNeed) {
      rows.push([need.needId, ...METRIC_KEYS.map((key) => need[key].toFixed(digits)), String(need.relevant)])
    }
  }
  const totalRelevant = result.perNeed.reduce((sum, need) => sum + need.relevant, 0)
  rows.push(['mean', ...METRIC_KEYS.map((key) => result.mean[key].toFixed(digits)), String(totalRelevant)])

  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] as string).length)))
  const render = (row: readonly string[]): string => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd()
  const lines = [render(header), ...rows.map(render)]
  let summary = `${result.needCount} ${result.needCount === 1 ? 'need' : 'needs'} evaluated`
  if (result.skipped.length > 0) summary += `; ${result.skipped.length} skipped (no relevant target): ${result.skipped.join(', ')}`
  if (result.unjudged.length > 0) summary += `; ${result.unjudged.length} in the run but not in the qrels: ${result.unjudged.join(', ')}`
  lines.push(summary)
  return `${lines.join('\n')}\n`
}

function toPredicate(targets: TargetFilter | undefined): (id: DocId) => boolean {
  if (targets === undefined) return () => true
  if (typeof targets === 'function') return targets
  return (id) => targets.has(id)
}

function restrict(judgments: ReadonlyMap<DocId, number>, isTarget: (id: DocId) => boolean): ReadonlyMap<DocId, number> {
  const restricted = new Map<DocId, number>()
  for (const [id, grade] of judgments) if (isTarget(id)) restricted.set(id, grade)
  return restricted
}

function meanOf(perNeed: readonly NeedEvaluation[]): MeanEvaluation {
  const sums = { ndcg10: 0, recall20: 0, mrr10: 0, p1: 0 }
  for (const need of perNeed) for (const key of METRIC_KEYS) sums[key] += need[key]
  const count = perNeed.length
  if (count === 0) return sums
  return { ndcg10: sums.ndcg10 / count, recall20: sums.recall20 / count, mrr10: sums.mrr10 / count, p1: sums.p1 / count }
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
