/**
 * BM25 and BM25F: pure functions of plain numbers. No index, no text.
 */
import { invalidOption } from '../errors.js'

/** The BM25 parameters. */
export interface Bm25Params {
  /** Term-frequency saturation. Higher lets repeated terms keep adding score. */
  readonly k1: number
  /** Length normalisation, within [0, 1]: 0 ignores field length, 1 normalises fully. */
  readonly b: number
}

/**
 * The defaults of Lucene and Elasticsearch.
 *
 * @remarks Tune only with a labelled set and cross-validation (`duijie tune`); on short
 * Chinese records these values are within noise of the best found on the dev set.
 */
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 }

/**
 * Validates BM25 parameters, filling missing ones from {@link DEFAULT_BM25}.
 *
 * @param params The parameters to check.
 * @returns Complete, valid parameters.
 * @throws MatchError INVALID_OPTION when k1 is negative or not finite, or b is outside [0, 1].
 */
export function toBm25Params(params: Partial<Bm25Params> = {}): Bm25Params {
  const k1 = params.k1 ?? DEFAULT_BM25.k1
  const b = params.b ?? DEFAULT_BM25.b
  if (!Number.isFinite(k1) || k1 < 0) invalidOption('bm25.k1', k1, 'must be a finite number ≥ 0')
  if (!Number.isFinite(b) || b < 0 || b > 1) invalidOption('bm25.b', b, 'must be within [0, 1]')
  return { k1, b }
}

/**
 * Computes the inverse document frequency of a term, as Lucene's BM25Similarity does.
 *
 * idf = ln(1 + (docCount − docFreq + 0.5) / (docFreq + 0.5))
 *
 * @param docFreq The number of live documents containing the term.
 * @param docCount The number of live documents.
 * @returns A finite, non-negative weight; it never goes negative, unlike the original Robertson idf.
 * @see Lucene `BM25Similarity.idf`.
 */
export function idf(docFreq: number, docCount: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5))
}

/**
 * Computes the length-normalised frequency of a term in one field, the inner part of BM25F.
 *
 * tfNorm = weight · termFreq / (1 − b + b · fieldLength / avgFieldLength)
 *
 * @param termFreq The raw count of the term in the field, not a ratio.
 * @param fieldLength The number of terms in the field of this document.
 * @param avgFieldLength The mean field length over live documents; 0 means an empty corpus field.
 * @param weight The field's boost.
 * @param b The length normalisation.
 * @returns A finite, non-negative number.
 */
export function fieldTermFreq(termFreq: number, fieldLength: number, avgFieldLength: number, weight: number, b: number): number {
  if (termFreq <= 0) return 0
  const norm = avgFieldLength > 0 ? 1 - b + (b * fieldLength) / avgFieldLength : 1
  return (weight * termFreq) / norm
}

/**
 * Saturates a (BM25F-combined) term frequency and weighs it by idf.
 *
 * bm25 = idf · tf · (k1 + 1) / (tf + k1)
 *
 * With a single field and weight 1, `tf` = fieldTermFreq(…) gives classic BM25:
 * idf · termFreq·(k1+1) / (termFreq + k1·(1 − b + b·fieldLength/avgFieldLength)).
 *
 * @param tf The combined, length-normalised term frequency (see {@link fieldTermFreq}).
 * @param idfValue The term's idf.
 * @param k1 The saturation parameter.
 * @returns The score: finite, non-negative.
 * @see Robertson et al., "Okapi at TREC-3", 1994; Robertson, Zaragoza, Taylor, "Simple BM25 extension to multiple weighted fields", CIKM 2004.
 */
export function bm25(tf: number, idfValue: number, k1: number): number {
  if (tf <= 0) return 0
  // The saturation ratio first: exact at k1 = 0 and free of underflow for subnormal tf
  // (idf·tf·(k1+1) underflowed and broke monotonicity; see the regression test).
  return idfValue * (k1 + 1) * (tf / (tf + k1))
}
