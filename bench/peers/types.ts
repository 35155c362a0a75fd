/**
 * The contract every ranker of the speed benchmark meets: build from documents, answer a query
 * with its top-10 ids. Peers get pre-tokenized text (duijie's analyzer, run once outside their
 * timing); duijie's own conditions get the raw records and tokenize inside their build.
 */
import type { Achievement, Need } from '../../src/types.js'

/** One document as peers see it: its id and duijie's analyzer terms of title + keywords + summary. */
export interface TokenizedDoc {
  readonly id: string
  readonly tokens: readonly string[]
}

/** One query: the need itself (for duijie) and its terms (title + description) for peers. */
export interface BenchQuery {
  readonly need: Need
  readonly tokens: readonly string[]
}

/** A built index that answers queries. */
export interface Ranker {
  /** The top-10 document ids, best first. */
  search(query: BenchQuery): string[]
  /**
   * Bytes the ranker holds in SharedArrayBuffers: `process.memoryUsage().external` leaves them
   * out, so the heap figure adds them (duijie's character arrays are shared with the thread that
   * places their postings).
   */
  sharedBytes?(): number
}

/** What a ranker is built from: the records for duijie, their tokens for peers. */
export interface BuildInput {
  readonly records: readonly Achievement[]
  readonly docs: readonly TokenizedDoc[]
}

/** A library (or duijie condition) under test. */
export interface Peer {
  readonly name: string
  /** Whether the build includes tokenization (duijie) or starts from tokens (peers). */
  readonly tokenizes: boolean
  /** BM25-family peers must agree with duijie plain BM25 (top-10 overlap > 0.3). */
  readonly bm25Family: boolean
  /** Largest corpus this peer is run on (brute force is quadratic in practice); undefined: all. */
  readonly maxDocs?: number
  build(input: BuildInput): Ranker
}

export const TOP_K = 10
