/**
 * TF-IDF weights and cosine similarity over sparse vectors: pure functions.
 */

/** A sparse vector: parallel arrays of term ids (ascending) and weights. */
export interface SparseVector {
  readonly termIds: Int32Array
  readonly weights: Float32Array
}

/**
 * Computes a sub-linear TF-IDF weight.
 *
 * w = (1 + ln termFreq) · idf for termFreq ≥ 1, termFreq · idf below 1 (so a down-weighted
 * count never goes negative), and 0 when termFreq is 0.
 *
 * @param termFreq The raw count (weighted counts from boosted fields are fine).
 * @param idfValue The term's idf.
 * @see Manning, Raghavan, Schütze, "Introduction to Information Retrieval", §6.4.1.
 */
export function tfidf(termFreq: number, idfValue: number): number {
  if (termFreq <= 0) return 0
  return (termFreq >= 1 ? 1 + Math.log(termFreq) : termFreq) * idfValue
}

/**
 * Builds an L2-normalised sparse vector from unsorted (termId, weight) pairs; zero weights dropped.
 *
 * @param termIds The term ids; need not be sorted, must be unique.
 * @param weights The weights, parallel to termIds.
 */
export function toUnitVector(termIds: ArrayLike<number>, weights: ArrayLike<number>): SparseVector {
  const order = Array.from({ length: termIds.length }, (_, i) => i)
    .filter((i) => (weights[i] ?? 0) > 0)
    .sort((a, b) => (termIds[a] ?? 0) - (termIds[b] ?? 0))
  let norm = 0
  for (const i of order) norm += (weights[i] ?? 0) ** 2
  norm = Math.sqrt(norm)
  const ids = new Int32Array(order.length)
  const ws = new Float32Array(order.length)
  order.forEach((i, j) => {
    ids[j] = termIds[i] ?? 0
    ws[j] = (weights[i] ?? 0) / norm
  })
  return { termIds: ids, weights: ws }
}

/**
 * Cosine similarity of two unit vectors: the dot product of their common terms.
 *
 * @returns A number in [0, 1] for non-negative unit vectors; 0 when either is empty.
 */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0
  let j = 0
  let dot = 0
  while (i < a.termIds.length && j < b.termIds.length) {
    const ta = a.termIds[i]!
    const tb = b.termIds[j]!
    if (ta === tb) dot += a.weights[i++]! * b.weights[j++]!
    else if (ta < tb) i++
    else j++
  }
  return Math.min(1, dot)
}
