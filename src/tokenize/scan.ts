/**
 * The scanner shared by the jieba and n-gram tokenizers: it walks text once and splits it into
 * CJK runs (handed to a segmenter) and alphanumeric terms (kept whole, as users search them:
 * `5g`, `pm2.5`, `yolov5`, `1-mcp`). Everything else (punctuation, whitespace, emoji) is skipped.
 * Dictionary entries that mix scripts or contain punctuation (`304不锈钢`, `c++`) are matched
 * here, longest first, before the split.
 *
 * @internal
 */
import type { Token, Tokenizer } from './tokenizer.js'

/** What kind of character a code point is for scanning. */
const enum CharClass {
  /** Skipped: punctuation, symbols, whitespace, emoji, lone surrogates. */
  Other = 0,
  /** Han ideographs, kana, hangul: segmented by the tokenizer. */
  Cjk = 1,
  /** Letters and digits of the other scripts, including full-width ones. */
  Alnum = 2,
  /** Combining marks: continue an alphanumeric term. */
  Mark = 3,
  /** `-` and `.`: kept inside a term (`1-mcp`, `2.5`), never at its edges. */
  Joiner = 4,
}

const ASCII_CLASS = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const isAlnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  ASCII_CLASS[c] = isAlnum ? CharClass.Alnum : c === 0x2d || c === 0x2e ? CharClass.Joiner : CharClass.Other
}

// Sticky, so testing at an offset allocates nothing. Used only outside the ranges decided below.
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy
const MARK = /\p{M}/uy
const HAN = /\p{Script=Han}/uy

/** The class of the code point `cp` found at `text[index]`. */
function classify(text: string, index: number, cp: number): CharClass {
  if (cp < 0x80) return ASCII_CLASS[cp] as CharClass
  // CJK Unified Ideographs, Extension A, compatibility ideographs, and the astral extensions.
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff)) return CharClass.Cjk
  if (cp >= 0x20000 && cp <= 0x3ffff) return CharClass.Cjk
  // Kana, hangul, and CJK symbols that are letters (々 〆 〇 〡…〩).
  if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f)) return CharClass.Cjk
  if (cp >= 0x3000 && cp <= 0x303f) return (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3021 && cp <= 0x3029) ? CharClass.Cjk : CharClass.Other
  if (cp >= 0xd800 && cp <= 0xdfff) return CharClass.Other // lone surrogate
  if (cp >= 0xff66 && cp <= 0xff9f) return CharClass.Cjk // half-width katakana
  if (cp >= 0x2000 && cp <= 0x2bff) return CharClass.Other // general punctuation, symbols, arrows
  LETTER_OR_DIGIT.lastIndex = index
  if (LETTER_OR_DIGIT.test(text)) {
    HAN.lastIndex = index
    return HAN.test(text) ? CharClass.Cjk : CharClass.Alnum
  }
  MARK.lastIndex = index
  return MARK.test(text) ? CharClass.Mark : CharClass.Other
}

/** The UTF-16 length of the code point `cp`. */
function width(cp: number): number {
  return cp > 0xffff ? 2 : 1
}

/**
 * Dictionary entries matched before the split, longest first. Holds entries a plain scan would
 * cut apart: mixed scripts (`304不锈钢`, `维生素b12`), punctuation (`c++`), spaces.
 */
export interface PhraseMatcher {
  /**
   * The length of the longest entry that starts at `index` and does not end inside a term
   * (an entry ending in a letter or digit must not be followed by one: `尼龙66` in `尼龙660`), or 0.
   */
  matchAt(text: string, index: number): number
  /**
   * Calls `visit` with the length of each entry found at `index` and ending by `limit`, longest
   * first, until `visit` returns true.
   */
  forEachMatch(text: string, index: number, limit: number, visit: (length: number) => boolean): void
  /** Whether any entry starts with the code unit `charCode` (a cheap pre-check). */
  startsWith(charCode: number): boolean
  /**
   * The same as a bit set, small enough to stay in the first-level cache: bit `c & 31` of
   * `firstBits[c >>> 5]` is set when some entry starts with code unit c. The matcher's own; do
   * not change it.
   */
  readonly firstBits: Int32Array
  /** Whether some entry occurs inside `text.slice(start, end)`: whether {@link forEachMatch} would find one at some index. */
  occursIn(text: string, start: number, end: number): boolean
  /** Adds an entry (already normalized). */
  add(entry: string): void
  /** Whether `entry` is one of the entries. */
  has(entry: string): boolean
  /** Calls `visit` with every entry. */
  forEachEntry(visit: (entry: string) => void): void
  /** The number of entries. */
  readonly size: number
}

/** Creates an empty {@link PhraseMatcher}. */
export function createPhraseMatcher(): PhraseMatcher {
  // First code unit → entries, longest first. Few entries start with the same character.
  const byFirst = new Map<number, string[]>()
  // The same first code units as a flag table: the per-character pre-check costs one load.
  const isFirst = new Uint8Array(0x10000)
  const firstBits = new Int32Array(0x10000 >>> 5)
  let size = 0
  return {
    matchAt(text, index) {
      const candidates = byFirst.get(text.charCodeAt(index))
      if (candidates === undefined) return 0
      for (const entry of candidates) {
        if (!text.startsWith(entry, index)) continue
        const end = index + entry.length
        if (end < text.length && isTermChar(text, end - 1) && isTermChar(text, end)) continue
        return entry.length
      }
      return 0
    },
    forEachMatch(text, index, limit, visit) {
      const candidates = byFirst.get(text.charCodeAt(index))
      if (candidates === undefined) return
      for (const entry of candidates) {
        if (index + entry.length <= limit && text.startsWith(entry, index) && visit(entry.length)) return
      }
    },
    startsWith(charCode) {
      return isFirst[charCode] === 1
    },
    firstBits,
    occursIn(text, start, end) {
      for (let i = start; i < end; i++) {
        const unit = text.charCodeAt(i)
        if (((firstBits[unit >>> 5] as number) & (1 << (unit & 31))) === 0) continue
        for (const entry of byFirst.get(unit) as string[]) {
          if (i + entry.length <= end && text.startsWith(entry, i)) return true
        }
      }
      return false
    },
    add(entry) {
      if (entry.length === 0) return
      const key = entry.charCodeAt(0)
      const list = byFirst.get(key)
      if (list === undefined) {
        byFirst.set(key, [entry])
        isFirst[key] = 1
        firstBits[key >>> 5]! |= 1 << (key & 31)
      } else if (!list.includes(entry)) {
        list.push(entry)
        list.sort((a, b) => b.length - a.length)
      } else {
        return
      }
      size++
    },
    has(entry) {
      return byFirst.get(entry.charCodeAt(0))?.includes(entry) ?? false
    },
    forEachEntry(visit) {
      for (const list of byFirst.values()) for (const entry of list) visit(entry)
    },
    get size() {
      return size
    },
  }
}

/** Whether the code point at `index` (or the one whose low surrogate is there) is a letter, digit or mark. */
function isTermChar(text: string, index: number): boolean {
  let i = index
  const unit = text.charCodeAt(i)
  if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
    const high = text.charCodeAt(i - 1)
    if (high >= 0xd800 && high <= 0xdbff) i--
  }
  const cls = classify(text, i, text.codePointAt(i) ?? 0)
  return cls === CharClass.Alnum || cls === CharClass.Mark
}

/** Receives the segments of a scan, in text order. Offsets are UTF-16, end exclusive. */
export interface SegmentSink {
  /** A run of CJK characters, to be segmented further. */
  cjk(start: number, end: number): void
  /** A token to keep whole: an alphanumeric term or a phrase-matcher entry. */
  term(start: number, end: number): void
}

/**
 * Scans `text` into CJK runs and whole terms, calling `sink` for each, in order.
 *
 * An alphanumeric term is a maximal run of letters, digits and combining marks, with `-` or `.`
 * kept when a letter or digit follows (`pm2.5`, `1-mcp`, `ti-6al-4v`; not the `.` of `5g.`).
 * When `phrases` is given, its entries are tried, longest first, wherever a term or a CJK
 * character starts; a match becomes one term.
 *
 * @param text The text, normalized or not (offsets refer to it as given).
 * @param sink The receiver of the segments.
 * @param phrases Entries to keep whole across script boundaries.
 */
export function scan(text: string, sink: SegmentSink, phrases?: PhraseMatcher): void {
  const usePhrases = phrases !== undefined && phrases.size > 0
  // Phrase starts as a bit set: one load per character, no call.
  const firstBits = usePhrases ? phrases.firstBits : NO_FIRST_BITS
  const n = text.length
  let i = 0
  let runStart = -1 // start of the CJK run in progress, or -1
  // The loop visits the start of every term and every character outside terms, never the
  // inside of a term: a phrase therefore never starts mid-term (`a304不锈钢` keeps `a304`).
  while (i < n) {
    const unit = text.charCodeAt(i)
    if (usePhrases && ((firstBits[unit >>> 5] as number) & (1 << (unit & 31))) !== 0) {
      const length = (phrases as PhraseMatcher).matchAt(text, i)
      if (length > 0) {
        if (runStart >= 0) {
          sink.cjk(runStart, i)
          runStart = -1
        }
        sink.term(i, i + length)
        i += length
        continue
      }
    }
    // Most characters are BMP ideographs: CJK, one code unit (what classify says, without it).
    if (unit >= 0x4e00 && unit <= 0x9fff) {
      if (runStart < 0) runStart = i
      i++
      continue
    }
    const cp = text.codePointAt(i) as number
    const cls = classify(text, i, cp)
    if (cls === CharClass.Cjk) {
      if (runStart < 0) runStart = i
      i += width(cp)
      continue
    }
    if (runStart >= 0) {
      sink.cjk(runStart, i)
      runStart = -1
    }
    if (cls === CharClass.Alnum) {
      const end = termEnd(text, i + width(cp))
      sink.term(i, end)
      i = end
      continue
    }
    // Marks that follow no letter, joiners outside terms, and everything else: skipped.
    i += width(cp)
  }
  if (runStart >= 0) sink.cjk(runStart, n)
}

/** The phrase-start bits of a scan without phrases. */
const NO_FIRST_BITS = new Int32Array(0x10000 >>> 5)

/** The end of the alphanumeric term whose second code point is at `from`. */
function termEnd(text: string, from: number): number {
  const n = text.length
  let i = from
  while (i < n) {
    const cp = text.codePointAt(i) as number
    const cls = classify(text, i, cp)
    if (cls === CharClass.Alnum || cls === CharClass.Mark) {
      i += width(cp)
    } else if (cls === CharClass.Joiner && i + 1 < n) {
      const next = text.codePointAt(i + 1) as number
      if (classify(text, i + 1, next) !== CharClass.Alnum) break
      i += 1 + width(next)
    } else {
      break
    }
  }
  return i
}

/**
 * Whether `word` scans as exactly one alphanumeric term covering all of it, so that it needs no
 * phrase entry (`5g`, `pm2.5` do; `304不锈钢`, `c++` do not).
 */
export function isPlainTerm(word: string): boolean {
  let count = 0
  let whole = false
  scan(word, {
    cjk() {
      count++
    },
    term(start, end) {
      count++
      whole = start === 0 && end === word.length
    },
  })
  return count === 1 && whole
}

/** Whether every code point of `word` is a CJK character (what jieba segments). */
export function isAllCjk(word: string): boolean {
  return isAllCjkIn(word, 0, word.length)
}

/**
 * Whether `text.slice(start, end)` is non-empty and every code point of it is a CJK character,
 * without making the slice: `isAllCjkIn(text, start, end) === isAllCjk(text.slice(start, end))`.
 */
export function isAllCjkIn(text: string, start: number, end: number): boolean {
  if (end <= start) return false
  for (let i = start; i < end; ) {
    const unit = text.charCodeAt(i)
    // The common case, an ideograph of the BMP, needs no code point or class lookup.
    if (unit >= 0x4e00 && unit <= 0x9fff) {
      i++
      continue
    }
    let cp = text.codePointAt(i) as number
    // A pair cut in two by `end` is a lone surrogate in the slice.
    if (cp > 0xffff && i + 1 >= end) cp = unit
    if (classify(text, i, cp) !== CharClass.Cjk) return false
    i += width(cp)
  }
  return true
}

/** Receives one token's offsets: UTF-16, end exclusive. */
export type TokenEmitter = (start: number, end: number) => void

/**
 * A tokenizer that can report its tokens as offsets, without building {@link Token} objects:
 * the analyzer's fast path.
 *
 * @internal
 */
export interface OffsetTokenizer extends Tokenizer {
  /** Calls `emit` for each token of `text`, in order; the same tokens as `tokenize`. */
  forEachToken(text: string, emit: TokenEmitter): void
}

/** Whether `tokenizer` has the {@link OffsetTokenizer} fast path. @internal */
export function isOffsetTokenizer(tokenizer: Tokenizer): tokenizer is OffsetTokenizer {
  return typeof (tokenizer as Partial<OffsetTokenizer>).forEachToken === 'function'
}

/** Builds the {@link Token} list of `text` from an offset-emitting function. @internal */
export function collectTokens(text: string, forEachToken: (text: string, emit: TokenEmitter) => void): Token[] {
  const tokens: Token[] = []
  forEachToken(text, (start, end) => {
    tokens.push({ text: text.slice(start, end), start, end, position: tokens.length })
  })
  return tokens
}
