/**
 * The Analyzer contract: what index/ and match/ see of text analysis. An analyzer turns text
 * into index terms (normalize → segment → filter). It is not a tokenizer (that only segments)
 * and it keeps no corpus statistics.
 */
import type { ShortTermSink } from './short-terms.js'
import type { Token } from './tokenizer.js'

/** The data that re-creates an analyzer: `createAnalyzer(options)`, or the character-channel analyzer. */
export type AnalyzerSpec =
  | { readonly type: 'analyzer'; readonly options: Readonly<Record<string, unknown>> }
  | { readonly type: 'chars' }

/** Receives one term as a substring of the normalized text. */
export type TermEmitter = (normalized: string, start: number, end: number) => void

/** Text in, terms out: the only text-analysis interface index/ and match/ depend on. */
export interface Analyzer {
  /** A short stable description stored in snapshots, e.g. `jieba+domain`. */
  readonly name: string
  /** The terms of `text`, in order, repeats kept: normalized, segmented, stopwords removed. */
  analyze(text: string): string[]
  /**
   * The same terms as {@link analyze}, each given as `normalized.slice(start, end)` where
   * `normalized` is `normalize(text)`, without making the strings: index builds intern terms by
   * substring (see TermTable). Optional: without it, callers use `analyze`.
   */
  forEachTerm?(text: string, emit: TermEmitter): void
  /**
   * The same terms as {@link forEachTerm}, in the same order, those of one or two code units
   * mostly given by their code units (`sink.unit`, `sink.pair`) rather than by offsets: an
   * index build counts them with no call per term in between (the character channel's ~350
   * grams a record). Optional: analyzers over character n-grams of length ≤ 2 have it.
   */
  forEachShortTerm?(text: string, sink: ShortTermSink): void
  /**
   * How to make this analyzer again in another thread, when it can be described by data
   * (`createAnalyzer` with a named tokenizer; the character-channel analyzer). Analyzers built
   * on a tokenizer object have none and are never sent to worker threads.
   */
  readonly spec?: AnalyzerSpec
  /** The same terms as tokens with offsets into `normalize(text)`. */
  tokens(text: string): Token[]
  /**
   * Adds words to the segmentation dictionary so that each comes out as one token from now on.
   * Words are normalized first; empty and duplicate words are ignored.
   */
  addWords(words: readonly string[]): void
}
