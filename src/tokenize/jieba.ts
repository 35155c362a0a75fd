/**
 * The jieba tokenizer: CJK runs segmented as jieba does, alphanumeric terms kept whole by the
 * shared scanner.
 *
 * Segmentation is jieba's own algorithm and dictionary run in JavaScript (jieba-dictionary.ts:
 * cppjieba's maximum-probability cut over `dict/jieba/jieba.dict.utf8`; jieba-hmm.ts: its HMM
 * for `hmm: true`), checked word for word against nodejieba 3.5.8, which stays the oracle of
 * the tests and a peer of the benchmarks. In JavaScript it is about 4× faster than the native
 * call (no UTF-8 round trip, no array of strings: pieces come back as offsets), loads in a
 * fraction of the time, and each tokenizer owns its dictionary, so tokenizers with different
 * words never disturb one another.
 *
 * jieba's behaviour kept on purpose: a word added with `addWords` weighs the dictionary's
 * median, as nodejieba's `insertWord`; `大数据` stays `大/数据` at that weight because both
 * halves are frequent, so such words are imposed on the cut afterwards (see imposeForced).
 */
import { join } from 'node:path'

import { MatchError, invalidOption } from '../errors.js'
import { cleanWords, type DictionaryTokenizer } from './dictionary.js'
import { findPackageRoot, loadDomainDictionary } from './domain-dictionary.js'
import { JiebaDictionary, type SharedJiebaDictionary } from './jieba-dictionary.js'
import { JiebaHmm, cutMixed } from './jieba-hmm.js'
import {
  collectTokens,
  createPhraseMatcher,
  isAllCjk,
  isAllCjkIn,
  isPlainTerm,
  scan,
  type OffsetTokenizer,
  type PhraseMatcher,
  type TokenEmitter,
} from './scan.js'
import type { Token } from './tokenizer.js'

/** Options of {@link createJiebaTokenizer}. Every field is optional. */
export interface JiebaTokenizerOptions {
  /**
   * Whether to add the shipped domain dictionary (`dict/domain/*.txt`, several thousand
   * technical terms of the twelve fields).
   * @defaultValue true
   */
  readonly domainDictionary?: boolean
  /** Extra words to keep whole (a user dictionary already read; see `readDictionary`). */
  readonly words?: readonly string[]
  /**
   * Whether jieba's HMM joins runs of unknown single characters into words. Off by default:
   * the HMM guess depends on the neighbouring characters, so the same term can be cut
   * differently in a need and in an achievement.
   * @defaultValue false
   */
  readonly hmm?: boolean
  /**
   * Search mode, as jieba's `cut_for_search`: a CJK word longer than two characters is emitted
   * whole and then followed by each of its 2- and 3-character substrings that is itself a
   * dictionary word (海洋防腐涂料 → 海洋防腐涂料, 海洋, 防腐, 涂料). Whole terms keep their
   * precision; their parts let a need that names only 防腐涂料 still meet it. On the dev set the
   * domain dictionary without search mode lowered nDCG@10 (compound terms stopped matching
   * their parts); with it, the dictionary helps. Off here (the tokenizer segments); the
   * analyzer turns it on by default.
   * @defaultValue false
   */
  readonly searchMode?: boolean
}

/** The defaults of {@link JiebaTokenizerOptions}. */
export const DEFAULT_JIEBA_OPTIONS = { domainDictionary: true, hmm: false, searchMode: false } as const

/** A jieba tokenizer: {@link DictionaryTokenizer} plus the analyzer's offset fast path. */
export type JiebaTokenizer = DictionaryTokenizer & OffsetTokenizer

/** Where jieba's files are, relative to the package root (copied from cppjieba; MIT, see LICENSE there). */
export const JIEBA_DICTIONARY_DIR = join('dict', 'jieba')

/**
 * The words one tokenizer keeps whole, split by how they are enforced.
 */
interface Lexicon {
  /** jieba's dictionary plus this lexicon's all-CJK words (shared until a word is added). */
  dictionary: JiebaDictionary
  /** Whether `dictionary` is this lexicon's own copy (else it is shared: copy before inserting). */
  ownsDictionary: boolean
  /** All-CJK words jieba still splits after insertion: imposed on its cut afterwards. */
  readonly forced: PhraseMatcher
  /** Words the scanner keeps whole: mixed scripts, punctuation, spaces (`304不锈钢`). */
  readonly phrases: PhraseMatcher
}

/** jieba's default dictionary, loaded once per thread; every lexicon starts from it. */
let jiebaDictionary: JiebaDictionary | undefined
/** The domain lexicon, built once per thread; tokenizers start from a copy. */
let domainLexicon: Lexicon | undefined
/** jieba's HMM model, loaded on first use of `hmm: true`. */
let hmmModel: JiebaHmm | undefined

function loadJiebaDictionary(): JiebaDictionary {
  if (jiebaDictionary === undefined) {
    const dir = join(findPackageRoot(), JIEBA_DICTIONARY_DIR)
    jiebaDictionary = initOrThrow('jieba’s dictionary', () => JiebaDictionary.load(join(dir, 'jieba.dict.utf8'), join(dir, 'user.dict.utf8')))
  }
  return jiebaDictionary
}

/**
 * The dictionaries this thread has loaded (jieba's, and the domain lexicon's), moved into
 * shared memory, for worker threads to start from ({@link adoptLexicons}) instead of parsing
 * jieba's files and inserting the domain words again (~0.7 s a thread). Structured-cloneable.
 * @internal
 */
export interface SharedLexicons {
  readonly jieba?: SharedJiebaDictionary
  readonly domain?: { readonly dictionary: SharedJiebaDictionary; readonly forced: readonly string[]; readonly phrases: readonly string[] }
}

/** This thread's loaded dictionaries, shared (see {@link SharedLexicons}); loads nothing. @internal */
export function shareLexicons(): SharedLexicons {
  const entries = (matcher: PhraseMatcher) => {
    const out: string[] = []
    matcher.forEachEntry((entry) => out.push(entry))
    return out
  }
  // Shared, a dictionary is read-only: a later insertion into the domain lexicon copies it first.
  if (domainLexicon) domainLexicon.ownsDictionary = false
  return {
    ...(jiebaDictionary ? { jieba: jiebaDictionary.share() } : {}),
    ...(domainLexicon ? { domain: { dictionary: domainLexicon.dictionary.share(), forced: entries(domainLexicon.forced), phrases: entries(domainLexicon.phrases) } } : {}),
  }
}

/**
 * Starts this thread (a worker) from another thread's dictionaries ({@link shareLexicons}):
 * those it has not loaded itself are used as they are, read-only in shared memory. @internal
 */
export function adoptLexicons(shared: SharedLexicons): void {
  if (shared.jieba && jiebaDictionary === undefined) jiebaDictionary = JiebaDictionary.fromShared(shared.jieba)
  if (shared.domain && domainLexicon === undefined) {
    const lexicon: Lexicon = { dictionary: JiebaDictionary.fromShared(shared.domain.dictionary), ownsDictionary: false, forced: createPhraseMatcher(), phrases: createPhraseMatcher() }
    for (const entry of shared.domain.forced) lexicon.forced.add(entry)
    for (const entry of shared.domain.phrases) lexicon.phrases.add(entry)
    domainLexicon = lexicon
  }
}

function loadHmm(): JiebaHmm {
  hmmModel ??= initOrThrow('jieba’s HMM model', () => JiebaHmm.load(join(findPackageRoot(), JIEBA_DICTIONARY_DIR, 'hmm_model.utf8')))
  return hmmModel
}

function initOrThrow<T>(what: string, load: () => T): T {
  try {
    return load()
  } catch (error) {
    throw new MatchError('TOKENIZER_INIT', `cannot load ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}

function createLexicon(from?: Lexicon): Lexicon {
  const lexicon: Lexicon = {
    dictionary: from?.dictionary ?? loadJiebaDictionary(),
    ownsDictionary: false,
    forced: createPhraseMatcher(),
    phrases: createPhraseMatcher(),
  }
  if (from !== undefined) {
    from.forced.forEachEntry((entry) => lexicon.forced.add(entry))
    from.phrases.forEachEntry((entry) => lexicon.phrases.add(entry))
  }
  return lexicon
}

/**
 * Adds clean (normalized) words to a lexicon.
 *
 * All-CJK words that jieba already keeps whole are left alone: re-inserting them would lower
 * a frequent word to the median weight (`中药` then comes out `中/药`). Later insertions do
 * not break them: a cut through an inserted word scores log(3/S) (median frequency 3 in
 * jieba.dict.utf8) plus at least one more log-probability, below the log(2/S) of jieba's
 * rarest word (frequency 2).
 */
function addToLexicon(lexicon: Lexicon, words: readonly string[]): void {
  const inserted: string[] = []
  for (const word of words) {
    if (isAllCjk(word)) {
      if (lexicon.dictionary.cutsWhole(word, 0, word.length)) continue
      if (!lexicon.ownsDictionary) {
        lexicon.dictionary = lexicon.dictionary.clone()
        lexicon.ownsDictionary = true
      }
      lexicon.dictionary.insert(word)
      inserted.push(word)
    } else if (!isPlainTerm(word)) {
      lexicon.phrases.add(word)
    }
  }
  // An inserted word can only lose to a cut made of jieba's default words (every other path
  // contains a median-weight word plus more), so checking after the batch is as good as during.
  for (const word of inserted) {
    if (!lexicon.dictionary.cutsWhole(word, 0, word.length)) lexicon.forced.add(word)
  }
}

function getDomainLexicon(): Lexicon {
  if (domainLexicon === undefined) {
    const words = initOrThrow('the domain dictionary', loadDomainDictionary)
    const lexicon = createLexicon()
    addToLexicon(lexicon, words)
    domainLexicon = lexicon
  }
  return domainLexicon
}

/**
 * Creates a tokenizer that segments CJK runs with jieba and keeps alphanumeric terms whole.
 *
 * Text is scanned once: CJK runs are segmented as jieba does, alphanumeric terms stay whole
 * (`5g`, `pm2.5`, `yolov5`, `1-mcp`, `co2`, `2.5`), and dictionary words that mix scripts
 * (`304不锈钢`) are matched first, longest first. Punctuation and whitespace produce no token.
 * Every token satisfies `text.slice(start, end) === text`. The tokenizer does not normalize:
 * give it normalized text (the analyzer does).
 *
 * A dictionary word comes out whole by the cheapest means that works: nothing when jieba's own
 * dictionary has it; insertion at the median weight (as nodejieba's `insertWord`) for CJK
 * words; when median weight still loses, the word is imposed on jieba's cut, but only where
 * that leaves no single character stranded from a longer jieba word (`热原` is kept in
 * `测热原`, not in `加热原料` → `加热/原料`).
 *
 * @remarks
 * Each tokenizer owns its words: tokenizers with and without the domain dictionary, or with
 * different user words, work side by side in one process. Tokenizers that add no words share
 * one copy of the dictionary (about 30 MB); adding words makes the tokenizer its own copy.
 *
 * @param options The options. Defaults to {@link DEFAULT_JIEBA_OPTIONS}.
 *
 * @returns The tokenizer, its dictionary loaded.
 *
 * @throws MatchError `INVALID_OPTION` for a bad option; `TOKENIZER_INIT` when jieba's files or
 * the domain dictionary cannot be loaded.
 *
 * @example
 * const tokenizer = createJiebaTokenizer()
 * tokenizer.tokenize('石墨烯改性304不锈钢').map((t) => t.text) // => ['石墨烯', '改性', '304不锈钢']
 */
export function createJiebaTokenizer(options: JiebaTokenizerOptions = {}): JiebaTokenizer {
  if (typeof options !== 'object' || options === null) invalidOption('options', options, 'must be an object')
  const domainDictionary = options.domainDictionary ?? DEFAULT_JIEBA_OPTIONS.domainDictionary
  const hmm = options.hmm ?? DEFAULT_JIEBA_OPTIONS.hmm
  if (typeof domainDictionary !== 'boolean') invalidOption('domainDictionary', domainDictionary, 'must be a boolean')
  if (typeof hmm !== 'boolean') invalidOption('hmm', hmm, 'must be a boolean')
  if (options.words !== undefined && !isStringArray(options.words)) invalidOption('words', options.words, 'must be an array of strings')
  const searchMode = options.searchMode ?? DEFAULT_JIEBA_OPTIONS.searchMode
  if (typeof searchMode !== 'boolean') invalidOption('searchMode', searchMode, 'must be a boolean')

  const lexicon = createLexicon(domainDictionary ? getDomainLexicon() : undefined)
  addToLexicon(lexicon, cleanWords(options.words ?? []))
  const model = hmm ? loadHmm() : undefined
  const segment: Segmenter =
    model === undefined
      ? (text, start, end, piece) => lexicon.dictionary.cut(text, start, end, piece)
      : (text, start, end, piece) => cutMixed(lexicon.dictionary, model, text, start, end, piece)

  // Search mode asks about the same few thousand 2- and 3-character parts over and over.
  const parts = new CutsWholeMemo()
  const forEachToken = (text: string, emit: TokenEmitter): void => {
    if (!searchMode) {
      cutText(segment, lexicon, text, emit)
      return
    }
    const dictionary = lexicon.dictionary
    cutText(segment, lexicon, text, (start, end) => {
      emit(start, end)
      if (end - start < 3 || !isAllCjkIn(text, start, end)) return
      // Parts: every 2-character substring, and 3-character ones of words longer than 3, that
      // jieba keeps whole (the word itself excluded).
      const longest = end - start > 3 ? 3 : 2
      for (let i = start; i + 2 <= end; i++) {
        for (let length = 2; length <= longest && i + length <= end; length++) {
          if (i === start && i + length === end) continue
          if (parts.cutsWhole(dictionary, text, i, i + length)) emit(i, i + length)
        }
      }
    })
  }
  return {
    name: `${hmm ? 'jieba+hmm' : 'jieba'}${searchMode ? '+search' : ''}`,
    forEachToken,
    tokenize(text: string): Token[] {
      return collectTokens(text, forEachToken)
    },
    addWords(words: readonly string[]): void {
      if (!isStringArray(words)) invalidOption('words', words, 'must be an array of strings')
      addToLexicon(lexicon, cleanWords(words))
      parts.clear()
    },
  }
}

/**
 * A memo of `dictionary.cutsWhole(text, start, end)` for substrings of two or three code units
 * (no surrogates), keyed by the units: open addressing over typed arrays, so a lookup makes no
 * string. Other substrings go to the dictionary. Valid for one dictionary as it is: the memo
 * starts over when given another, and must be cleared when words are inserted into it.
 *
 * @internal
 */
export class CutsWholeMemo {
  /** Per slot: the first two units, then the third + 0x10000 (0 for two units). */
  private keys = new Uint32Array(2 * 1024)
  /** Per slot: 0 empty, 1 false, 2 true. */
  private values = new Uint8Array(1024)
  private used = 0
  private dictionary: JiebaDictionary | undefined

  /** @param maxSlots When this many slots would be more than half full, the memo starts over. */
  constructor(private readonly maxSlots = 1 << 16) {}

  /** Forgets every answer (after words were inserted into the dictionary). */
  clear(): void {
    this.values.fill(0)
    this.used = 0
  }

  /** `dictionary.cutsWhole(text, start, end)`, remembered. */
  cutsWhole(dictionary: JiebaDictionary, text: string, start: number, end: number): boolean {
    const length = end - start
    if (length < 2 || length > 3 || start < 0 || end > text.length) return dictionary.cutsWhole(text, start, end)
    const a = text.charCodeAt(start)
    const b = text.charCodeAt(start + 1)
    const c = length === 3 ? text.charCodeAt(start + 2) : 0
    if (isSurrogate(a) || isSurrogate(b) || isSurrogate(c)) return dictionary.cutsWhole(text, start, end)
    if (dictionary !== this.dictionary) {
      this.clear()
      this.dictionary = dictionary
    }
    const high = ((a << 16) | b) >>> 0
    const low = length === 3 ? c + 0x10000 : 0
    const slot = this.find(high, low)
    const known = this.values[slot] as number
    if (known !== 0) return known === 2
    const whole = dictionary.cutsWhole(text, start, end)
    if ((this.used + 1) * 2 > this.values.length) {
      if (this.values.length < this.maxSlots) this.grow()
      else this.clear()
      this.store(this.find(high, low), high, low, whole)
    } else {
      this.store(slot, high, low, whole)
    }
    return whole
  }

  /** The slot holding the key, or the empty slot where it belongs. */
  private find(high: number, low: number): number {
    const values = this.values
    const keys = this.keys
    const mask = values.length - 1
    let s = (Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> 7) & mask
    while (values[s] !== 0 && (keys[2 * s] !== high || keys[2 * s + 1] !== low)) s = (s + 1) & mask
    return s
  }

  private store(slot: number, high: number, low: number, whole: boolean): void {
    this.keys[2 * slot] = high
    this.keys[2 * slot + 1] = low
    this.values[slot] = whole ? 2 : 1
    this.used++
  }

  private grow(): void {
    const { keys, values } = this
    this.keys = new Uint32Array(keys.length * 2)
    this.values = new Uint8Array(values.length * 2)
    this.used = 0
    for (let s = 0; s < values.length; s++) {
      if (values[s] === 0) continue
      const high = keys[2 * s] as number
      const low = keys[2 * s + 1] as number
      this.store(this.find(high, low), high, low, values[s] === 2)
    }
  }
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** Cuts `text.slice(start, end)`, one CJK run, calling `piece` for each word in order. @internal */
export type Segmenter = (text: string, start: number, end: number, piece: (from: number, to: number) => void) => void

/** Scans `text`, segments its CJK runs, and emits the tokens in order. */
function cutText(segment: Segmenter, lexicon: Lexicon, text: string, emit: TokenEmitter): void {
  const forced = lexicon.forced
  const useForced = forced.size > 0
  scan(
    text,
    {
      cjk(start, end) {
        // Where no forced word occurs, imposing them would emit jieba's cut unchanged.
        if (!useForced || !forced.occursIn(text, start, end)) {
          segment(text, start, end, emit)
          return
        }
        const bounds = [start]
        segment(text, start, end, (_from, to) => bounds.push(to))
        imposeForced(segment, forced, text, bounds, emit)
      },
      term: emit,
    },
    lexicon.phrases,
  )
}

/**
 * Emits one CJK run cut by jieba (`bounds`: its piece boundaries, first = run start, last = run
 * end), imposing the forced words on it, leftmost then longest first.
 *
 * A forced occurrence is taken unless it lies inside a single jieba piece, or strands fewer
 * than two characters of a piece it cuts into (`生物质` in `生物/质量`: `量` would be left
 * alone). The parts of pieces it cuts off are cut again by jieba.
 *
 * @internal
 */
export function imposeForced(segment: Segmenter, forced: PhraseMatcher, text: string, bounds: readonly number[], emit: TokenEmitter): void {
  const runEnd = bounds[bounds.length - 1] as number
  let emitted = bounds[0] as number // everything before has been emitted
  let piece = 0 // index of the piece containing p: bounds[piece] <= p < bounds[piece + 1]

  // Emits [from, to): whole pieces as they are, parts of pieces cut again.
  const emitRegion = (from: number, to: number): void => {
    let k = 0
    while ((bounds[k + 1] as number) <= from) k++
    let p = from
    while (p < to) {
      const pieceStart = bounds[k] as number
      const pieceEnd = bounds[k + 1] as number
      const stop = Math.min(pieceEnd, to)
      if (pieceStart === p && pieceEnd <= to) {
        emit(p, pieceEnd)
      } else {
        segment(text, p, stop, emit)
      }
      p = stop
      k++
    }
  }

  for (let p = bounds[0] as number; p < runEnd; p++) {
    while ((bounds[piece + 1] as number) <= p) piece++
    if (p < emitted || !forced.startsWith(text.charCodeAt(p))) continue
    const startPiece = piece
    let taken = 0
    forced.forEachMatch(text, p, runEnd, (length) => {
      const end = p + length
      let endPiece = startPiece
      while ((bounds[endPiece + 1] as number) < end) endPiece++
      const headStart = Math.max(bounds[startPiece] as number, emitted)
      const tailEnd = bounds[endPiece + 1] as number
      const startsAligned = headStart === p
      const endsAligned = tailEnd === end
      if (startPiece === endPiece && !(startsAligned && endsAligned)) return false
      if (!startsAligned && codePointCount(text, headStart, p) < 2) return false
      if (!endsAligned && codePointCount(text, end, tailEnd) < 2) return false
      taken = length
      return true
    })
    if (taken > 0) {
      emitRegion(emitted, p)
      emit(p, p + taken)
      emitted = p + taken
    }
  }
  emitRegion(emitted, runEnd)
}

function codePointCount(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0xdc00 || unit > 0xdfff) count++
  }
  return count
}
