/**
 * The character n-gram tokenizer: overlapping n-grams over CJK runs, alphanumeric terms kept
 * whole. Needs no dictionary, so it never misses an unknown term, at the price of many
 * meaningless grams (`石墨烯` → `石墨`, `墨烯`). A baseline and a fallback, not a replacement
 * for jieba.
 */
import { invalidOption } from '../errors.js'
import type { DictionaryTokenizer } from './dictionary.js'
import { collectTokens, scan, type OffsetTokenizer, type TokenEmitter } from './scan.js'
import type { ShortTermSink } from './short-terms.js'
import type { StopwordCheck } from './stopwords.js'
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

/**
 * An n-gram tokenizer: a {@link DictionaryTokenizer} whose `addWords` does nothing. Its gram
 * sizes are readable, so an analyzer can take the short-gram path ({@link forEachShortGram}).
 */
export type NgramTokenizer = DictionaryTokenizer & OffsetTokenizer & { readonly n: number; readonly minN: number }

/** Whether a tokenizer is one made by {@link createNgramTokenizer}. */
export function isNgramTokenizer(tokenizer: object): tokenizer is NgramTokenizer {
  return NGRAM_TOKENIZERS.has(tokenizer)
}

const NGRAM_TOKENIZERS = new WeakSet<object>()

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
  const tokenizer: NgramTokenizer = {
    name: minN < n ? `ngram${minN}-${n}` : n === 2 ? 'bigram' : `ngram${n}`,
    n,
    minN,
    forEachToken,
    tokenize(text: string): Token[] {
      return collectTokens(text, forEachToken)
    },
    addWords(): void {
      // Nothing to add: see the TSDoc above.
    },
  }
  NGRAM_TOKENIZERS.add(tokenizer)
  return tokenizer
}

/** Stopwords of one and two code units as the short-gram path checks them. */
export interface ShortGramStopwords {
  /** 1 at a code unit that is a stopword on its own. */
  readonly units: Uint8Array
  /** 1 at a code unit that starts some stopword of two code units. */
  readonly pairStarts: Uint8Array
  /** The exact check, for pairs that pass `pairStarts` and for every other term. */
  readonly isStopword: StopwordCheck
}

/** The {@link ShortGramStopwords} of a stopword set, with its exact check. */
export function shortGramStopwords(stopwords: ReadonlySet<string>, isStopword: StopwordCheck): ShortGramStopwords {
  const units = new Uint8Array(0x10000)
  const pairStarts = new Uint8Array(0x10000)
  for (const word of stopwords) {
    if (word.length === 1) units[word.charCodeAt(0)] = 1
    else if (word.length === 2) pairStarts[word.charCodeAt(0)] = 1
  }
  return { units, pairStarts, isStopword }
}

/**
 * The grams of sizes minN..n (n ≤ 2) of already normalized `text` that are not stopwords: the
 * terms, in order, of the tokenizer's `forEachToken` followed by the stopword check, handed to
 * `sink` by their code units when they are grams of a CJK run. An index build counts such terms
 * by their code units (ForwardBatchBuilder); this loop makes them with no call per gram in
 * between (the character channel emits ~350 grams a record). Runs with surrogate pairs, and
 * alphanumeric terms, go to `sink.term` with their offsets.
 */
export function forEachShortGram(text: string, minN: number, n: number, stop: ShortGramStopwords, sink: ShortTermSink): void {
  scan(text, new ShortGramScan(text, minN, n, stop, sink))
}

/** The scanner sink of {@link forEachShortGram} (a class: no closure made per text). */
class ShortGramScan {
  constructor(
    private readonly text: string,
    private readonly minN: number,
    private readonly n: number,
    private readonly stop: ShortGramStopwords,
    private readonly sink: ShortTermSink,
  ) {}

  cjk(start: number, end: number): void {
    const { text, minN, n, sink } = this
    const { units, pairStarts, isStopword } = this.stop
    if (n > 2 || hasSurrogate(text, start, end)) return emitGrams(text, start, end, minN, n, (s, e) => this.term(s, e))
    const count = end - start
    if (count < minN || (minN === n && count <= n)) {
      // The whole run: one or two code units.
      const c1 = text.charCodeAt(start)
      if (count === 1) {
        if (units[c1] === 0) sink.unit(c1)
      } else if (pairStarts[c1] === 0 || !isStopword(text, start, end)) sink.pair((c1 << 16) | text.charCodeAt(start + 1))
      return
    }
    // As emitGrams: at each character its unigram (minN 1), then the bigram starting there (n 2).
    let c = text.charCodeAt(start)
    for (let i = start; i < end; i++) {
      if (minN === 1 && units[c] === 0) sink.unit(c)
      if (i + 1 === end) break
      const next = text.charCodeAt(i + 1)
      if (n === 2 && (pairStarts[c] === 0 || !isStopword(text, i, i + 2))) sink.pair((c << 16) | next)
      c = next
    }
  }

  term(start: number, end: number): void {
    if (!this.stop.isStopword(this.text, start, end)) this.sink.term(this.text, start, end)
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
