/**
 * jieba's dictionary and its maximum-probability segmentation, in JavaScript: what nodejieba's
 * `cut(text, false)` does (cppjieba's DictTrie and MPSegment), without the native call, the
 * UTF-8 round trip and the array of strings it returns. The segmenter reports piece lengths
 * instead, so the tokenizer emits offsets and makes no string at all.
 *
 * Same results as cppjieba, by the same arithmetic (checked against nodejieba in
 * jieba-dictionary.test.ts):
 * - a word's weight is `log(freq / sum of all freqs)` of jieba.dict.utf8; a character that is
 *   no word weighs the dictionary's minimum; an inserted word weighs the median;
 * - for a run of n characters, from the last to the first, position i takes the word starting
 *   there (the single character first, then longer words in order) that maximises
 *   `best[end] + weight`, a later word only when strictly better, with `best[n] = 0`;
 * - a later entry of the same word (user dictionary, insertion) replaces the earlier weight.
 *
 * The trie: node 0 is the root; a child is found by an open-addressing hash of (parent, code
 * point), the root's children of the Basic Multilingual Plane by a direct table. The weight of
 * the word ending at a node sits beside the edge that leads to it (in the same slot, or the
 * direct table), so that it is read with the child rather than by a second, dependent cache miss.
 * The hash's slots take tens of megabytes, so a probe is a cache miss (~170 ns a lookup measured,
 * most of a cut's time); a one-bit-per-hash filter of 512 kB, which stays in cache, answers most
 * lookups that find nothing (six in ten: every walk down the trie ends with one) without a probe.
 */
import { readFileSync } from 'node:fs'

import { invariant } from '../errors.js'
import { decodeRunes } from './runes.js'

/** Weight of a node that ends no word. */
const NO_WORD = Number.NEGATIVE_INFINITY

/** log2 of the filter's bits: 2^22 bits = 512 kB; with jieba's ~5·10^5 non-root nodes, ~11% of the bits set. */
const FILTER_BITS_LOG2 = 22

/** The arrays of a dictionary, by field name. */
const ARRAY_FIELDS = ['rootBmp', 'rootWeight', 'slotParent', 'slotRune', 'slotChild', 'slotWeight', 'filter'] as const

/**
 * A dictionary whose arrays are in shared memory, as a worker thread receives it (structured
 * clone keeps the SharedArrayBuffers shared): see {@link JiebaDictionary.share}.
 */
export interface SharedJiebaDictionary {
  readonly nodes: number
  readonly used: number
  readonly minWeight: number
  readonly medianWeight: number
  readonly freqSum: number
  readonly buffers: Readonly<Record<(typeof ARRAY_FIELDS)[number], SharedArrayBuffer>>
}

export class JiebaDictionary {
  private nodes: number
  /** Root children by BMP code point: node id (0 = none), and the weight of that one-character word (or NO_WORD). */
  private rootBmp: Int32Array<ArrayBufferLike>
  private rootWeight: Float64Array<ArrayBufferLike>
  /** Hash slots: parent node, code point, child node (0 = empty slot), the weight of the word ending at the child (or NO_WORD). */
  private slotParent: Int32Array<ArrayBufferLike>
  private slotRune: Int32Array<ArrayBufferLike>
  private slotChild: Int32Array<ArrayBufferLike>
  private slotWeight: Float64Array<ArrayBufferLike>
  private used = 0
  /** One bit per value of the hash's top FILTER_BITS_LOG2 bits, set for every (parent, code point) present. */
  private filter: Int32Array<ArrayBufferLike> = new Int32Array(2 ** (FILTER_BITS_LOG2 - 5))
  /** Set once the arrays are in shared memory ({@link share}): other threads read them, nothing may write. */
  private shared: SharedJiebaDictionary | undefined
  /** The weight of a character that is no word: the dictionary's lowest. */
  readonly minWeight: number
  /** The weight given to inserted words: the median of the dictionary's. */
  readonly medianWeight: number
  /** Sum of the dictionary's frequencies (user words with a frequency are weighed against it). */
  readonly freqSum: number
  /** Scratch of `cut` (a nested call, from inside its callback, gets a fresh one). */
  private scratch = new Scratch()
  private cutting = false
  /** Scratch of `cutsWhole`, which calls nothing back, so it may run inside a `cut` callback. */
  private probe = new Scratch()

  private constructor(minWeight: number, medianWeight: number, freqSum: number, capacity: number) {
    this.minWeight = minWeight
    this.medianWeight = medianWeight
    this.freqSum = freqSum
    this.nodes = 1
    this.rootBmp = new Int32Array(0x10000)
    this.rootWeight = new Float64Array(0x10000).fill(NO_WORD)
    let slots = 1024
    while (slots < capacity * 2) slots *= 2
    this.slotParent = new Int32Array(slots)
    this.slotRune = new Int32Array(slots)
    this.slotChild = new Int32Array(slots)
    this.slotWeight = new Float64Array(slots).fill(NO_WORD)
  }

  /**
   * Parses jieba's dictionary (`word freq tag` per line) and, optionally, a user dictionary in
   * cppjieba's format (`word`, `word tag` → median weight; `word freq tag` → its frequency).
   *
   * @throws MatchError INTERNAL when a main dictionary line does not have three fields.
   */
  static parse(main: string, user = ''): JiebaDictionary {
    const lines = main.split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    const words: string[] = []
    const freqs = new Float64Array(lines.length)
    let sum = 0
    let chars = 0
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      const a = line.indexOf(' ')
      const b = line.indexOf(' ', a + 1)
      invariant(a > 0 && b > a && line.indexOf(' ', b + 1) < 0, `jieba dictionary line ${i + 1} has three fields`)
      const word = line.slice(0, a)
      words.push(word)
      freqs[i] = Number.parseFloat(line.slice(a + 1, b))
      sum += freqs[i]!
      chars += word.length
    }
    const weights = new Float64Array(lines.length)
    for (let i = 0; i < lines.length; i++) weights[i] = Math.log(freqs[i]! / sum)
    const sorted = weights.slice().sort()
    const dictionary = new JiebaDictionary(sorted[0]!, sorted[sorted.length >> 1]!, sum, chars + 16)
    for (let i = 0; i < words.length; i++) dictionary.insert(words[i]!, weights[i]!)
    for (const line of user.split('\n')) {
      if (line.length === 0) continue
      const fields = line.split(' ')
      if (fields.length === 3) dictionary.insert(fields[0]!, Math.log(Number.parseInt(fields[1]!, 10) / sum))
      else if (fields.length <= 2) dictionary.insert(fields[0]!, dictionary.medianWeight)
    }
    return dictionary
  }

  /** Reads {@link JiebaDictionary.parse}'s inputs from files (UTF-8). */
  static load(mainPath: string, userPath?: string): JiebaDictionary {
    return JiebaDictionary.parse(readFileSync(mainPath, 'utf8'), userPath === undefined ? '' : readFileSync(userPath, 'utf8'))
  }

  /**
   * The dictionary, built by another thread, over the shared memory it was given ({@link share}):
   * no file read, no parse. Read-only: {@link insert} refuses; {@link clone} gives a writable copy.
   */
  static fromShared(shared: SharedJiebaDictionary): JiebaDictionary {
    const dictionary = new JiebaDictionary(shared.minWeight, shared.medianWeight, shared.freqSum, 0)
    dictionary.adopt(shared)
    return dictionary
  }

  /**
   * Moves the arrays into shared memory (once; later calls give the same) and makes the
   * dictionary read-only, so that worker threads can use it without parsing jieba's files
   * (~0.6 s a thread) or holding their own copy (~45 MB).
   */
  share(): SharedJiebaDictionary {
    if (this.shared) return this.shared
    const buffers = {} as Record<(typeof ARRAY_FIELDS)[number], SharedArrayBuffer>
    for (const key of ARRAY_FIELDS) {
      const array = this[key]
      const buffer = new SharedArrayBuffer(array.byteLength)
      new Uint8Array(buffer).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength))
      buffers[key] = buffer
    }
    const shared: SharedJiebaDictionary = { nodes: this.nodes, used: this.used, minWeight: this.minWeight, medianWeight: this.medianWeight, freqSum: this.freqSum, buffers }
    this.adopt(shared)
    return shared
  }

  /** Reads the trie from shared memory from now on. */
  private adopt(shared: SharedJiebaDictionary): void {
    const { buffers } = shared
    this.rootBmp = new Int32Array(buffers.rootBmp)
    this.rootWeight = new Float64Array(buffers.rootWeight)
    this.slotParent = new Int32Array(buffers.slotParent)
    this.slotRune = new Int32Array(buffers.slotRune)
    this.slotChild = new Int32Array(buffers.slotChild)
    this.slotWeight = new Float64Array(buffers.slotWeight)
    this.filter = new Int32Array(buffers.filter)
    this.nodes = shared.nodes
    this.used = shared.used
    this.shared = shared
  }

  /** An independent copy, writable (even of a shared dictionary): words inserted into either do not reach the other. */
  clone(): JiebaDictionary {
    const copy = Object.create(JiebaDictionary.prototype) as JiebaDictionary
    Object.assign(copy, this)
    const mutable = copy as unknown as Record<string, unknown>
    // slice() of a view on shared memory gives an array of its own, not shared.
    for (const key of ARRAY_FIELDS) mutable[key] = (this[key] as Float64Array | Int32Array).slice()
    mutable.shared = undefined
    mutable.scratch = new Scratch()
    mutable.cutting = false
    mutable.probe = new Scratch()
    return copy
  }

  /** Adds `word` (or replaces its weight), as cppjieba's InsertUserWord. Weight defaults to the median. */
  insert(word: string, weight: number = this.medianWeight): void {
    invariant(this.shared === undefined, 'a dictionary in shared memory is read-only: insert into a clone')
    if (word.length === 0) return
    let parent = 0
    let node = 0
    let rune = 0
    for (let i = 0; i < word.length; ) {
      rune = word.codePointAt(i)!
      i += rune > 0xffff ? 2 : 1
      parent = node
      node = this.child(parent, rune)
      if (node === 0) node = this.addChild(parent, rune)
    }
    if (parent === 0 && rune < 0x10000) this.rootWeight[rune] = weight
    else this.slotWeight[this.slotOf(parent, rune)] = weight
  }

  /** The weight of `word`, or undefined when it is no word of the dictionary. */
  weightOf(word: string): number | undefined {
    // The empty word ends at the root, which is no word.
    if (word.length === 0) return undefined
    let parent = 0
    let node = 0
    let rune = 0
    for (let i = 0; i < word.length; ) {
      rune = word.codePointAt(i)!
      i += rune > 0xffff ? 2 : 1
      parent = node
      node = this.child(parent, rune)
      if (node === 0) return undefined
    }
    const weight = parent === 0 && rune < 0x10000 ? this.rootWeight[rune]! : this.slotWeight[this.slotOf(parent, rune)]!
    return weight === NO_WORD ? undefined : weight
  }

  /**
   * Segments `text.slice(start, end)` as cppjieba's MPSegment (no separators inside: give it one
   * run), calling `piece(from, to)` for each word in order, offsets in `text`.
   */
  cut(text: string, start: number, end: number, piece: (from: number, to: number) => void): void {
    const scratch = this.cutting ? new Scratch() : this.scratch
    const outer = !this.cutting
    this.cutting = true
    try {
      const n = this.segment(scratch, text, start, end)
      const { units, choice } = scratch
      for (let i = 0; i < n; i += choice[i]!) piece(units[i]!, units[i + choice[i]!]!)
    } finally {
      if (outer) this.cutting = false
    }
  }

  /** Whether jieba cuts `text.slice(start, end)` as one word (one character always is). */
  cutsWhole(text: string, start: number, end: number): boolean {
    const n = this.segment(this.probe, text, start, end)
    return this.probe.choice[0] === n
  }

  /** Fills `scratch.choice` (word length in runes at each position of the best path) for the run; returns its rune count. */
  private segment(scratch: Scratch, text: string, start: number, end: number): number {
    const n = scratch.decode(text, start, end)
    const { runes, best, choice } = scratch
    const { rootBmp, rootWeight, minWeight } = this
    best[n] = 0
    for (let i = n - 1; i >= 0; i--) {
      const first = runes[i]!
      let node: number
      let w: number
      if (first < 0x10000) {
        node = rootBmp[first]!
        w = rootWeight[first]!
      } else {
        const s = this.slotOf(0, first)
        node = s < 0 ? 0 : this.slotChild[s]!
        w = s < 0 ? NO_WORD : this.slotWeight[s]!
      }
      let top = best[i + 1]! + (w !== NO_WORD ? w : minWeight)
      let length = 1
      for (let j = i + 1; j < n && node !== 0; j++) {
        const s = this.slotOf(node, runes[j]!)
        if (s < 0) break
        node = this.slotChild[s]!
        const w = this.slotWeight[s]!
        if (w !== NO_WORD) {
          const value = best[j + 1]! + w
          if (value > top) {
            top = value
            length = j - i + 1
          }
        }
      }
      best[i] = top
      choice[i] = length
    }
    return n
  }

  private child(parent: number, rune: number): number {
    if (parent === 0 && rune < 0x10000) return this.rootBmp[rune]!
    const s = this.slotOf(parent, rune)
    return s < 0 ? 0 : this.slotChild[s]!
  }

  /** The hash slot of the edge (parent, rune), or -1 when there is none (never for the root's BMP children: see rootBmp). */
  private slotOf(parent: number, rune: number): number {
    const hash = hashOf(parent, rune)
    const bit = hash >>> (32 - FILTER_BITS_LOG2)
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1
    const mask = this.slotChild.length - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      if (this.slotChild[s] === 0) return -1
      if (this.slotParent[s] === parent && this.slotRune[s] === rune) return s
    }
  }

  private addChild(parent: number, rune: number): number {
    const node = this.nodes++
    if (parent === 0 && rune < 0x10000) {
      this.rootBmp[rune] = node
      return node
    }
    if ((this.used + 1) * 2 > this.slotChild.length) this.rehash()
    const hash = hashOf(parent, rune)
    const bit = hash >>> (32 - FILTER_BITS_LOG2)
    this.filter[bit >>> 5]! |= 1 << (bit & 31)
    const mask = this.slotChild.length - 1
    let s = hash & mask
    while (this.slotChild[s] !== 0) s = (s + 1) & mask
    this.slotParent[s] = parent
    this.slotRune[s] = rune
    this.slotChild[s] = node
    this.used++
    return node
  }

  private rehash(): void {
    const { slotParent, slotRune, slotChild, slotWeight } = this
    const size = slotChild.length * 2
    this.slotParent = new Int32Array(size)
    this.slotRune = new Int32Array(size)
    this.slotChild = new Int32Array(size)
    this.slotWeight = new Float64Array(size).fill(NO_WORD)
    const mask = size - 1
    for (let t = 0; t < slotChild.length; t++) {
      if (slotChild[t] === 0) continue
      let s = hashOf(slotParent[t]!, slotRune[t]!) & mask
      while (this.slotChild[s] !== 0) s = (s + 1) & mask
      this.slotParent[s] = slotParent[t]!
      this.slotRune[s] = slotRune[t]!
      this.slotChild[s] = slotChild[t]!
      this.slotWeight[s] = slotWeight[t]!
    }
  }
}

function hashOf(parent: number, rune: number): number {
  const h = Math.imul(parent ^ Math.imul(rune, 0x85ebca6b), 0x9e3779b1)
  return (h ^ (h >>> 16)) >>> 0
}

/** Per-run working arrays of the segmentation, grown as needed. */
class Scratch {
  /** The run's code points. */
  runes = new Int32Array(64)
  /** Code-unit offset of each code point, and of the run's end (n + 1 entries). */
  units = new Int32Array(65)
  /** Best log-probability of the text from each position to the end (n + 1 entries). */
  best = new Float64Array(65)
  /** Word length, in code points, chosen at each position. */
  choice = new Int32Array(64)

  /** Decodes `text.slice(start, end)` into runes and units; returns the rune count. */
  decode(text: string, start: number, end: number): number {
    const need = end - start
    if (this.runes.length < need) {
      let size = this.runes.length
      while (size < need) size *= 2
      this.runes = new Int32Array(size)
      this.units = new Int32Array(size + 1)
      this.best = new Float64Array(size + 1)
      this.choice = new Int32Array(size)
    }
    return decodeRunes(text, start, end, this.runes, this.units)
  }
}
