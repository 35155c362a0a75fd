/**
 * Combining ranked channels (BM25F text, keyword phrases, dense vectors) into one score per
 * document: reciprocal rank fusion, which uses only ranks, and score normalisation plus a
 * weighted sum (CombSUM), which uses the scores. Pure functions on docIndex → score data;
 * they know nothing of records, ids or ties by id (rank.ts breaks those afterwards).
 */
import { invalidOption, MatchError } from '../errors.js'

/** One document's score in one channel. `docIndex` is the dense internal number, not the DocId. */
export interface ChannelHit {
  readonly docIndex: number
  readonly score: number
}

/** Options of {@link reciprocalRankFusion}. */
export interface RrfOptions {
  /**
   * The rank constant k in 1 / (k + rank). Larger k flattens the curve, so the lower ranks of
   * a channel count for relatively more.
   * @defaultValue {@link DEFAULT_RRF_K} (60)
   */
  readonly k?: number
  /** One non-negative weight per ranking; 0 removes that ranking. Defaults to 1 each. */
  readonly weights?: readonly number[]
}

/**
 * The rank constant of Cormack et al. (2009), who found k = 60 near-best across their TREC
 * runs and not critical: "it mitigates the impact of high rankings by outlier systems".
 */
export const DEFAULT_RRF_K = 60

/**
 * Fuses rankings by reciprocal rank fusion.
 *
 * rrf(d) = Σ_c w_c / (k + rank_c(d)),  the sum over the rankings c that contain d
 * rank_c(d) = 1 + the number of documents of c with a strictly higher score than d
 *
 * Ranks come from the scores, so a ranking need not be sorted, and any strictly increasing
 * transform of a channel's scores gives the same result. Equal scores share the best rank of
 * their group (competition ranking, 1 2 2 4), so the result does not depend on the order of
 * tied entries nor on their docIndex. A docIndex listed twice in one ranking counts once, at
 * its higher score.
 *
 * @param rankings The channels: each lists the documents it retrieved with their scores, in
 *   any order. A document absent from a channel gets nothing from it (not a penalty).
 * @param options The rank constant and the per-channel weights.
 *
 * @returns docIndex → fused score, for every document of a ranking with a non-zero weight:
 *   finite and > 0. Higher is better.
 *
 * @throws MatchError `INVALID_OPTION` when k is not a finite number ≥ 0, when the weights do
 *   not number one per ranking or one is negative or not finite, or when a score is NaN.
 *
 * @example
 * reciprocalRankFusion([bm25Hits, denseHits], { weights: [1, 0.5] })
 *
 * @see Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and
 *   individual Rank Learning Methods", SIGIR 2009, pp. 758–759. https://doi.org/10.1145/1571941.1572114
 */
export function reciprocalRankFusion(
  rankings: readonly (readonly ChannelHit[])[],
  options: RrfOptions = {},
): Map<number, number> {
  const k = options.k ?? DEFAULT_RRF_K
  if (!Number.isFinite(k) || k < 0) invalidOption('k', k, 'must be a finite number ≥ 0')
  const weights = validateWeights(options.weights, rankings.length)
  const fused = new Map<number, number>()
  rankings.forEach((ranking, c) => {
    const weight = weights ? weights[c]! : 1
    if (weight === 0) return
    const best = bestScores(ranking, c)
    // Not b − a: that is NaN for two infinite scores of the same sign.
    const ordered = [...best].sort((a, b) => (a[1] > b[1] ? -1 : a[1] < b[1] ? 1 : 0))
    let rank = 0
    let previous = Number.NaN
    ordered.forEach(([docIndex, score], i) => {
      if (score !== previous) {
        rank = i + 1
        previous = score
      }
      fused.set(docIndex, (fused.get(docIndex) ?? 0) + weight / (k + rank))
    })
  })
  return fused
}

/** How {@link normalizeScores} maps a channel's scores. */
export type ScoreNormalization = 'max' | 'minmax'

/**
 * Rescales one channel's scores so channels of different scales can be summed.
 *
 * max:    s' = s / max_d |s_d|                       (0 when every score is 0)
 * minmax: s' = (s − min) / (max − min)               within [0, 1]
 *         when max = min: s' = 1 if s > 0, else 0    (a channel that scored everything
 *                                                     equal says nothing to rank by)
 *
 * `max` keeps 0 at 0, so a document that matched nothing stays at nothing: the choice for
 * BM25-like scores that are ≥ 0. `minmax` stretches the channel to [0, 1] and gives its
 * worst retrieved document 0: Lee's normalisation, the usual one for CombSUM.
 *
 * @param list The channel's hits, in any order.
 * @param method The normalisation.
 *
 * @returns A new array in the same order as `list`, docIndex unchanged.
 *
 * @throws MatchError `INVALID_OPTION` for an unknown method or a non-finite score.
 *
 * @see Lee, "Analyses of multiple evidence combination", SIGIR 1997, pp. 267–276 (min-max
 *   normalisation); Montague and Aslam, "Relevance score normalization for metasearch",
 *   CIKM 2001 (standard, sum and ZMUV normalisations compared).
 */
export function normalizeScores(list: readonly ChannelHit[], method: ScoreNormalization): ChannelHit[] {
  if (method !== 'max' && method !== 'minmax') invalidOption('normalization', method, "must be 'max' or 'minmax'")
  let min = Infinity
  let max = -Infinity
  let maxAbs = 0
  for (const { docIndex, score } of list) {
    if (!Number.isFinite(score)) {
      throw new MatchError('INVALID_OPTION', `invalid score of docIndex ${docIndex}: ${score}, must be a finite number`)
    }
    if (score < min) min = score
    if (score > max) max = score
    if (Math.abs(score) > maxAbs) maxAbs = Math.abs(score)
  }
  if (method === 'max') return list.map(({ docIndex, score }) => ({ docIndex, score: maxAbs === 0 ? 0 : score / maxAbs }))
  const range = max - min
  return list.map(({ docIndex, score }) => ({
    docIndex,
    score: range > 0 ? (score - min) / range : score > 0 ? 1 : 0,
  }))
}

/**
 * Sums weighted channel scores (CombSUM with weights).
 *
 * sum(d) = Σ_c w_c · s_c(d),  s_c(d) = 0 when channel c does not hold d
 *
 * Normalise the channels first ({@link normalizeScores}) unless their scales already agree.
 *
 * @param channels The channels, docIndex → score.
 * @param weights One non-negative weight per channel; a channel of weight 0 is skipped, so a
 *   document only it holds does not appear in the result.
 *
 * @returns docIndex → weighted sum, for every document of a channel with a non-zero weight.
 *
 * @throws MatchError `INVALID_OPTION` when the weights do not number one per channel or one
 *   is negative or not finite.
 *
 * @see Fox and Shaw, "Combination of multiple searches", TREC-2, 1994 (CombSUM).
 */
export function weightedSum(channels: readonly ReadonlyMap<number, number>[], weights: readonly number[]): Map<number, number> {
  validateWeights(weights, channels.length)
  const sum = new Map<number, number>()
  channels.forEach((channel, c) => {
    const weight = weights[c]!
    if (weight === 0) return
    for (const [docIndex, score] of channel) sum.set(docIndex, (sum.get(docIndex) ?? 0) + weight * score)
  })
  return sum
}

function validateWeights(weights: readonly number[] | undefined, count: number): readonly number[] | undefined {
  if (weights === undefined) return undefined
  if (weights.length !== count) invalidOption('weights', weights, `must hold one weight per channel (${count})`)
  for (const w of weights) if (!Number.isFinite(w) || w < 0) invalidOption('weights', weights, 'must be finite numbers ≥ 0')
  return weights
}

/** docIndex → its highest score in one ranking; rejects NaN, which has no rank. */
function bestScores(ranking: readonly ChannelHit[], channel: number): Map<number, number> {
  const best = new Map<number, number>()
  for (const { docIndex, score } of ranking) {
    if (Number.isNaN(score)) {
      throw new MatchError('INVALID_OPTION', `invalid rankings[${channel}] score of docIndex ${docIndex}: NaN, must be a number`)
    }
    const seen = best.get(docIndex)
    if (seen === undefined || score > seen) best.set(docIndex, score)
  }
  return best
}
