/**
 * What tuning maximises: per-need metrics of labelled needs, their means per set and target
 * kind, and one weighted number over those means.
 */
import { invalidOption } from '../errors.js'
import type { DocId } from '../types.js'

/** The kinds a need is matched against. */
export type TargetKind = 'achievement' | 'expert'

/** The target kinds, in report order. */
export const TARGET_KINDS: readonly TargetKind[] = ['achievement', 'expert']

/** One labelled need: the set it belongs to and its id (ids are unique within a set only). */
export interface NeedRef {
  readonly set: string
  readonly id: DocId
}

/** The metrics of one need against one target kind (see eval's `NeedEvaluation`). */
export interface NeedScores {
  readonly ndcg10: number
  readonly recall20: number
  readonly mrr10: number
  readonly p1: number
}

/**
 * The metrics of one need under one setting. A kind is missing when the need has no relevant
 * target of that kind (eval skips it) or the corpus has no records of that kind.
 */
export interface NeedMetrics extends NeedRef {
  readonly achievement?: NeedScores
  readonly expert?: NeedScores
}

/**
 * Scores a setting on some labelled needs: one {@link NeedMetrics} per given need, in the
 * order given. Tuning sees the data only through this function, so a spy in its place shows
 * exactly which needs each step looked at.
 */
export type NeedEvaluator<Options> = (options: Options, needs: readonly NeedRef[]) => readonly NeedMetrics[]

/** The means of one set and kind. */
export interface KindSummary extends NeedScores {
  /** How many needs the means are over. */
  readonly needCount: number
}

/** Means per set (in order of first appearance), then per target kind. */
export type SetSummary = Readonly<Record<string, Partial<Record<TargetKind, KindSummary>>>>

/** Weights of the objective's terms. Every weight defaults to 1; 0 leaves a term out. */
export interface ObjectiveWeights {
  readonly achievement?: number
  readonly expert?: number
  /** Per set name. */
  readonly sets?: Readonly<Record<string, number>>
}

const SCORE_KEYS = ['ndcg10', 'recall20', 'mrr10', 'p1'] as const

/** Key of a need within a multi-set collection. */
export function needKey(need: NeedRef): string {
  return `${need.set}\u0000${need.id}`
}

/**
 * Means of per-need metrics, per set and kind (arithmetic means over the needs that have the
 * kind, as `evaluate` computes them).
 *
 * @param metrics Per-need metrics, any order.
 * @returns Sets in order of first appearance; a kind absent when no need has it.
 */
export function summarize(metrics: readonly NeedMetrics[]): SetSummary {
  const sums = new Map<string, Partial<Record<TargetKind, { sums: number[]; count: number }>>>()
  for (const need of metrics) {
    let set = sums.get(need.set)
    if (!set) sums.set(need.set, (set = {}))
    for (const kind of TARGET_KINDS) {
      const scores = need[kind]
      if (!scores) continue
      const acc = (set[kind] ??= { sums: [0, 0, 0, 0], count: 0 })
      SCORE_KEYS.forEach((key, i) => (acc.sums[i]! += scores[key]))
      acc.count++
    }
  }
  const summary: Record<string, Partial<Record<TargetKind, KindSummary>>> = {}
  for (const [name, set] of sums) {
    const out: Partial<Record<TargetKind, KindSummary>> = {}
    for (const kind of TARGET_KINDS) {
      const acc = set[kind]
      if (!acc) continue
      const [ndcg10, recall20, mrr10, p1] = acc.sums.map((s) => s / acc.count) as [number, number, number, number]
      out[kind] = { ndcg10, recall20, mrr10, p1, needCount: acc.count }
    }
    summary[name] = out
  }
  return summary
}

/**
 * The objective: the weighted mean of nDCG@10 over every (set, kind) pair present.
 *
 * objective = Σ_{s,k} w_s·w_k·ndcg10(s,k) / Σ_{s,k} w_s·w_k
 *
 * Each set counts by its weight, not by its number of needs, so a small hard set is not drowned
 * by a large easy one.
 *
 * @param summary The means per set and kind.
 * @param weights Kind and set weights, each ≥ 0. Default 1.
 * @returns A number in [0, 1]; 0 when nothing has positive weight.
 * @throws MatchError INVALID_OPTION on a negative or non-finite weight.
 */
export function objectiveOf(summary: SetSummary, weights: ObjectiveWeights = {}): number {
  let total = 0
  let weightSum = 0
  for (const [name, set] of Object.entries(summary)) {
    const setWeight = checkWeight(`weights.${name}`, weights.sets?.[name] ?? 1)
    for (const kind of TARGET_KINDS) {
      const kindWeight = checkWeight(`weights.${kind}`, weights[kind] ?? 1)
      const mean = set[kind]
      if (!mean) continue
      total += setWeight * kindWeight * mean.ndcg10
      weightSum += setWeight * kindWeight
    }
  }
  return weightSum > 0 ? total / weightSum : 0
}

function checkWeight(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) invalidOption(name, value, 'must be a finite number ≥ 0')
  return value
}
