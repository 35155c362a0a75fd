/**
 * The character n-gram tokenizer: overlapping n-grams over CJK runs, alphanumeric terms kept
 * whole. Needs no dictionary, so it never misses an unknown term, at the price of many
 * meaningless grams (`石墨烯` → `石墨`, `墨烯`). A baseline and a fallback, not a replacement
 * for jieba.
 */
import { invalidOption } from '../errors.js'
import type { DictionaryTokenizer } from './dictionary.js'
import { collectTokens, scan, type OffsetTokenizer, type TokenEmitter } from './scan.js'
import type { Token } from './tokenizer.js'

/** Options of {@link createNgramTokenizer}. */
export interface NgramTokenizerOptions {
  /**
   * The gram length in characters (code points), an integer in [1, 8].
   * @defaultValue 2
   */
  readonly n?: number
  /**
   * Also emit the shorter grams down to this length, in [1, n]: `minN: 1` with `n: 2` gives
   * characters and bigrams. Single characters are Chinese morphemes: 焊工 / 焊接 and 铬 / 含铬
   * share one, which bigrams miss.
   * @defaultValue n
   */
  readonly minN?: number
}

/** The defaults of {@link NgramTokenizerOptions}. */
export const DEFAULT_NGRAM_OPTIONS = { n: 2 } as const

/** An n-gram tokenizer: a {@link DictionaryTokenizer} whose `addWords` does nothing. */
export type NgramTokenizer = DictionaryTokenizer & OffsetTokenizer

/**
 * Creates a tokenizer that cuts CJK runs into overlapping character n-grams.
 *
 * A CJK run of k characters gives k − n + 1 grams, or the whole run when k < n (a single
 * character yields itself). Characters are code points, so a gram never splits a surrogate
 * pair. Alphanumeric terms are kept whole by the same scanner as the jieba tokenizer (`5g`,
 * `pm2.5`); punctuation and whitespace produce no token. Offsets are exact.
 *
 * `addWords` is a no-op: every substring of n characters is already a token, and longer
 * words would need a dictionary this tokenizer does not have.
 *
 * @param options The options. Defaults to {@link DEFAULT_NGRAM_OPTIONS}.
 *
 * @returns The tokenizer; its name is `bigram` for n = 2, else `ngram<n>`.
 *
 * @throws MatchError `INVALID_OPTION` when `n` is not an integer in [1, 8].
 *
 * @example
 * createNgramTokenizer().tokenize('石墨烯 5g').map((t) => t.text) // => ['石墨', '墨烯', '5g']
 */
export function createNgramTokenizer(options: NgramTokenizerOptions = {}): NgramTokenizer {
  if (typeof options !== 'object' || options === null) invalidOption('options', options, 'must be an object')
  const n = options.n ?? DEFAULT_NGRAM_OPTIONS.n
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 8) invalidOption('n', n, 'must be an integer in [1, 8]')
  const minN = options.minN ?? n
  if (typeof minN !== 'number' || !Number.isInteger(minN) || minN < 1 || minN > n) invalidOption('minN', minN, `must be an integer in [1, ${n}]`)

  const forEachToken = (text: string, emit: TokenEmitter): void => {
    scan(text, {
      cjk(start, end) {
        emitGrams(text, start, end, minN, n, emit)
      },
      term: emit,
    })
  }
  return {
    name: minN < n ? `ngram${minN}-${n}` : n === 2 ? 'bigram' : `ngram${n}`,
    forEachToken,
    tokenize(text: string): Token[] {
      return collectTokens(text, forEachToken)
    },
    addWords(): void {
      // Nothing to add: see the TSDoc above.
    },
  }
}

/**
 * Emits the grams of sizes minN..n of the run [start, end), stepping by code point, in order of
 * start then size. A run shorter than minN is emitted whole.
 */
function emitGrams(text: string, start: number, end: number, minN: number, n: number, emit: TokenEmitter): void {
  if (n <= 2 && !hasSurrogate(text, start, end)) {
    // The common case, without the offsets array: one code unit per character.
    const count = end - start
    if (count < minN || (minN === n && count <= n)) {
      emit(start, end)
      return
    }
    for (let i = start; i < end; i++) {
      if (minN === 1) emit(i, i + 1)
      if (n === 2 && i + 2 <= end) emit(i, i + 2)
    }
    return
  }
  // Offsets of the code points of the run, plus its end.
  const offsets: number[] = []
  for (let i = start; i < end; ) {
    offsets.push(i)
    i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1
  }
  const count = offsets.length
  offsets.push(end)
  if (count < minN || (minN === n && count <= n)) {
    emit(start, end)
    return
  }
  for (let i = 0; i < count; i++) {
    for (let size = minN; size <= n && i + size <= count; size++) emit(offsets[i] as number, offsets[i + size] as number)
  }
}

function hasSurrogate(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff) return true
  }
  return false
}
