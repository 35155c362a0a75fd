/**
 * The analyzer: normalize → tokenize → remove stopwords, the one text pipeline that indexes
 * and queries share (lunr's Pipeline, Lucene's Analyzer).
 */
import { MatchError, invalidOption } from '../errors.js'
import type { RecordKind } from '../types.js'
import type { Analyzer, AnalyzerSpec, TermEmitter } from './analyzer-types.js'
import type { ShortTermSink } from './short-terms.js'
import { isDictionaryTokenizer, readDictionary } from './dictionary.js'
import { createJiebaTokenizer } from './jieba.js'
import { createNgramTokenizer, forEachShortGram, isNgramTokenizer, shortGramStopwords } from './ngram.js'
import { normalize } from './normalize.js'
import { isOffsetTokenizer } from './scan.js'
import { createStopwordCheck, createStopwordSet } from './stopwords.js'
import type { Token, Tokenizer } from './tokenizer.js'

/** Options of {@link createAnalyzer}. Every field is optional. */
export interface AnalyzerOptions {
  /**
   * The tokenizer: `'jieba'` (words), `'ngram'` (character bigrams), or your own.
   * A tokenizer object is used as it is: `domainDictionary` does not apply to it, and
   * `userDictionary` needs it to have an `addWords` method.
   * @defaultValue 'jieba'
   */
  readonly tokenizer?: 'jieba' | 'ngram' | Tokenizer
  /**
   * Whether the jieba tokenizer loads the shipped domain dictionary (`dict/domain/`).
   * @defaultValue true
   */
  readonly domainDictionary?: boolean
  /**
   * jieba search mode: long words also yield their 2- and 3-character dictionary parts
   * (海洋防腐涂料 → also 海洋, 防腐, 涂料), so whole terms match precisely and parts still
   * match. Measured on the sample data (achievements / experts nDCG@10): dev 0.941 / 0.913 →
   * 0.970 / 0.969, dev-hard 0.513 / 0.374 → 0.568 / 0.377. Applies to the `'jieba'` tokenizer.
   * @defaultValue true
   */
  readonly searchMode?: boolean
  /**
   * A user dictionary: the path of a file (jieba or THUOCL format, UTF-8; see
   * `parseDictionary`) or the words themselves. Has no effect with the n-gram tokenizer.
   */
  readonly userDictionary?: string | readonly string[]
  /**
   * `'default'`: the built-in stopwords; `false`: none; an array: the built-in ones plus these.
   * @defaultValue 'default'
   */
  readonly stopwords?: 'default' | false | readonly string[]
  /**
   * Add the boilerplate stopwords of this record type only (`本发明…` for achievements,
   * `我们公司想找…` for needs, `主持…发表…` for experts). By default all three are added.
   */
  readonly recordKind?: RecordKind
}

/** The defaults of {@link AnalyzerOptions}. */
export const DEFAULT_ANALYZER_OPTIONS = {
  tokenizer: 'jieba',
  domainDictionary: true,
  searchMode: true,
  stopwords: 'default',
} as const satisfies AnalyzerOptions

const OPTION_NAMES = ['tokenizer', 'domainDictionary', 'searchMode', 'userDictionary', 'stopwords', 'recordKind'] as const
const RECORD_KINDS: readonly RecordKind[] = ['achievement', 'need', 'expert']

/**
 * Creates an analyzer: text → {@link normalize} → tokenizer → stopword removal → terms.
 *
 * The name, stored in snapshots, records the choices that change the terms: the tokenizer's
 * name, then `+domain`, `+user`, `+nostop` or `+stop` (extra stopwords), `+<recordKind>`;
 * e.g. `jieba+domain`.
 *
 * `tokens()` offsets refer to the normalized text; positions are those of the tokenizer's
 * stream, so a removed stopword leaves a gap (as Lucene's position increments do).
 *
 * @param options The options. Defaults to {@link DEFAULT_ANALYZER_OPTIONS}.
 *
 * @returns The analyzer, its dictionaries loaded.
 *
 * @throws MatchError `INVALID_OPTION` for an unknown option or a bad value, naming it;
 * `TOKENIZER_INIT` when jieba, the domain dictionary or the user dictionary cannot be loaded
 * (the original error is the `cause`).
 *
 * @example
 * const analyzer = createAnalyzer()
 * analyzer.analyze('本发明公开了一种石墨烯改性的304不锈钢') // => ['石墨烯', '改性', '304不锈钢']
 */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  validateOptions(options)
  const tokenizerOption = options.tokenizer ?? DEFAULT_ANALYZER_OPTIONS.tokenizer
  const domainDictionary = options.domainDictionary ?? DEFAULT_ANALYZER_OPTIONS.domainDictionary
  const stopwordOption = options.stopwords ?? DEFAULT_ANALYZER_OPTIONS.stopwords

  const userWords = options.userDictionary === undefined ? undefined : loadUserDictionary(options.userDictionary)
  let tokenizer: Tokenizer
  if (tokenizerOption === 'jieba') {
    tokenizer = createJiebaTokenizer({ domainDictionary, words: userWords, searchMode: options.searchMode ?? DEFAULT_ANALYZER_OPTIONS.searchMode })
  } else if (tokenizerOption === 'ngram') {
    tokenizer = createNgramTokenizer()
  } else {
    tokenizer = tokenizerOption
    if (userWords !== undefined) {
      if (!isDictionaryTokenizer(tokenizer)) {
        invalidOption('userDictionary', options.userDictionary, `needs a tokenizer with addWords; "${tokenizer.name}" has none`)
      }
      tokenizer.addWords(userWords)
    }
  }

  const stopwords =
    stopwordOption === false
      ? new Set<string>()
      : createStopwordSet({ recordKind: options.recordKind, extra: stopwordOption === 'default' ? [] : stopwordOption })

  const isStopword = createStopwordCheck(stopwords)

  const nameParts = [tokenizer.name]
  if (tokenizerOption === 'jieba' && domainDictionary) nameParts.push('domain')
  if (userWords !== undefined && tokenizerOption !== 'ngram') nameParts.push('user')
  if (stopwordOption === false) nameParts.push('nostop')
  else if (stopwordOption !== 'default') nameParts.push('stop')
  if (options.recordKind !== undefined && stopwordOption !== false) nameParts.push(options.recordKind)

  const offsetTokenizer = isOffsetTokenizer(tokenizer) ? tokenizer : undefined
  // Grams of at most two code units (the character channel) can be handed over as numbers.
  const grams = isNgramTokenizer(tokenizer) && tokenizer.n <= 2 ? tokenizer : undefined
  const shortStop = grams ? shortGramStopwords(stopwords, isStopword) : undefined
  // Only named tokenizers can be described by data (for worker threads).
  // Words added later (addWords) are not in the options, so they end the description.
  let spec: AnalyzerSpec | undefined = typeof tokenizerOption === 'string' ? { type: 'analyzer', options: { ...options } } : undefined
  return {
    name: nameParts.join('+'),
    get spec() {
      return spec
    },
    analyze(text: string): string[] {
      const normalized = normalize(text)
      const terms: string[] = []
      if (offsetTokenizer !== undefined) {
        offsetTokenizer.forEachToken(normalized, (start, end) => {
          const term = normalized.slice(start, end)
          if (!stopwords.has(term)) terms.push(term)
        })
      } else {
        for (const token of tokenizer.tokenize(normalized)) if (!stopwords.has(token.text)) terms.push(token.text)
      }
      return terms
    },
    forEachTerm(text: string, emit: TermEmitter): void {
      const normalized = normalize(text)
      if (offsetTokenizer !== undefined) {
        offsetTokenizer.forEachToken(normalized, (start, end) => {
          if (!isStopword(normalized, start, end)) emit(normalized, start, end)
        })
      } else {
        for (const token of tokenizer.tokenize(normalized)) if (!stopwords.has(token.text)) emit(normalized, token.start, token.end)
      }
    },
    ...(grams && shortStop
      ? {
          forEachShortTerm(text: string, sink: ShortTermSink): void {
            forEachShortGram(normalize(text), grams.minN, grams.n, shortStop, sink)
          },
        }
      : {}),
    tokens(text: string): Token[] {
      return tokenizer.tokenize(normalize(text)).filter((token) => !stopwords.has(token.text))
    },
    addWords(words: readonly string[]): void {
      if (!isDictionaryTokenizer(tokenizer)) {
        throw new MatchError('INVALID_OPTION', `cannot add words: the tokenizer "${tokenizer.name}" has no addWords method`)
      }
      tokenizer.addWords(words)
      spec = undefined
    },
  }
}

function validateOptions(options: AnalyzerOptions): void {
  if (typeof options !== 'object' || options === null) invalidOption('options', options, 'must be an object')
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      invalidOption(key, (options as Record<string, unknown>)[key], `not an analyzer option (${OPTION_NAMES.join(', ')})`)
    }
  }
  const { tokenizer, domainDictionary, userDictionary, stopwords, recordKind } = options
  if (tokenizer !== undefined && tokenizer !== 'jieba' && tokenizer !== 'ngram' && !isTokenizer(tokenizer)) {
    invalidOption('tokenizer', tokenizer, `must be 'jieba', 'ngram' or an object with name and tokenize()`)
  }
  if (domainDictionary !== undefined && typeof domainDictionary !== 'boolean') {
    invalidOption('domainDictionary', domainDictionary, 'must be a boolean')
  }
  if (options.searchMode !== undefined && typeof options.searchMode !== 'boolean') {
    invalidOption('searchMode', options.searchMode, 'must be a boolean')
  }
  if (userDictionary !== undefined && !(typeof userDictionary === 'string' && userDictionary.length > 0) && !isStringArray(userDictionary)) {
    invalidOption('userDictionary', userDictionary, 'must be a file path or an array of words')
  }
  if (stopwords !== undefined && stopwords !== 'default' && stopwords !== false && !isStringArray(stopwords)) {
    invalidOption('stopwords', stopwords, `must be 'default', false or an array of extra stopwords`)
  }
  if (recordKind !== undefined && !RECORD_KINDS.includes(recordKind)) {
    invalidOption('recordKind', recordKind, `must be one of ${RECORD_KINDS.join(', ')}`)
  }
}

function loadUserDictionary(source: string | readonly string[]): string[] {
  try {
    return readDictionary(source)
  } catch (error) {
    const what = typeof source === 'string' ? source : 'the given words'
    throw new MatchError('TOKENIZER_INIT', `cannot read the user dictionary ${what}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
}

function isTokenizer(value: unknown): value is Tokenizer {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Tokenizer>
  return typeof candidate.name === 'string' && typeof candidate.tokenize === 'function'
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}
