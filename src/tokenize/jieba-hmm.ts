/**
 * jieba's hidden Markov model for words the dictionary does not know, in JavaScript: what
 * nodejieba's `cut(text, true)` adds over `cut(text, false)` (cppjieba's HMMModel, HMMSegment
 * and the `hmm = true` path of MixSegment), without the native call.
 *
 * Same results as cppjieba, by the same arithmetic (checked against nodejieba in
 * jieba-hmm.test.ts):
 * - four states B (begins a word), E (ends it), M (inside), S (a word alone), numbered 0–3 as
 *   in the model file; log probabilities are read as written (`atof`), and a character a state
 *   never emitted weighs `MIN_LOG = -3.14e100`, cppjieba's MIN_DOUBLE;
 * - Viterbi in log space: `w[0][y] = start[y] + emit[y](c0)`; for x ≥ 1 each state y starts at
 *   `MIN_LOG` with predecessor E and takes the first predecessor p (in order B, E, M, S) with
 *   `(w[x-1][p] + trans[p][y]) + emit[y](cx)` strictly greater; the last state is E when
 *   `w[E] >= w[S]`, else S; a word ends after every E or S state;
 * - before the Viterbi, a range of single characters is split at ASCII characters: a letter
 *   followed by letters and digits (`abc12`) is one word, a digit followed by digits and dots
 *   (`3.14`) is one word, any other ASCII character is a word alone, and the non-ASCII
 *   stretches between go through the Viterbi.
 *
 * Offsets are UTF-16 units into the caller's text; a surrogate pair is one character (rune),
 * as cppjieba decodes UTF-8 into code points.
 *
 * @see https://github.com/yanyiwu/cppjieba/blob/master/include/cppjieba/HMMSegment.hpp
 */
import { readFileSync } from 'node:fs'

import { DataFormatError } from '../errors.js'
import type { JiebaDictionary } from './jieba-dictionary.js'
import { decodeRunes } from './runes.js'

/** cppjieba's MIN_DOUBLE (DictTrie.hpp): the log probability of what the model never saw. */
const MIN_LOG = -3.14e100

/** The states, in the model file's order (B 0, E 1, M 2, S 3). Odd states (E, S) end a word. */
const E = 1
const S = 3
const STATES = 4

/** The state lines of the model file after the start line: transitions, then emissions. */
const STATE_NAMES = ['B', 'E', 'M', 'S'] as const

export class JiebaHmm {
  /** Log probability of starting in each state. */
  private readonly start: Float64Array
  /** Log probability of each transition, `trans[from * 4 + to]`. */
  private readonly trans: Float64Array
  /**
   * Emission log probabilities by row: `emit[row * 4 + state]`. Row 0 is the character no state
   * emitted (all MIN_LOG); a state that did not emit a known character also holds MIN_LOG.
   */
  private readonly emit: Float64Array
  /** Row of each BMP code point (0 = unknown). */
  private readonly bmpRow: Int32Array
  /** Row of each astral code point that has one. */
  private readonly astralRow: Map<number, number>
  // Scratch for segmentation, grown as needed.
  private runes = new Int32Array(64)
  private units = new Int32Array(65)
  private weight = new Float64Array(64 * STATES)
  private path = new Int8Array(64 * STATES)
  private status = new Int8Array(64)

  private constructor(start: Float64Array, trans: Float64Array, emissions: ReadonlyArray<Map<number, number>>) {
    this.start = start
    this.trans = trans
    this.bmpRow = new Int32Array(0x10000)
    this.astralRow = new Map()
    const rows = new Map<number, number>()
    for (const map of emissions) for (const rune of map.keys()) if (!rows.has(rune)) rows.set(rune, rows.size + 1)
    this.emit = new Float64Array((rows.size + 1) * STATES).fill(MIN_LOG)
    for (const [rune, row] of rows) {
      if (rune < 0x10000) this.bmpRow[rune] = row
      else this.astralRow.set(rune, row)
    }
    emissions.forEach((map, state) => {
      for (const [rune, logProb] of map) this.emit[rows.get(rune)! * STATES + state] = logProb
    })
  }

  /**
   * Parses jieba's HMM model (hmm_model.utf8) as cppjieba's HMMModel::LoadModel: lines are
   * trimmed, empty and `#` lines skipped; then one line of 4 start log probabilities, 4 lines of
   * 4 transition log probabilities (from B, E, M, S), and 4 lines of emissions
   * `char:logprob,char:logprob,…` for B, E, M, S. A character listed twice keeps its last value.
   *
   * @param modelText The model file's text.
   * @param file The name given in errors.
   * @returns The model, ready to segment.
   * @throws DataFormatError when a line is missing or does not have the expected fields.
   */
  static parse(modelText: string, file = 'hmm_model.utf8'): JiebaHmm {
    const lines: Array<{ text: string; line: number }> = []
    const rawLines = modelText.split('\n')
    rawLines.forEach((raw, i) => {
      const text = raw.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '')
      if (text.length > 0 && !text.startsWith('#')) lines.push({ text, line: i + 1 })
    })
    const lastLine = rawLines.length
    const take = (index: number, what: string): { text: string; line: number } => {
      const entry = lines[index]
      if (entry === undefined) throw new DataFormatError(file, lastLine, `missing the ${what} line`)
      return entry
    }
    const numbers = (index: number, what: string): Float64Array => {
      const { text, line } = take(index, what)
      const fields = text.split(' ')
      if (fields.length !== STATES) throw new DataFormatError(file, line, `the ${what} line has ${fields.length} fields, expected ${STATES}`)
      return Float64Array.from(fields, (field) => parseLogProb(field, file, line))
    }
    const start = numbers(0, 'start probability')
    const trans = new Float64Array(STATES * STATES)
    for (let from = 0; from < STATES; from++) trans.set(numbers(1 + from, `transition from ${STATE_NAMES[from]!}`), from * STATES)
    const emissions = STATE_NAMES.map((name, state) => {
      const { text, line } = take(1 + STATES + state, `emission of ${name}`)
      const map = new Map<number, number>()
      const pairs = text.split(',')
      // limonp's Split yields no empty piece after a trailing separator.
      if (pairs[pairs.length - 1] === '') pairs.pop()
      for (const pair of pairs) {
        const parts = pair.split(':')
        const rune = parts[0]?.codePointAt(0)
        if (parts.length !== 2 || rune === undefined || parts[0]!.length !== (rune > 0xffff ? 2 : 1)) {
          throw new DataFormatError(file, line, `emission ${JSON.stringify(pair)} is not one character, a colon and a number`)
        }
        map.set(rune, parseLogProb(parts[1]!, file, line))
      }
      return map
    })
    return new JiebaHmm(start, trans, emissions)
  }

  /** Reads {@link JiebaHmm.parse}'s input from a file (UTF-8). */
  static load(path: string): JiebaHmm {
    return JiebaHmm.parse(readFileSync(path, 'utf8'), path)
  }

  /**
   * Segments `text.slice(start, end)` as cppjieba's HMMSegment does a range of characters (no
   * separator filtering: MixSegment hands it the runs of single characters the dictionary left),
   * calling `piece(from, to)` for each word in order, offsets in `text`.
   *
   * @param text The text.
   * @param start The offset of the range's first UTF-16 unit.
   * @param end The offset after the range's last UTF-16 unit.
   * @param piece Receives each word's offsets, end exclusive, in order; they tile the range.
   */
  cut(text: string, start: number, end: number, piece: (from: number, to: number) => void): void {
    const n = this.decode(text, start, end)
    const { runes, units } = this
    let left = 0
    let right = 0
    while (right < n) {
      const rune = runes[right]!
      if (rune >= 0x80) {
        right++
        continue
      }
      if (left !== right) this.viterbiCut(left, right, piece)
      left = right
      right = letterRun(runes, left, n)
      if (right === left) right = numberRun(runes, left, n)
      if (right === left) right++
      piece(units[left]!, units[right]!)
      left = right
    }
    if (left !== right) this.viterbiCut(left, right, piece)
  }

  /** HMMSegment::InternalCut on runes [from, to): Viterbi, then a word ends after each E or S. */
  private viterbiCut(from: number, to: number, piece: (from: number, to: number) => void): void {
    this.viterbi(from, to)
    const { status, units } = this
    let left = from
    for (let i = 0; i < to - from; i++) {
      if ((status[i]! & 1) === 1) {
        piece(units[left]!, units[from + i + 1]!)
        left = from + i + 1
      }
    }
  }

  /** HMMSegment::Viterbi on runes [from, to): fills `status[0 .. to - from)`. */
  private viterbi(from: number, to: number): void {
    const { runes, start, trans, emit, weight, path, status } = this
    const count = to - from
    let row = this.rowOf(runes[from]!) * STATES
    for (let y = 0; y < STATES; y++) {
      weight[y] = start[y]! + emit[row + y]!
      path[y] = -1
    }
    for (let x = 1; x < count; x++) {
      row = this.rowOf(runes[from + x]!) * STATES
      const now = x * STATES
      const old = now - STATES
      for (let y = 0; y < STATES; y++) {
        const emitProb = emit[row + y]!
        let best = MIN_LOG
        let bestFrom = E // cppjieba's default predecessor when no path beats MIN_DOUBLE
        for (let preY = 0; preY < STATES; preY++) {
          const value = weight[old + preY]! + trans[preY * STATES + y]! + emitProb
          if (value > best) {
            best = value
            bestFrom = preY
          }
        }
        weight[now + y] = best
        path[now + y] = bestFrom
      }
    }
    const last = (count - 1) * STATES
    let state = weight[last + E]! >= weight[last + S]! ? E : S
    for (let x = count - 1; x >= 0; x--) {
      status[x] = state
      state = path[x * STATES + state]!
    }
  }

  private rowOf(rune: number): number {
    return rune < 0x10000 ? this.bmpRow[rune]! : (this.astralRow.get(rune) ?? 0)
  }

  /** Decodes the range into runes and their UTF-16 offsets (n + 1 of them); grows the scratch. */
  private decode(text: string, start: number, end: number): number {
    const need = end - start
    if (this.runes.length < need) {
      let size = this.runes.length
      while (size < need) size *= 2
      this.runes = new Int32Array(size)
      this.units = new Int32Array(size + 1)
      this.weight = new Float64Array(size * STATES)
      this.path = new Int8Array(size * STATES)
      this.status = new Int8Array(size)
    }
    return decodeRunes(text, start, end, this.runes, this.units)
  }
}

/**
 * Segments `text.slice(start, end)` as cppjieba's MixSegment with `hmm = true`: the dictionary's
 * maximum-probability cut, then each maximal sequence of one-character pieces re-cut by the
 * HMM; pieces of two or more characters are kept. This is nodejieba's `cut(run, true)` for a run
 * without separators (space, tab, newline, `，`, `。`).
 *
 * MixSegment also keeps a one-character piece out of the HMM when it is a one-character word of
 * the user dictionary file (`IsUserDictSingleChineseWord`). That set is empty here: jieba's
 * default user.dict.utf8 has no one-character word, and duijie adds words only as
 * InsertUserWord does, which does not fill the set. A caller loading another user dictionary
 * with one-character words would need that check.
 *
 * @param dictionary The dictionary (jieba.dict.utf8 plus the user words).
 * @param hmm The HMM model.
 * @param text The text.
 * @param start The offset of the run's first UTF-16 unit.
 * @param end The offset after the run's last UTF-16 unit.
 * @param piece Receives each word's offsets, end exclusive, in order; they tile the run.
 *
 * @see https://github.com/yanyiwu/cppjieba/blob/master/include/cppjieba/MixSegment.hpp
 */
export function cutMixed(
  dictionary: JiebaDictionary,
  hmm: JiebaHmm,
  text: string,
  start: number,
  end: number,
  piece: (from: number, to: number) => void,
): void {
  let singlesFrom = -1 // start of the pending sequence of one-character pieces, or -1
  let singlesTo = -1
  dictionary.cut(text, start, end, (from, to) => {
    const length = to - from
    if (length === 1 || (length === 2 && text.codePointAt(from)! > 0xffff)) {
      if (singlesFrom < 0) singlesFrom = from
      singlesTo = to
      return
    }
    if (singlesFrom >= 0) {
      hmm.cut(text, singlesFrom, singlesTo, piece)
      singlesFrom = -1
    }
    piece(from, to)
  })
  if (singlesFrom >= 0) hmm.cut(text, singlesFrom, singlesTo, piece)
}

/** HMMSegment::SequentialLetterRule: the end of `[A-Za-z][A-Za-z0-9]*` at `from`, or `from`. */
function letterRun(runes: Int32Array, from: number, n: number): number {
  if (!isLetter(runes[from]!)) return from
  let i = from + 1
  while (i < n && (isLetter(runes[i]!) || isDigit(runes[i]!))) i++
  return i
}

/** HMMSegment::NumbersRule: the end of `[0-9][0-9.]*` at `from`, or `from`. */
function numberRun(runes: Int32Array, from: number, n: number): number {
  if (!isDigit(runes[from]!)) return from
  let i = from + 1
  while (i < n && (isDigit(runes[i]!) || runes[i] === 0x2e)) i++
  return i
}

function isLetter(rune: number): boolean {
  return (rune >= 0x61 && rune <= 0x7a) || (rune >= 0x41 && rune <= 0x5a)
}

function isDigit(rune: number): boolean {
  return rune >= 0x30 && rune <= 0x39
}

/** `atof` on a model number, refusing what is not one (atof would read it as 0). */
function parseLogProb(field: string, file: string, line: number): number {
  const value = Number.parseFloat(field)
  if (Number.isNaN(value)) throw new DataFormatError(file, line, `${JSON.stringify(field)} is not a number`)
  return value
}
