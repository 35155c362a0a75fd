/**
 * The jieba tokenizer: CJK runs segmented by nodejieba (cppjieba), alphanumeric terms kept
 * whole by the shared scanner. The only module that imports `nodejieba`.
 *
 * How nodejieba 3.x holds its dictionary, read from its source (lib/nodejieba.cpp,
 * cppjieba/DictTrie.hpp) and checked by tests:
 * - One dictionary per process (per addon instance, i.e. per worker thread), shared by every
 *   caller of the module. `load()` builds it from files (about 2 s: the main dictionary is
 *   read twice, once for the keyword extractor) and may be called again: each call throws the
 *   old one away, with every word added since.
 * - `insertWord(word, tag?)` adds a word with the dictionary's median weight; there is no
 *   frequency argument and no way to remove a word. Median weight is not always enough:
 *   `大数据` stays `大/数据` because both halves are frequent.
 * - `cut(text, hmm)` splits Latin letters and digits into single characters (`5G` → `5`,`G`)
 *   and takes `\n`, space, `，` and `。` as hard separators.
 * - A file missing from `load()` aborts the process (cppjieba's XCHECK), so only the default
 *   files are ever given to it.
 */
import { createRequire } from 'node:module'

import { MatchError, invalidOption, invariant } from '../errors.js'
import { cleanWords, type DictionaryTokenizer } from './dictionary.js'
import { loadDomainDictionary } from './domain-dictionary.js'
import {
  collectTokens,
  createPhraseMatcher,
  isAllCjk,
  isPlainTerm,
  scan,
  type OffsetTokenizer,
  type PhraseMatcher,
  type TokenEmitter,
} from './scan.js'
import type { Token } from './tokenizer.js'

type NodeJieba = typeof import('nodejieba')

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

/**
 * The words one tokenizer wants jieba to keep whole, split by how they are enforced.
 */
interface Lexicon {
  /** All-CJK words inserted into nodejieba's dictionary while this lexicon is active. */
  readonly native: Set<string>
  /** All-CJK words jieba still splits after insertion: imposed on its cut afterwards. */
  readonly forced: PhraseMatcher
  /** Words the scanner keeps whole: mixed scripts, punctuation, spaces (`304不锈钢`). */
  readonly phrases: PhraseMatcher
}

/** What nodejieba's process-wide dictionary holds beyond its default files. */
const processState: { binding: NodeJieba | undefined; owner: Lexicon | undefined; words: Set<string> } = {
  binding: undefined,
  owner: undefined,
  words: new Set(),
}

/** The domain lexicon, built once per process; tokenizers start from a copy. */
let domainLexicon: Lexicon | undefined

/** Loads nodejieba and its default dictionary, once per process. */
function loadBinding(): NodeJieba {
  if (processState.binding !== undefined) return processState.binding
  let jieba: NodeJieba
  try {
    // Loaded on first use, not on import: the native addon and its 2 s dictionary load.
    jieba = createRequire(import.meta.url)('nodejieba') as NodeJieba
    jieba.load()
  } catch (error) {
    throw new MatchError('TOKENIZER_INIT', `cannot load nodejieba: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
  processState.binding = jieba
  processState.words = new Set()
  return jieba
}

/**
 * Makes nodejieba's dictionary hold exactly jieba's default words plus `lexicon.native`.
 *
 * Free when `lexicon` is already active; cheap (insertions only) when the dictionary holds a
 * subset of its words; otherwise a reload (about 2 s), because nodejieba cannot remove words.
 */
function activate(lexicon: Lexicon): NodeJieba {
  const jieba = loadBinding()
  if (processState.owner === lexicon) return jieba
  let isSubset = processState.words.size <= lexicon.native.size
  if (isSubset) {
    for (const word of processState.words) {
      if (!lexicon.native.has(word)) {
        isSubset = false
        break
      }
    }
  }
  if (!isSubset) {
    jieba.load()
    processState.words = new Set()
  }
  for (const word of lexicon.native) {
    if (!processState.words.has(word)) {
      jieba.insertWord(word)
      processState.words.add(word)
    }
  }
  processState.owner = lexicon
  return jieba
}

function createLexicon(from?: Lexicon): Lexicon {
  const lexicon: Lexicon = {
    native: new Set(from?.native),
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
 * Adds clean (normalized) words to a lexicon and to the active dictionary.
 *
 * All-CJK words that jieba already keeps whole are left alone: re-inserting them would lower
 * a frequent word to the median weight (`中药` then comes out `中/药`). Later insertions do
 * not break them: a cut through an inserted word scores log(3/S) (median frequency 3 in
 * jieba.dict.utf8) plus at least one more log-probability, below the log(2/S) of jieba's
 * rarest word (frequency 2).
 */
function addToLexicon(lexicon: Lexicon, words: readonly string[]): void {
  const jieba = activate(lexicon)
  const inserted: string[] = []
  for (const word of words) {
    if (isAllCjk(word)) {
      if (lexicon.native.has(word)) continue
      // The dictionary holds exactly the defaults plus lexicon.native, so a whole cut of a word
      // not in lexicon.native means jieba's own dictionary has it (or it is one character).
      if (jieba.cut(word, false).length === 1) continue
      insertNative(jieba, lexicon, word)
      inserted.push(word)
    } else if (!isPlainTerm(word)) {
      lexicon.phrases.add(word)
    }
  }
  // An inserted word can only lose to a cut made of jieba's default words (every other path
  // contains a median-weight word plus more), so checking after the batch is as good as during.
  for (const word of inserted) {
    if (jieba.cut(word, false).length !== 1) lexicon.forced.add(word)
  }
}

function insertNative(jieba: NodeJieba, lexicon: Lexicon, word: string): void {
  jieba.insertWord(word)
  lexicon.native.add(word)
  processState.words.add(word)
}

function getDomainLexicon(): Lexicon {
  if (domainLexicon === undefined) {
    let words: readonly string[]
    try {
      words = loadDomainDictionary()
    } catch (error) {
      throw new MatchError('TOKENIZER_INIT', `cannot read the domain dictionary: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      })
    }
    const lexicon = createLexicon()
    addToLexicon(lexicon, words)
    domainLexicon = lexicon
  }
  return domainLexicon
}

/**
 * Creates a tokenizer that segments CJK runs with jieba and keeps alphanumeric terms whole.
 *
 * Text is scanned once: CJK runs go to jieba (in one native call per text), alphanumeric terms
 * stay whole (`5g`, `pm2.5`, `yolov5`, `1-mcp`, `co2`, `2.5`), and dictionary words that mix
 * scripts (`304不锈钢`) are matched first, longest first. Punctuation and whitespace produce no
 * token. Every token satisfies `text.slice(start, end) === text`. The tokenizer does not
 * normalize: give it normalized text (the analyzer does).
 *
 * A dictionary word comes out whole by the cheapest means that works: nothing when jieba's own
 * dictionary has it; `insertWord` for CJK words; when median weight still loses, the word is
 * imposed on jieba's cut, but only where that leaves no single character stranded from a
 * longer jieba word (`热原` is kept in `测热原`, not in `加热原料` → `加热/原料`).
 *
 * @remarks
 * nodejieba's dictionary is process-wide. Each tokenizer keeps its own word list, and before
 * it cuts it makes the shared dictionary hold exactly jieba's defaults plus its words. Switching
 * to a tokenizer whose words are a superset of what is loaded costs only insertions; any other
 * switch (say, from one with the domain dictionary to one without) reloads jieba, about 2 s.
 * Interleaving calls to differently configured jieba tokenizers is therefore slow but correct.
 * Do not call `nodejieba.load` or `nodejieba.insertWord` yourself in the same process.
 *
 * @param options The options. Defaults to {@link DEFAULT_JIEBA_OPTIONS}.
 *
 * @returns The tokenizer, its dictionary loaded.
 *
 * @throws MatchError `INVALID_OPTION` for a bad option; `TOKENIZER_INIT` when nodejieba or the
 * domain dictionary cannot be loaded.
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
  // Whether a 2- or 3-character string is a dictionary word, under this lexicon; cleared when
  // words are added. Each distinct substring costs one native call, once.
  const isWord = new Map<string, boolean>()

  const forEachToken = (text: string, emit: TokenEmitter): void => {
    const jieba = activate(lexicon)
    if (!searchMode) {
      cutText(jieba, lexicon, hmm, text, emit)
      return
    }
    cutText(jieba, lexicon, hmm, text, (start, end) => {
      emit(start, end)
      if (end - start < 3 || !isAllCjk(text.slice(start, end))) return
      for (let i = start; i + 2 <= end; i++) {
        for (const length of end - start > 3 ? [2, 3] : [2]) {
          if (i + length > end || (i === start && i + length === end)) continue
          const gram = text.slice(i, i + length)
          let known = isWord.get(gram)
          if (known === undefined) {
            known = jieba.cut(gram, false).length === 1
            isWord.set(gram, known)
          }
          if (known) emit(i, i + length)
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
      isWord.clear()
    },
  }
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

// Segment kinds recorded during the scan.
const TERM = 0
const CJK = 1

/** Scans `text`, cuts all its CJK runs with one jieba call, and emits the tokens in order. */
function cutText(jieba: NodeJieba, lexicon: Lexicon, hmm: boolean, text: string, emit: TokenEmitter): void {
  const segments: number[] = [] // kind, start, end triples
  const runs: string[] = []
  scan(
    text,
    {
      cjk(start, end) {
        segments.push(CJK, start, end)
        runs.push(text.slice(start, end))
      },
      term(start, end) {
        segments.push(TERM, start, end)
      },
    },
    lexicon.phrases,
  )
  if (runs.length === 0) {
    for (let s = 0; s < segments.length; s += 3) emit(segments[s + 1] as number, segments[s + 2] as number)
    return
  }
  // `\n` is a hard separator for jieba: it never joins across it and returns it as a word.
  const words = jieba.cut(runs.length === 1 ? (runs[0] as string) : runs.join('\n'), hmm)
  const useForced = lexicon.forced.size > 0
  let w = 0
  let runIndex = 0
  for (let s = 0; s < segments.length; s += 3) {
    const start = segments[s + 1] as number
    const end = segments[s + 2] as number
    if (segments[s] === TERM) {
      emit(start, end)
      continue
    }
    if (runIndex++ > 0) {
      invariant(words[w] === '\n', 'jieba returns the run separator')
      w++
    }
    const bounds = useForced && hasCandidate(lexicon.forced, text, start, end) ? [start] : undefined
    let p = start
    while (p < end) {
      const word = words[w++]
      invariant(word !== undefined && word.length > 0 && text.startsWith(word, p) && p + word.length <= end, 'jieba words cover the run')
      if (bounds === undefined) emit(p, p + word.length)
      else bounds.push(p + word.length)
      p += word.length
    }
    if (bounds !== undefined) imposeForced(jieba, lexicon.forced, hmm, text, bounds, emit)
  }
}

/**
 * Emits one CJK run cut by jieba (`bounds`: its piece boundaries, first = run start, last = run
 * end), imposing the forced words on it, leftmost then longest first.
 *
 * A forced occurrence is taken unless it lies inside a single jieba piece, or strands fewer
 * than two characters of a piece it cuts into (`生物质` in `生物/质量`: `量` would be left
 * alone). The parts of pieces it cuts off are cut again by jieba.
 */
function imposeForced(jieba: NodeJieba, forced: PhraseMatcher, hmm: boolean, text: string, bounds: readonly number[], emit: TokenEmitter): void {
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
        let q = p
        for (const word of jieba.cut(text.slice(p, stop), hmm)) {
          emit(q, q + word.length)
          q += word.length
        }
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

/** Whether some forced word could start in [start, end): the cheap test before imposing. */
function hasCandidate(forced: PhraseMatcher, text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (forced.startsWith(text.charCodeAt(i))) return true
  return false
}

function codePointCount(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0xdc00 || unit > 0xdfff) count++
  }
  return count
}
