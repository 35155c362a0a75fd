/**
 * An optional dense-vector channel: cosine similarity between a query vector and the vectors
 * that records carry from the user's own embedding service (`vector` in types.ts). duijie
 * computes no embeddings and downloads no model (DESIGN.md non-goals); it only compares the
 * vectors it is given. The only importer of ml-distance.
 */
import { similarity } from 'ml-distance'
import { MatchError, invalidOption } from '../errors.js'

/** What the channel reads of a record: its id and, maybe, its vector. */
export interface DenseRecord {
  readonly id: string
  readonly vector?: readonly number[]
}

/** Options of {@link createDenseChannel}. */
export interface DenseChannelOptions {
  /**
   * The vector dimension. When not given, the most common length among the records' non-empty
   * vectors (ties: the length seen first), so a few malformed vectors cannot set it.
   */
  readonly dimension?: number
}

/** How many records were left out of the channel, by reason. None of these throws. */
export interface DenseSkipped {
  /** No `vector`, or an empty one. */
  readonly missing: number
  /** A vector whose length differs from the channel's dimension. */
  readonly wrongDimension: number
  /** A vector with NaN or ±Infinity, or a value outside the float32 range. */
  readonly nonFinite: number
  /** The zero vector (also one whose float32 rounding is zero): it has no direction, so no cosine. */
  readonly zero: number
}

/** Cosine similarity of a query vector against every record that carries a usable vector. */
export interface DenseChannel {
  /** The vector dimension; 0 when no record has a vector and no dimension was given. */
  readonly dimension: number
  /** How many records the channel holds (those with a usable vector). */
  readonly size: number
  /** Records left out, by reason; `size` + the counts = the number of records given. */
  readonly skipped: DenseSkipped
  /**
   * cos(q, v) = Σ_i q_i·v_i / (‖q‖·‖v‖), within [−1, 1].
   *
   * @param queryVector The query, of length {@link DenseChannel.dimension}.
   * @returns recordIndex (the position in the records given to {@link createDenseChannel}) →
   *   cosine, for every record the channel holds; empty for the zero query vector (no
   *   direction) and for a channel that holds nothing. A channel of dimension 0 (no vectors,
   *   none given) accepts any query.
   * @throws MatchError `INVALID_OPTION` when the query's length is not the channel's
   *   dimension (the message names both) or a value is not finite.
   */
  score(queryVector: readonly number[]): Map<number, number>
  /** Whether a record of this id is in the channel (has a usable vector). */
  has(id: string): boolean
}

/** float32's largest finite value: larger magnitudes round to ±Infinity when stored. */
const FLOAT32_MAX = 3.4028234663852886e38

/**
 * Builds a dense channel over records' vectors.
 *
 * The vectors are copied into one Float32Array (4 bytes a value instead of 8, one allocation;
 * embeddings carry far less precision than float32 holds) and each vector's norm is computed
 * once, from the stored float32 values, so vectors that round to zero are found at build time
 * rather than giving NaN at query time. The cosine itself is ml-distance's `similarity.cosine`.
 *
 * @param records The records, in index order: a result's key is the record's position here,
 *   which equals the docIndex when these are the records the index was built from.
 * @param options The dimension, when the records should not decide it.
 *
 * @returns The channel. Records without a usable vector are skipped and counted in `skipped`.
 *
 * @throws MatchError `INVALID_OPTION` when `dimension` is not an integer ≥ 1.
 *
 * @remarks `similarity.cosine` recomputes both norms on every call: about 25 ms a query over
 * 10,000 vectors of 768 dimensions here, against 11 ms for a plain dot product over rows
 * normalised at build time. Switch to the latter only if a benchmark shows the channel matters.
 *
 * @example
 * const dense = createDenseChannel(achievements)
 * const cosines = dense.score(need.vector!)   // Map<docIndex, cosine>
 *
 * @see Manning, Raghavan and Schütze, Introduction to Information Retrieval, 2008, §6.3.1
 *   (cosine similarity).
 */
export function createDenseChannel(records: readonly DenseRecord[], options: DenseChannelOptions = {}): DenseChannel {
  if (options.dimension !== undefined && !(Number.isInteger(options.dimension) && options.dimension >= 1)) {
    invalidOption('dimension', options.dimension, 'must be an integer ≥ 1')
  }
  const dimension = options.dimension ?? commonLength(records)
  let missing = 0
  let wrongDimension = 0
  let nonFinite = 0
  let zero = 0
  const kept: number[] = []
  for (let r = 0; r < records.length; r++) {
    const vector = records[r]!.vector
    if (!vector || vector.length === 0) missing++
    else if (vector.length !== dimension) wrongDimension++
    else if (!vector.every((x) => Number.isFinite(x) && Math.abs(x) <= FLOAT32_MAX)) nonFinite++
    else kept.push(r)
  }
  const values = new Float32Array(kept.length * dimension)
  const rows: Float32Array[] = []
  const recordIndexes: number[] = []
  const ids = new Set<string>()
  for (const r of kept) {
    const row = values.subarray(rows.length * dimension, (rows.length + 1) * dimension)
    row.set(records[r]!.vector!)
    let squares = 0
    for (let i = 0; i < dimension; i++) squares += row[i]! * row[i]!
    if (squares === 0) {
      zero++
      continue
    }
    rows.push(row)
    recordIndexes.push(r)
    ids.add(records[r]!.id)
  }
  const skipped: DenseSkipped = { missing, wrongDimension, nonFinite, zero }
  return {
    dimension,
    size: rows.length,
    skipped,
    has: (id) => ids.has(id),
    score(queryVector) {
      const result = new Map<number, number>()
      if (dimension === 0) return result
      if (queryVector.length !== dimension) {
        throw new MatchError(
          'INVALID_OPTION',
          `invalid queryVector: dimension ${queryVector.length}, must equal the channel's dimension ${dimension}`,
        )
      }
      // Cosine ignores scale, so the query is divided by its largest |value| first: the sum of
      // squares can then neither underflow to 0 (5e-324) nor overflow to Infinity (1e200).
      let largest = 0
      for (let i = 0; i < dimension; i++) {
        const x = queryVector[i]!
        if (!Number.isFinite(x)) throw new MatchError('INVALID_OPTION', `invalid queryVector[${i}]: ${x}, must be a finite number`)
        largest = Math.max(largest, Math.abs(x))
      }
      if (largest === 0 || rows.length === 0) return result
      const query = Float64Array.from(queryVector, (x) => x / largest)
      for (let k = 0; k < rows.length; k++) result.set(recordIndexes[k]!, similarity.cosine(query, rows[k]!))
      return result
    },
  }
}

/** The most common non-zero vector length; ties go to the length seen first; 0 when none. */
function commonLength(records: readonly DenseRecord[]): number {
  const counts = new Map<number, number>()
  for (const { vector } of records) {
    const length = vector?.length ?? 0
    if (length > 0) counts.set(length, (counts.get(length) ?? 0) + 1)
  }
  let best = 0
  let bestCount = 0
  // Map iteration follows insertion order, so the strict > keeps the first-seen length on ties.
  for (const [length, count] of counts) {
    if (count > bestCount) {
      best = length
      bestCount = count
    }
  }
  return best
}
