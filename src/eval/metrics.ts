/**
 * Ranking metrics over one need: nDCG@k, Recall@k, MRR@k and P@k. Pure functions of a
 * ranked list of ids and the need's graded judgments; they read nothing else.
 *
 * Conventions, all those of trec_eval 9 (usnistgov/trec_eval) so that numbers can be checked
 * against it:
 * - A document absent from the judgments has grade 0 (trec_eval's "non-pool" documents count as
 *   non-relevant for every measure used here).
 * - The rank of the document at 0-based position i is i + 1.
 * - A document id that repeats within one ranking earns nothing after its first occurrence, but
 *   still takes its slot. trec_eval refuses such a run outright (form_res_rels.c: "duplicate
 *   docs"); `parseRun` in io/run.ts refuses it too, and these functions stay total for rankings built in
 *   memory, without ever crediting one relevant document twice (which would let nDCG pass 1).
 */
import { invalidOption } from '../errors.js'
import type { DocId } from '../types.js'

/** Options of the binary metrics (Recall, MRR, P). */
export interface MetricOptions {
  /**
   * The lowest grade counted as relevant, as trec_eval's `-l` (relevance_level).
   * nDCG does not use it: its gain is the grade itself.
   *
   * @defaultValue {@link DEFAULT_RELEVANCE_THRESHOLD}
   */
  readonly relevanceThreshold?: number
}

/** Grade 1 (same narrow topic) and above count as relevant, as trec_eval's default `-l 1`. */
export const DEFAULT_RELEVANCE_THRESHOLD = 1

/**
 * Computes nDCG at cutoff k with linear gains, as trec_eval's `ndcg_cut.k`.
 *
 * DCG@k  = Σ_{rank r = 1..min(k, n)} grade(doc_r) / log2(r + 1)
 * IDCG@k = the same sum over the judged grades > 0 of the need, sorted descending, cut at k
 * nDCG@k = DCG@k / IDCG@k, or 0 when IDCG@k = 0 (no judged document has a grade > 0)
 *
 * The gain is the grade itself (3, 2, 1), not 2^grade − 1 (Burges et al. 2005, used by some
 * learning-to-rank libraries). The ideal ranking uses every judgment given, whether or not
 * the run retrieved it: restrict the judgments to one kind of target before calling.
 *
 * @param ranked The ranked ids, best first. Ids absent from `judgments` have grade 0.
 * @param judgments The need's judgments: id → grade (a non-negative integer).
 * @param k The cutoff: a positive integer.
 * @returns A number within [0, 1].
 * @throws MatchError INVALID_OPTION when k is not a positive integer.
 * @see Järvelin and Kekäläinen, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4), 2002.
 * @see trec_eval 9, m_ndcg_cut.c: `sum += gain / log2((double) (i + 2))` for 0-based position i.
 */
export function ndcgAt(ranked: readonly DocId[], judgments: ReadonlyMap<DocId, number>, k: number): number {
  checkCutoff(k)
  const ideal = idealDcgAt(judgments, k)
  if (ideal === 0) return 0
  let dcg = 0
  forEachFirstOccurrence(ranked, k, (id, position) => {
    const grade = judgments.get(id) ?? 0
    if (grade > 0) dcg += grade / Math.log2(position + 2)
  })
  return dcg / ideal
}

/**
 * Computes Recall at cutoff k, as trec_eval's `recall.k`.
 *
 * Recall@k = |{relevant documents in the top k}| / |{judged documents with grade ≥ threshold}|,
 * or 0 when the need has no relevant judgment.
 *
 * @param ranked The ranked ids, best first.
 * @param judgments The need's judgments: id → grade.
 * @param k The cutoff: a positive integer.
 * @param options The relevance threshold.
 * @returns A number within [0, 1].
 * @throws MatchError INVALID_OPTION when k is not a positive integer or the threshold is not a positive number.
 * @see trec_eval 9, m_recall.c.
 */
export function recallAt(ranked: readonly DocId[], judgments: ReadonlyMap<DocId, number>, k: number, options: MetricOptions = {}): number {
  checkCutoff(k)
  const threshold = toThreshold(options)
  let relevant = 0
  for (const grade of judgments.values()) if (grade >= threshold) relevant++
  if (relevant === 0) return 0
  return countRelevantAt(ranked, judgments, k, threshold) / relevant
}

/**
 * Computes the reciprocal rank of the first relevant document within the top k (MRR@k for one
 * need; the mean over needs is the MRR).
 *
 * RR@k = 1 / r for the smallest rank r ≤ k whose document has grade ≥ threshold, else 0
 *
 * trec_eval's `recip_rank` has no cutoff (it is RR@∞); MS MARCO's MRR@10 is the cut form used here.
 *
 * @param ranked The ranked ids, best first.
 * @param judgments The need's judgments: id → grade.
 * @param k The cutoff: a positive integer.
 * @param options The relevance threshold.
 * @returns 0 or 1/r for an integer r in [1, k].
 * @throws MatchError INVALID_OPTION when k is not a positive integer or the threshold is not a positive number.
 * @see trec_eval 9, m_recip_rank.c; MS MARCO passage ranking, `ms_marco_eval.py` (MRR@10).
 */
export function mrrAt(ranked: readonly DocId[], judgments: ReadonlyMap<DocId, number>, k: number, options: MetricOptions = {}): number {
  checkCutoff(k)
  const threshold = toThreshold(options)
  let reciprocal = 0
  forEachFirstOccurrence(ranked, k, (id, position) => {
    if (reciprocal === 0 && (judgments.get(id) ?? 0) >= threshold) reciprocal = 1 / (position + 1)
  })
  return reciprocal
}

/**
 * Computes Precision at cutoff k, as trec_eval's `P.k`; k = 1 gives P@1.
 *
 * P@k = |{relevant documents in the top k}| / k
 *
 * The denominator is k even when fewer than k documents were ranked, as in trec_eval: a short
 * ranking is not rewarded for stopping early.
 *
 * @param ranked The ranked ids, best first.
 * @param judgments The need's judgments: id → grade.
 * @param k The cutoff: a positive integer.
 * @param options The relevance threshold.
 * @returns A number within [0, 1].
 * @throws MatchError INVALID_OPTION when k is not a positive integer or the threshold is not a positive number.
 * @see trec_eval 9, m_P.c.
 */
export function precisionAt(ranked: readonly DocId[], judgments: ReadonlyMap<DocId, number>, k: number, options: MetricOptions = {}): number {
  checkCutoff(k)
  return countRelevantAt(ranked, judgments, k, toThreshold(options)) / k
}

/**
 * Computes the ideal DCG at cutoff k: the judged grades > 0, best first, discounted by rank.
 *
 * @param judgments The need's judgments: id → grade.
 * @param k The cutoff.
 * @returns IDCG@k, 0 when no grade is > 0.
 * @internal
 */
export function idealDcgAt(judgments: ReadonlyMap<DocId, number>, k: number): number {
  const gains = [...judgments.values()].filter((grade) => grade > 0).sort((a, b) => b - a)
  let ideal = 0
  for (let position = 0; position < Math.min(k, gains.length); position++) {
    ideal += (gains[position] as number) / Math.log2(position + 2)
  }
  return ideal
}

function countRelevantAt(ranked: readonly DocId[], judgments: ReadonlyMap<DocId, number>, k: number, threshold: number): number {
  let found = 0
  forEachFirstOccurrence(ranked, k, (id) => {
    if ((judgments.get(id) ?? 0) >= threshold) found++
  })
  return found
}

/** Visits the first k positions, skipping (but counting) the repeats of an id already seen. */
function forEachFirstOccurrence(ranked: readonly DocId[], k: number, visit: (id: DocId, position: number) => void): void {
  const seen = new Set<DocId>()
  const end = Math.min(k, ranked.length)
  for (let position = 0; position < end; position++) {
    const id = ranked[position] as DocId
    if (seen.has(id)) continue
    seen.add(id)
    visit(id, position)
  }
}

function checkCutoff(k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) invalidOption('k', k, 'must be a positive integer')
}

function toThreshold(options: MetricOptions): number {
  const threshold = options.relevanceThreshold ?? DEFAULT_RELEVANCE_THRESHOLD
  if (!Number.isFinite(threshold) || threshold <= 0) {
    invalidOption('relevanceThreshold', threshold, 'must be a finite number > 0')
  }
  return threshold
}
