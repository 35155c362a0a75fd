/**
 * CorpusStats: the statistics a scorer needs from an index, and nothing else
 * (Tantivy's Bm25StatisticsProvider).
 */

/** Live-document statistics of an index. */
export interface CorpusStats {
  /** Number of live documents. */
  readonly docCount: number
  /** Number of live documents containing the term id. */
  docFreq(termId: number): number
  /** Mean length of the field (by position in the index's field list) over live documents. */
  avgFieldLength(field: number): number
}
