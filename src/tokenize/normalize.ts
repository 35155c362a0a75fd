/**
 * Text normalization: the first step of every analyzer, applied to documents and queries alike
 * so that `ＣＯ₂`, `CO2` and `co2` become the same term.
 */

// Lone surrogates (\p{Cs} only matches unpaired halves under the `u` flag), control characters
// other than whitespace, and format characters (\p{Cf}: zero-width space/joiners, BOM, soft
// hyphen, bidi marks). They carry no text and would split terms: `石墨\u200B烯`.
const INVISIBLE = /[\p{Cs}\p{Cf}]|(?![\t\n\v\f\r\x85])\p{Cc}/gu
// The whitespace that survives: NFKC already maps U+3000 and U+00A0 to ' '. U+0085 (NEL) is a
// control character that String.prototype.trim and \s treat as a line break.
const WHITESPACE_RUN = /[\s\x85]+/g

/**
 * Normalizes text for analysis: NFKC, lower case, invisible characters removed, whitespace
 * collapsed.
 *
 * Steps, in order: remove lone surrogates, control characters (except whitespace) and
 * zero-width/format characters; NFKC (full-width → half-width, `CO₂` → `CO2`, `①` → `1`,
 * `㎡` → `m2`, compatibility ideographs → unified ones); lower case (all scripts, not only Latin);
 * every whitespace run → one space; trim.
 *
 * Idempotent: `normalize(normalize(x)) === normalize(x)`. Never throws, for any string.
 * Offsets of tokens refer to the normalized text, never to the input.
 *
 * @remarks
 * Text made only of characters that normalize on their own, one by one (ideographs, ASCII,
 * full-width forms, CJK punctuation, whitespace, invisible characters), takes a single pass
 * over a per-character table instead of the steps above, and comes back as the same string
 * when nothing changes. The table is derived from the steps themselves; the last few results
 * are remembered, since an index build normalizes each field once per analyzer.
 *
 * @param text The raw text; any string, including lone surrogates.
 *
 * @returns The normalized text (possibly empty).
 *
 * @example
 * normalize('ＣＯ₂  捕集\u200B技术') // => 'co2 捕集技术'
 */
export function normalize(text: string): string {
  for (let k = 0; k < MEMO_SIZE; k++) if (memoIn[k] === text) return memoOut[k] as string
  const out = normalizeByTable(text) ?? normalizeFully(text)
  memoIn[memoNext] = text
  memoOut[memoNext] = out
  memoNext = (memoNext + 1) % MEMO_SIZE
  return out
}

// The last inputs and outputs: an index build normalizes a record's fields for the word channel,
// then the same strings for the character channel.
const MEMO_SIZE = 8
const memoIn: (string | undefined)[] = new Array<string | undefined>(MEMO_SIZE).fill(undefined)
const memoOut: (string | undefined)[] = new Array<string | undefined>(MEMO_SIZE).fill(undefined)
let memoNext = 0

/** The full pipeline, step by step: what the table-driven path must agree with. @internal */
export function normalizeFully(text: string): string {
  return normalizeChars(text).replace(WHITESPACE_RUN, ' ').trim()
}

/** The steps before whitespace collapsing. */
function normalizeChars(text: string): string {
  let out = text.replace(INVISIBLE, '').normalize('NFKC')
  const lower = out.toLowerCase()
  // Lower-casing can leave a string that is not NFKC (e.g. 'İ' → 'i̇'); normalize once more.
  if (lower !== out) out = lower.normalize('NFKC')
  return out
}

/** How the table-driven path treats a UTF-16 code unit. */
const enum Unit {
  /** Anything else: the text takes the full pipeline. */
  Other = 0,
  /** Unchanged, and never composes with a neighbour. */
  Keep = 1,
  /** Becomes the single code unit `MAPPED[c]` (a Keep unit). */
  Map = 2,
  /** Becomes the string `EXPANDED[c]` of Keep units (`℃` → `°c`). */
  Expand = 3,
  /** Whitespace: runs become one space, none at the ends. */
  Space = 4,
  /** Invisible: removed. */
  Drop = 5,
}

/**
 * The code units the table describes; all others are Other. Latin, Greek and Cyrillic; general
 * punctuation, letterlike symbols, number forms; CJK symbols, kana and compatibility forms;
 * compatibility ideographs; CJK compatibility and small forms, full- and half-width forms. The
 * ideographs (U+3400–U+4DBF, U+4E00–U+9FFF) are Keep without computing: the tests check them.
 */
const DERIVED_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x052f],
  [0x2000, 0x2bff],
  [0x3000, 0x33ff],
  [0xf900, 0xfaff],
  [0xfe30, 0xffef],
]

// Built on first use (about 15 ms), not at import: nothing runs when the package is imported.
let UNITS = new Uint8Array(0)
let MAPPED = new Uint16Array(0)
const EXPANDED: string[] = []

/**
 * Fills the tables from the full pipeline applied to each code unit alone. A unit is Keep, Map
 * or Expand only when neither it nor its result can compose with a neighbour or be reordered
 * (no combining marks, no Hangul, whose jamo NFC composes; no capital sigma, whose lower case
 * depends on what follows), so that the pipeline on a string of such units is the pipeline on
 * each unit, then whitespace handling.
 */
function buildTables(): void {
  UNITS = new Uint8Array(0x10000)
  MAPPED = new Uint16Array(0x10000)
  const invisible = /^(?:[\p{Cs}\p{Cf}]|(?![\t\n\v\f\r\x85])\p{Cc})$/u
  const space = /^[\s\x85]+$/
  const joining = /[\p{M}\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\u03a3]/u
  const standsAlone = (s: string): boolean => !joining.test(s.normalize('NFKD'))
  UNITS.fill(Unit.Keep, 0x3400, 0x4dc0)
  UNITS.fill(Unit.Keep, 0x4e00, 0xa000)
  const results: string[] = []
  for (const [from, to] of DERIVED_RANGES) {
    for (let c = from; c <= to; c++) {
      const s = String.fromCharCode(c)
      if (invisible.test(s)) {
        UNITS[c] = Unit.Drop
        continue
      }
      const m = normalizeChars(s)
      if (space.test(m)) {
        UNITS[c] = Unit.Space
      } else if (m.length > 0 && standsAlone(s) && standsAlone(m) && normalizeChars(m) === m && !/[\s\x85]/.test(m)) {
        UNITS[c] = m === s ? Unit.Keep : m.length === 1 ? Unit.Map : Unit.Expand
        results[c] = m
      }
    }
  }
  // What a unit becomes must be made of Keep units, else the text takes the full path.
  results.forEach((m, c) => {
    if (UNITS[c] === Unit.Keep) return
    let keep = true
    for (let i = 0; i < m.length; i++) if (UNITS[m.charCodeAt(i)] !== Unit.Keep) keep = false
    if (!keep) UNITS[c] = Unit.Other
    else if (UNITS[c] === Unit.Map) MAPPED[c] = m.charCodeAt(0)
    else EXPANDED[c] = m
  })
}

// Output buffer of the table-driven path, grown as needed.
let buffer = new Uint16Array(1024)

/**
 * The table-driven path: the normalized text, or undefined when some unit is not in the table.
 * @internal
 */
export function normalizeByTable(text: string): string | undefined {
  if (UNITS.length === 0) buildTables()
  const n = text.length
  // First pass: is the text already normal? Keep units, single spaces between them.
  let i = 0
  let afterSpace = true // a space here would be leading or doubled
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (UNITS[c] === Unit.Keep) afterSpace = false
    else if (c === 0x20 && !afterSpace) afterSpace = true
    else break
  }
  if (i === n && (!afterSpace || n === 0)) return text

  if (buffer.length < 3 * n) buffer = new Uint16Array(Math.max(3 * n, buffer.length * 2))
  const out = buffer
  let length = 0
  let pendingSpace = false
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j)
    const unit = UNITS[c]
    if (unit === Unit.Space) {
      pendingSpace = true
      continue
    }
    if (unit === Unit.Drop) continue
    if (unit === Unit.Other) return undefined
    if (pendingSpace) {
      if (length > 0) out[length++] = 0x20
      pendingSpace = false
    }
    if (unit === Unit.Keep) out[length++] = c
    else if (unit === Unit.Map) out[length++] = MAPPED[c] as number
    else {
      const m = EXPANDED[c] as string
      for (let k = 0; k < m.length; k++) out[length++] = m.charCodeAt(k)
    }
  }
  return fromCodes(out, length)
}

/** The string of the first `length` code units of `codes`. */
function fromCodes(codes: Uint16Array, length: number): string {
  const CHUNK = 4096 // arguments per apply, well below any engine's limit
  if (length <= CHUNK) return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[])
  let out = ''
  for (let i = 0; i < length; i += CHUNK) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[])
  return out
}
