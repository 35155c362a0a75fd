/**
 * A forward batch: documents already analysed into terms, held as a local term table and flat
 * forward arrays (per document: its distinct terms and their per-field counts), ready for
 * {@link InvertedIndex.addBatch}. It is what a worker thread sends back after analysing a chunk
 * of records: numbers and the distinct terms end to end in one string, instead of one string
 * per token (or per term: 10^5 small strings per chunk cost the receiving thread their
 * deserialisation and, at 10^5 records, several seconds of garbage collection).
 *
 * It is not an index: it has no postings and no statistics.
 */
import { invariant } from '../errors.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { ShortTermSink } from '../tokenize/short-terms.js'
import { TermTable } from '../tokenize/term-table.js'
import { grow } from './grow.js'
import { ShortTermIds } from './short-term-ids.js'
import { MAX_TERM_COUNT } from './term-counts.js'

/** The largest count a Float32 reaches by adding 1 repeatedly. */
const FLOAT32_COUNT_LIMIT = 2 ** 24

/** Entries a builder makes before {@link ForwardBatchBuilder.take} starts its term table over. @internal */
export const TAKE_RESTART_ENTRIES = 2 ** 30

/** Analysed documents: a local term table and flat forward arrays (transferable). */
export interface ForwardBatch {
  /**
   * The local id of the first term in `termText`. 0: it lists every term the batch uses. Above
   * 0: the batch continues the previous one of the same builder ({@link ForwardBatchBuilder.take}),
   * whose terms (ids below it) it may use without listing them again.
   */
  readonly termBase: number
  /** Terms end to end; local term id termBase + i is `termText.slice(termEnds[i - 1] ?? 0, termEnds[i])`. */
  readonly termText: string
  /** Where each listed term ends in `termText`. */
  readonly termEnds: Uint32Array
  /** Per document, how many distinct terms it has. */
  readonly docTermCounts: Uint32Array
  /** Per document, its distinct local term ids in order of first appearance; documents one after another. */
  readonly termIds: Int32Array
  /** `fieldCount` raw counts per entry of `termIds` (see term-counts.ts). */
  readonly tfs: Uint16Array
  /** `fieldCount` field lengths (terms, repeats counted) per document. */
  readonly fieldLengths: Float32Array
}

/**
 * Collects analysed documents into a {@link ForwardBatch}.
 *
 * Counting a token is the hot path of an index build (the character channel emits ~350 tokens
 * per record). Terms of one or two code units — every unigram and bigram of the character
 * channel, most jieba words — are found in a {@link ShortTermIds} whose slot also holds the
 * term's latest entry, so a repeated short term costs one memory access; longer terms go through
 * a term table and `lastEntry`, each a separate cache miss at 10^5 terms. Ids are given in the
 * order terms are first met, whichever path they take. Short terms are not in the term table:
 * interning them there too (a hash, a probe and a table that grows with them, ~5·10^5 terms a
 * thread at 10^5 records) cost ~20% of the character channel's counting (measured 2026-11-24,
 * 40k records, one thread: 5.2 s against 6.7 s over three passes). An analyzer with
 * `forEachShortTerm` hands its grams over by their code units, from one loop over the text
 * (the scan, n-grams and stopword check of the generic path were a chain of calls per gram):
 * the character builder, analysis included, took 1.30–1.61 s against 1.61–2.01 s per 30k
 * records (medians 1.52 / 1.85 s, six passes each, alternating in one process).
 */
export class ForwardBatchBuilder {
  /** Every term met, local id = position. */
  private terms: string[] = []
  /** Terms of one or two code units: id and their entry's position + 1 in the latest document that has them. */
  private shortTerms = new ShortTermIds()
  /** Terms of other lengths: the table's ids are theirs, not the builder's (see longIds). */
  private longTerms = new TermTable()
  /** Per term of `longTerms` (by its id there): its local id. */
  private longIds = new Int32Array(256)
  /** Per term of `longTerms` (by its id there): its entry's position + 1 in the latest document that has it. */
  private lastEntry = new Int32Array(256)
  private docTermCounts = new Uint32Array(64)
  private termIds = new Int32Array(1024)
  /** Zero beyond `entries · fieldCount`: grown arrays are zero-filled and nothing writes past the entries. */
  private tfs: Uint16Array
  private fieldLengths: Float32Array
  private docs = 0
  /**
   * Entries ever made (positions count on across {@link take}: an entry's slot in the arrays is
   * its position − entryBase), and the terms the batches taken so far have listed.
   */
  private entries = 0
  private entryBase = 0
  private termBase = 0
  /** The document being added: its first entry, current field and the field's tokens so far. */
  private docStart = 0
  private field = 0
  private fieldTokens = 0
  private readonly countTerm = (text: string, start: number, end: number): void => {
    const length = end - start
    if (length === 1) this.countUnit(text.charCodeAt(start))
    else if (length === 2) this.countPair((text.charCodeAt(start) << 16) | text.charCodeAt(start + 1))
    else {
      const longTerms = this.longTerms
      const known = longTerms.size
      const long = longTerms.intern(text, start, end)
      if (long === known) {
        if (long >= this.longIds.length) {
          this.longIds = grow(this.longIds, long + 1)
          this.lastEntry = grow(this.lastEntry, long + 1)
        }
        this.longIds[long] = this.newTerm(longTerms.term(long))
      }
      let entry = this.lastEntry[long]! - 1
      if (entry < this.docStart) {
        entry = this.newEntry(this.longIds[long]!)
        this.lastEntry[long] = entry + 1
      }
      this.countEntry(entry)
    }
  }
  /** Where analyzers with forEachShortTerm hand their terms: short ones by their code units. */
  private readonly shortSink: ShortTermSink = {
    unit: (code) => this.countUnit(code),
    pair: (key) => this.countPair(key),
    term: this.countTerm,
  }

  constructor(
    readonly fieldCount: number,
    /** Entries after which take() starts the term table over (@internal: tests make it small). */
    private readonly restartEntries = TAKE_RESTART_ENTRIES,
  ) {
    invariant(Number.isInteger(fieldCount) && fieldCount > 0, `fieldCount must be a positive integer, got ${fieldCount}`)
    this.tfs = new Uint16Array(1024 * fieldCount)
    this.fieldLengths = new Float32Array(64 * fieldCount)
  }

  /** Number of documents added. */
  get size(): number {
    return this.docs
  }

  /** Adds a document given its terms per field, in field order, repeats kept. */
  add(fieldTerms: readonly (readonly string[])[]): void {
    this.startDocument(fieldTerms.length)
    for (let f = 0; f < fieldTerms.length; f++) {
      this.startField(f)
      for (const term of fieldTerms[f]!) this.countTerm(term, 0, term.length)
      this.endField()
    }
    this.endDocument()
  }

  /**
   * Adds a document given the text of each field, analysed here: through the analyzer's
   * `forEachShortTerm` when it has one (the character channel: grams counted by their code
   * units), else its `forEachTerm` (no string per token), else its `analyze`.
   */
  addTexts(fieldTexts: readonly string[], analyzer: Analyzer): void {
    this.startDocument(fieldTexts.length)
    for (let f = 0; f < fieldTexts.length; f++) {
      this.startField(f)
      if (analyzer.forEachShortTerm !== undefined) analyzer.forEachShortTerm(fieldTexts[f]!, this.shortSink)
      else if (analyzer.forEachTerm !== undefined) analyzer.forEachTerm(fieldTexts[f]!, this.countTerm)
      else for (const term of analyzer.analyze(fieldTexts[f]!)) this.countTerm(term, 0, term.length)
      this.endField()
    }
    this.endDocument()
  }

  /**
   * The documents added since the last {@link take} (all, if none), with every term (copies
   * trimmed to size; the builder may go on).
   */
  finish(): ForwardBatch {
    return this.batch(0)
  }

  /**
   * The documents added since the last take, listing only the terms first met since then
   * (termBase > 0 after the first); the next batch starts empty and goes on with the same term
   * ids. A worker thread analysing chunk after chunk sends each term once, and the thread
   * appending the batches looks each up once (InvertedIndex.appendForward with one
   * BatchTermIds per builder), instead of once per chunk that has it.
   */
  take(): ForwardBatch {
    const batch = this.batch(this.termBase)
    const used = this.entries - this.entryBase
    this.tfs.fill(0, 0, used * this.fieldCount)
    this.docs = 0
    this.entryBase = this.entries
    this.termBase = this.terms.length
    // Entry positions are kept as Int32s (+ 1) beside the terms: start over long before 2^31.
    if (this.entries > this.restartEntries) {
      this.terms = []
      this.shortTerms = new ShortTermIds()
      this.longTerms = new TermTable()
      this.lastEntry.fill(0)
      this.entries = this.entryBase = this.termBase = 0
    }
    return batch
  }

  private batch(termBase: number): ForwardBatch {
    const F = this.fieldCount
    const terms = this.terms.slice(termBase)
    const termEnds = new Uint32Array(terms.length)
    let end = 0
    for (let t = 0; t < terms.length; t++) termEnds[t] = end += terms[t]!.length
    const used = this.entries - this.entryBase
    return {
      termBase,
      termText: terms.join(''),
      termEnds,
      docTermCounts: this.docTermCounts.slice(0, this.docs),
      termIds: this.termIds.slice(0, used),
      tfs: this.tfs.slice(0, used * F),
      fieldLengths: this.fieldLengths.slice(0, this.docs * F),
    }
  }

  private startDocument(fields: number): void {
    const F = this.fieldCount
    invariant(fields === F, `expected ${F} fields, got ${fields}`)
    this.docStart = this.entries
    this.docTermCounts = grow(this.docTermCounts, this.docs + 1)
    this.fieldLengths = grow(this.fieldLengths, (this.docs + 1) * F)
  }

  private startField(field: number): void {
    this.field = field
    this.fieldTokens = 0
  }

  /**
   * Stores the field's length. Float32 sums of ones stop growing at 2^24 (2^24 + 1 rounds back
   * down), hence the cap: the same value as counting in the array token by token.
   */
  private endField(): void {
    this.fieldLengths[this.docs * this.fieldCount + this.field] = Math.min(this.fieldTokens, FLOAT32_COUNT_LIMIT)
  }

  /** Counts one more token of the term of one code unit, `code`, in the current field. */
  private countUnit(code: number): void {
    let slot = this.shortTerms.unitSlot(code)
    if (slot === -1) slot = this.shortTerms.addUnit(code, this.newTerm(String.fromCharCode(code)), 0)
    this.countShort(slot)
  }

  /** Counts one more token of the term of two code units `key = c1 << 16 | c2` in the current field. */
  private countPair(key: number): void {
    let slot = this.shortTerms.pairSlot(key)
    if (slot === -1) slot = this.shortTerms.addPair(key, this.newTerm(String.fromCharCode(key >>> 16, key & 0xffff)), 0)
    this.countShort(slot)
  }

  /** Counts one more token of the short term at `slot` (see ShortTermIds) in the current field. */
  private countShort(slot: number): void {
    const shortTerms = this.shortTerms
    let entry = shortTerms.value(slot) - 1
    if (entry < this.docStart) {
      entry = this.newEntry(shortTerms.id(slot))
      shortTerms.setValue(slot, entry + 1)
    }
    this.countEntry(entry)
  }

  /** Counts one more token of the current document's entry `entry` in the current field. */
  private countEntry(entry: number): void {
    const at = (entry - this.entryBase) * this.fieldCount + this.field
    if (this.tfs[at]! < MAX_TERM_COUNT) this.tfs[at]! += 1
    this.fieldTokens++
  }

  /** Gives `term`, met for the first time, the next local id. */
  private newTerm(term: string): number {
    return this.terms.push(term) - 1
  }

  /** Appends an entry for term `id` to the current document (its counts are zero). */
  private newEntry(id: number): number {
    const entry = this.entries++
    const slot = entry - this.entryBase
    if (slot >= this.termIds.length) {
      this.termIds = grow(this.termIds, slot + 1)
      this.tfs = grow(this.tfs, (slot + 1) * this.fieldCount)
    }
    this.termIds[slot] = id
    return entry
  }

  private endDocument(): void {
    this.docTermCounts[this.docs++] = this.entries - this.docStart
  }
}

/**
 * The global ids of one builder's terms across the batches it hands out with
 * {@link ForwardBatchBuilder.take} (local id → global id), for InvertedIndex.appendForward.
 */
export class BatchTermIds {
  /** Global id by local id; the first `size` are set. */
  ids = new Int32Array(0)
  size = 0
}

/** The distinct terms of a batch, local term id = position. */
export function batchTerms(batch: ForwardBatch): string[] {
  const terms = new Array<string>(batch.termEnds.length)
  for (let t = 0, start = 0; t < terms.length; start = batch.termEnds[t++]!) terms[t] = batch.termText.slice(start, batch.termEnds[t])
  return terms
}
