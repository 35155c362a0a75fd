/**
 * DocumentIndex: records of one kind, analysed into an inverted index (BM25F fields) and a
 * keyword index, addressable by DocId. Records can be added, replaced and removed without a
 * rebuild. It does not rank: match/ reads it.
 */
import { invalidOption, invariant } from '../errors.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import { createNgramTokenizer } from '../tokenize/ngram.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { normalize } from '../tokenize/normalize.js'
import type { AnyRecord, DocId, RecordKind, RecordOf } from '../types.js'
import { DEFAULT_FIELDS, fieldText, inferKind, toFieldWeights, type FieldWeights } from './fields.js'
import { InvertedIndex } from './inverted-index.js'
import { createKeywordExtractor, extractKeywords } from './keyword-extract.js'
import { BatchTermIds, ForwardBatchBuilder, type ForwardBatch } from './forward-batch.js'
import { autoWorkerCount, canUseWorkers } from '../worker-threads.js'
import { analyzeInWorkers } from './parallel-analysis.js'
import { startInverter, type PendingInversion } from './parallel-invert.js'
import { KeywordIndex, type KeywordSource } from './keyword-index.js'

/** Options of {@link buildIndex}. */
export interface IndexOptions {
  /** The analyzer for every field. Defaults to `createAnalyzer()` (jieba + domain dictionary + stopwords). */
  readonly analyzer?: Analyzer
  /** The kind of the records. Defaults to the kind inferred from the first record, else `achievement`. */
  readonly kind?: RecordKind
  /** Indexed fields and their BM25F boosts. Defaults to {@link DEFAULT_FIELDS} of the kind. */
  readonly fields?: FieldWeights
  /** How many keywords to extract per record by TF-IDF into the keyword index; 0 turns it off. */
  readonly extractedKeywords?: number
  /**
   * Also index the characters and character bigrams of every field (a second inverted index):
   * they catch partial overlaps that words miss (漏电 / 漏电流, 镀锌 / 热镀锌, 焊工 / 焊接).
   * Costs about twice the memory of the word index.
   * @defaultValue true
   */
  readonly charNgrams?: boolean
  /** The analyzer of the character channel. Defaults to {@link createCharAnalyzer}. */
  readonly charAnalyzer?: Analyzer
  /**
   * Worker threads that analyse records in bulk adds (`buildIndex`, `addAll`): a number (0 or
   * 1: none), or `'auto'`: one per core when at least {@link PARALLEL_MIN_RECORDS} records are
   * added at once. Only analyzers that can be described by data (`createAnalyzer` with a named
   * tokenizer and no words added later, the default character analyzer) go to workers; others
   * run in this thread. The index is the same either way.
   * @defaultValue 'auto'
   */
  readonly workers?: number | 'auto'
}

/**
 * Below this many records in one bulk add, `workers: 'auto'` stays in this thread: measured on
 * 2 cores from the built package (2026-11-23), 10k generated records took 3.5 s in one thread
 * and 4.3–4.7 s with 2 workers (each loads jieba and the domain dictionary, and the main thread
 * still appends and places everything); 20k took 6.5–7.0 s and 6.1–6.3 s.
 */
export const PARALLEL_MIN_RECORDS = 20_000

/** The default of {@link IndexOptions.extractedKeywords}. */
export const DEFAULT_EXTRACTED_KEYWORDS = 5

/**
 * The default analyzer of the character channel: single characters and bigrams of CJK runs,
 * alphanumeric terms whole, stopwords removed. Measured on the sample data with the thesaurus
 * on (nDCG@10 dev ach / dev-hard ach / dev exp / dev-hard exp): bigrams alone 0.981 / 0.719 /
 * 0.975 / 0.647; characters and bigrams (channel weight 0.5) 0.983 / 0.866 / 0.971 / 0.710.
 */
export function createCharAnalyzer(): Analyzer {
  return { ...createAnalyzer({ tokenizer: createNgramTokenizer({ n: 2, minN: 1 }) }), spec: { type: 'chars' } }
}

/** Records analysed per forward batch by {@link DocumentIndex.addAll}. */
const ADD_CHUNK = 4096

/** The records in order, without those a later record with the same id replaces. */
function latestById<R extends AnyRecord>(records: Iterable<R>): R[] {
  const all = [...records]
  const last = new Map<DocId, number>()
  all.forEach((r, i) => last.set(r.id, i))
  return last.size === all.length ? all : all.filter((r, i) => last.get(r.id) === i)
}

/** The list fields whose items are exact phrases for the keyword index, per kind. */
const PHRASE_FIELDS: Record<RecordKind, { field: string; source: 'owner' | 'direction' | 'field' }[]> = {
  achievement: [{ field: 'keywords', source: 'owner' }, { field: 'field', source: 'field' }],
  need: [{ field: 'field', source: 'field' }],
  expert: [{ field: 'directions', source: 'direction' }, { field: 'fields', source: 'field' }],
}

/** An index of records of one kind. */
export class DocumentIndex<R extends AnyRecord = AnyRecord> {
  readonly kind: RecordKind
  readonly fields: FieldWeights
  /** Indexed field names, in the order of the inverted index's fields. */
  readonly fieldNames: readonly string[]
  /** Boosts parallel to fieldNames. */
  readonly fieldWeights: Float64Array
  readonly analyzer: Analyzer
  readonly terms: InvertedIndex
  /** The character-bigram analyzer and index, when `charNgrams` is on; docIndex-aligned with `terms`. */
  readonly charAnalyzer: Analyzer | undefined
  readonly chars: InvertedIndex | undefined
  readonly keywords = new KeywordIndex()
  readonly extractedKeywords: number
  /** See {@link IndexOptions.workers}. */
  readonly workers: number | 'auto'
  private readonly records: (R | undefined)[] = []
  private readonly docIndexById = new Map<DocId, number>()
  /** Parses the record of a docIndex below `count` on first access (set by {@link restoreAll}). */
  private lazyRecords: { readonly count: number; readonly parse: (docIndex: number) => R } | undefined

  constructor(options: IndexOptions & { kind: RecordKind }) {
    this.kind = options.kind
    this.fields = toFieldWeights(options.fields ?? DEFAULT_FIELDS[options.kind])
    this.fieldNames = Object.keys(this.fields)
    this.fieldWeights = Float64Array.from(this.fieldNames.map((f) => this.fields[f]!))
    this.analyzer = options.analyzer ?? createAnalyzer()
    const extracted = options.extractedKeywords ?? DEFAULT_EXTRACTED_KEYWORDS
    if (!Number.isInteger(extracted) || extracted < 0) invalidOption('extractedKeywords', extracted, 'must be an integer ≥ 0')
    this.extractedKeywords = extracted
    this.terms = new InvertedIndex(this.fieldNames.length)
    const charNgrams = options.charNgrams ?? true
    if (typeof charNgrams !== 'boolean') invalidOption('charNgrams', charNgrams, 'must be a boolean')
    this.charAnalyzer = charNgrams ? (options.charAnalyzer ?? createCharAnalyzer()) : undefined
    // The character channel's documents keep their entries unordered (see orderedForward): only
    // scorers read them, and sorting ~330 entries a document was ~1.5 s of main-thread CPU in a 10^5-record build.
    this.chars = charNgrams ? new InvertedIndex(this.fieldNames.length, false) : undefined
    const workers = options.workers ?? 'auto'
    if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 0)) invalidOption('workers', workers, "must be 'auto' or an integer ≥ 0")
    this.workers = workers
  }

  /** Number of live records. */
  get size(): number {
    return this.docIndexById.size
  }

  /**
   * Adds a record, replacing a live record with the same id. The caller's object is kept by
   * reference and never mutated.
   */
  add(record: R): void {
    this.addWithoutKeywords(record)
    this.extractKeywordsOf(this.docIndexById.get(record.id)!)
  }

  /**
   * Adds many records, as {@link add} one after another would (a later record with the same id
   * replaces an earlier one), but in bulk: records are analysed in chunks into forward batches
   * and appended with one string lookup per distinct term of a chunk; keywords are extracted
   * once, after all are in, with the final statistics.
   */
  addAll(records: Iterable<R>): void {
    const list = latestById(records)
    for (const record of list) if (this.docIndexById.has(record.id)) this.remove(record.id)
    const F = this.fieldNames.length
    const workers = this.workerCount(list.length)
    if (workers > 1) {
      const chunks: string[][] = []
      for (let start = 0; start < list.length; start += ADD_CHUNK) {
        chunks.push(list.slice(start, start + ADD_CHUNK).flatMap((record) => this.fieldNames.map((field) => fieldText(record, field))))
      }
      const specs = { words: this.analyzer.spec!, ...(this.charAnalyzer ? { chars: this.charAnalyzer.spec! } : {}) }
      // Chunks are indexed as they arrive (forward arrays), postings placed once at the end.
      const first = this.terms.slotCount
      let done = 0
      const known = Array.from({ length: workers }, () => ({ words: new BatchTermIds(), chars: new BatchTermIds() }))
      this.terms.expectDocuments(list.length)
      // The character channel's postings (its inversion is the longest step left) are placed in
      // another thread while this one places the words' and extracts keywords from them: its
      // arrays go in shared memory. That thread starts now, so that its start-up is over by the
      // time the analysis is.
      this.chars?.expectDocuments(list.length, true)
      const inverter = this.chars ? startInverter() : undefined
      let inverting: PendingInversion | undefined
      try {
        analyzeInWorkers(chunks, F, specs, workers, (words, chars, thread) => {
          this.terms.appendForward(words, known[thread]!.words)
          if (this.chars) this.chars.appendForward(chars!, known[thread]!.chars)
          this.placeRecords(list.slice(done, (done += words.docTermCounts.length)), first + done - words.docTermCounts.length)
        })
        invariant(done === list.length, 'every chunk was analysed')
        const charForward = this.chars?.takePendingForward()
        if (charForward) {
          invariant(charForward.room !== undefined, 'the character arrays were reserved in shared memory')
          inverting = inverter!.invert(charForward.forward, charForward.room, F)
        }
      } finally {
        if (!inverting) inverter?.close()
      }
      this.terms.placePostings(first)
      if (!inverting) this.chars?.placePostings(first)
      this.extractKeywordsOfAll(Array.from({ length: list.length }, (_, i) => first + i))
      if (inverting) {
        const { forward, postings } = inverting.wait()
        this.chars!.placeInverted(forward, postings)
      }
      return
    }
    const words: ForwardBatch[] = []
    const chars: ForwardBatch[] = []
    // One builder per channel, a batch per chunk, each listing only the terms new to it.
    const wordBuilder = new ForwardBatchBuilder(F)
    const charBuilder = this.chars && this.charAnalyzer ? new ForwardBatchBuilder(F) : undefined
    for (let start = 0; start < list.length; start += ADD_CHUNK) {
      for (const record of list.slice(start, start + ADD_CHUNK)) {
        const texts = this.fieldNames.map((field) => fieldText(record, field))
        wordBuilder.addTexts(texts, this.analyzer)
        charBuilder?.addTexts(texts, this.charAnalyzer!)
      }
      words.push(wordBuilder.take())
      if (charBuilder) chars.push(charBuilder.take())
    }
    const added = this.appendAnalysed(list, words, this.chars ? chars : undefined)
    this.extractKeywordsOfAll(added)
  }

  /** How many worker threads a bulk add of `records` records uses (0: none). */
  private workerCount(records: number): number {
    const describable = this.analyzer.spec !== undefined && (this.charAnalyzer === undefined || this.charAnalyzer.spec !== undefined)
    if (!describable || !canUseWorkers()) return 0
    if (this.workers === 'auto') return records >= PARALLEL_MIN_RECORDS ? autoWorkerCount() : 0
    return this.workers > 1 ? this.workers : 0
  }

  /**
   * Appends records whose fields were analysed elsewhere (in order; ids not in the index).
   * @returns Their docIndexes.
   * @internal
   */
  appendAnalysed(records: readonly R[], words: readonly ForwardBatch[], chars: readonly ForwardBatch[] | undefined): number[] {
    const count = (batches: readonly ForwardBatch[]) => batches.reduce((n, b) => n + b.docTermCounts.length, 0)
    invariant(count(words) === records.length, 'one analysed document per record')
    const first = this.terms.addBatches(words)
    if (this.chars) {
      invariant(chars !== undefined && count(chars) === records.length, 'the character channel is analysed too')
      invariant(this.chars.addBatches(chars) === first, 'word and n-gram indexes stay aligned')
    }
    this.placeRecords(records, first)
    return records.map((_, i) => first + i)
  }

  /** Records the records at docIndexes first, first + 1, … with their phrases. */
  private placeRecords(records: readonly R[], first: number): void {
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!
      const docIndex = first + i
      invariant(!this.docIndexById.has(record.id), `record ${record.id} is not in the index yet`)
      this.records[docIndex] = record
      this.docIndexById.set(record.id, docIndex)
      this.addPhrases(record, docIndex)
    }
  }

  /** Removes the record with this id; returns whether there was one. */
  remove(id: DocId): boolean {
    const docIndex = this.docIndexById.get(id)
    if (docIndex === undefined) return false
    this.terms.removeDocument(docIndex)
    this.chars?.removeDocument(docIndex)
    this.keywords.remove(docIndex)
    this.records[docIndex] = undefined
    this.docIndexById.delete(id)
    return true
  }

  /** The live record with this id. */
  get(id: DocId): R | undefined {
    const docIndex = this.docIndexById.get(id)
    return docIndex === undefined ? undefined : this.recordAt(docIndex)
  }

  has(id: DocId): boolean {
    return this.docIndexById.has(id)
  }

  /** The dense internal number of a live record, or -1. */
  docIndexOf(id: DocId): number {
    return this.docIndexById.get(id) ?? -1
  }

  /** The record at a docIndex (undefined for a removed one). */
  recordAt(docIndex: number): R | undefined {
    const record = this.records[docIndex]
    if (record !== undefined || this.lazyRecords === undefined || docIndex >= this.lazyRecords.count || !this.terms.isLive(docIndex)) return record
    return (this.records[docIndex] = this.lazyRecords.parse(docIndex))
  }

  /** Live records in docIndex order (insertion order). */
  *values(): IterableIterator<R> {
    for (let docIndex = 0; docIndex < this.records.length; docIndex++) {
      const record = this.recordAt(docIndex)
      if (record) yield record
    }
  }

  /** The analysed terms of each indexed field of a record, in field order. */
  analyzeFields(record: AnyRecord, analyzer: Analyzer = this.analyzer): string[][] {
    return this.fieldNames.map((field) => analyzer.analyze(fieldText(record, field)))
  }

  /**
   * Fills an empty index with records known only by id, each parsed on first access
   * ({@link recordAt}, {@link get}, {@link values}) and kept: docIndex d gets `ids[d]`. The
   * caller loads the inverted indexes (and keywords) with the same documents; a record removed
   * before its first access is never parsed. Used by binary snapshots.
   *
   * @param ids The records' ids, distinct, in docIndex order.
   * @param parse The record of a docIndex; it must have the id `ids[docIndex]`.
   * @internal
   */
  restoreAll(ids: readonly DocId[], parse: (docIndex: number) => R): void {
    invariant(this.records.length === 0 && this.docIndexById.size === 0, 'restoreAll fills an empty index')
    for (let d = 0; d < ids.length; d++) this.docIndexById.set(ids[d]!, d)
    invariant(this.docIndexById.size === ids.length, 'restored ids are distinct')
    for (let d = 0; d < ids.length; d++) this.records.push(undefined) // packed, not a sparse `length =`
    this.lazyRecords = { count: ids.length, parse }
  }

  /**
   * Adds a record whose field terms and keyword phrases are already known (snapshot loading).
   * @internal
   */
  restore(
    record: R,
    fieldTerms: readonly (readonly string[])[],
    phrases: readonly { phrase: string; source: KeywordSource }[],
    charFieldTerms?: readonly (readonly string[])[],
  ): void {
    if (this.docIndexById.has(record.id)) this.remove(record.id)
    const docIndex = this.terms.addDocument(fieldTerms)
    if (this.chars) {
      invariant(charFieldTerms !== undefined, `snapshot record ${record.id} lacks its character n-grams`)
      invariant(this.chars.addDocument(charFieldTerms) === docIndex, 'word and n-gram indexes stay aligned')
    }
    this.records[docIndex] = record
    this.docIndexById.set(record.id, docIndex)
    for (const { phrase, source } of phrases) this.keywords.add(docIndex, [phrase], source)
  }

  private addWithoutKeywords(record: R): number {
    if (this.docIndexById.has(record.id)) this.remove(record.id)
    const docIndex = this.terms.addDocument(this.analyzeFields(record))
    if (this.chars && this.charAnalyzer) {
      invariant(this.chars.addDocument(this.analyzeFields(record, this.charAnalyzer)) === docIndex, 'word and n-gram indexes stay aligned')
    }
    this.records[docIndex] = record
    this.docIndexById.set(record.id, docIndex)
    this.addPhrases(record, docIndex)
    return docIndex
  }

  private addPhrases(record: R, docIndex: number): void {
    for (const { field, source } of PHRASE_FIELDS[this.kind]) {
      const value = (record as unknown as Record<string, unknown>)[field]
      const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
      this.keywords.add(docIndex, items.filter((v): v is string => typeof v === 'string').map((v) => normalize(v).trim()), source)
    }
  }

  private extractKeywordsOf(docIndex: number): void {
    if (this.extractedKeywords === 0) return
    this.keywords.add(docIndex, extractKeywords(this.terms, docIndex, this.fieldWeights, this.extractedKeywords), 'extracted')
  }

  /** {@link extractKeywordsOf} for the live ones of many documents, with the statistics they all share. */
  private extractKeywordsOfAll(docIndexes: readonly number[]): void {
    if (this.extractedKeywords === 0) return
    const extract = createKeywordExtractor(this.terms, this.fieldWeights, this.extractedKeywords)
    for (const docIndex of docIndexes) if (this.terms.isLive(docIndex)) this.keywords.add(docIndex, extract(docIndex), 'extracted')
  }
}

/**
 * Builds an index over records of one kind.
 *
 * @param records The records; a later record with the same id replaces an earlier one.
 * @param options The analyzer, kind and field boosts.
 * @returns The index.
 * @throws MatchError INVALID_OPTION on bad field weights.
 * @example
 * const index = buildIndex(achievements, { fields: { title: 3, keywords: 2, summary: 1 } })
 */
export function buildIndex<K extends RecordKind>(records: readonly RecordOf[K][], options: IndexOptions & { kind: K }): DocumentIndex<RecordOf[K]>
export function buildIndex<R extends AnyRecord>(records: readonly R[], options?: IndexOptions): DocumentIndex<R>
export function buildIndex<R extends AnyRecord>(records: readonly R[], options: IndexOptions = {}): DocumentIndex<R> {
  const kind = options.kind ?? (records[0] ? inferKind(records[0]) : undefined) ?? 'achievement'
  const index = new DocumentIndex<R>({ ...options, kind })
  index.addAll(records)
  return index
}
