/**
 * The Analyzer contract: what index/ and match/ see of text analysis. An analyzer turns text
 * into index terms (normalize → segment → filter). It is not a tokenizer (that only segments)
 * and it keeps no corpus statistics.
 */
import type { Token } from './tokenizer.js'

/** Text in, terms out: the only text-analysis interface index/ and match/ depend on. */
export interface Analyzer {
  /** A short stable description stored in snapshots, e.g. `jieba+domain`. */
  readonly name: string
  /** The terms of `text`, in order, repeats kept: normalized, segmented, stopwords removed. */
  analyze(text: string): string[]
  /** The same terms as tokens with offsets into `normalize(text)`. */
  tokens(text: string): Token[]
  /**
   * Adds words to the segmentation dictionary so that each comes out as one token from now on.
   * Words are normalized first; empty and duplicate words are ignored.
   */
  addWords(words: readonly string[]): void
}
