/**
 * The inverted index: term → postings { docIndex, termFreq per field }, plus a forward index
 * (docIndex → its terms) and the field lengths that BM25F needs. Knows terms, never text,
 * records or tokenizers.
 *
 * Storage is typed arrays grown by doubling, so a 10^5-record index is a few hundred arrays
 * rather than millions of objects. Removal marks the document dead, updates docFreq and the
 * length totals at once (statistics are always exact) and leaves its postings in place until
 * {@link InvertedIndex.compact}: scorers skip dead documents.
 *
 * An index loaded from a snapshot ({@link InvertedIndex.loadPostings}), and one built in bulk
 * from empty ({@link InvertedIndex.addBatches}), keeps flat arrays (offsets and one buffer each
 * for postings and forward entries) and makes a term's or a document's views when asked: at
 * 10^5 records and ~800k character terms, making them all (about 1.8M views, and their garbage)
 * was most of a load and a good part of a build's collections. Removal and compaction work on
 * the flat arrays; adding documents one by one first makes every view.
 */
import { invariant } from '../errors.js'
import { PackedTermTable, TermTable } from '../tokenize/term-table.js'
import type { CorpusStats } from './corpus-stats.js'
import { FlatForwardBuilder } from './flat-forward-builder.js'
import { BatchTermIds, type ForwardBatch } from './forward-batch.js'
import { isSharedBatch, ownBatch } from './shared-batch.js'
import { grow } from './grow.js'
import { invertForward, type FlatForward, type FlatPostings, type PostingRoom } from './invert-forward.js'
import { ShortTermIds } from './short-term-ids.js'
import { MAX_TERM_COUNT } from './term-counts.js'

/** The postings of one term. Arrays may be longer than `length`; `tfs` holds `fieldCount` counts a posting (see term-counts.ts). */
export interface Postings {
  readonly docs: Int32Array
  readonly tfs: Uint16Array
  readonly length: number
}

/**
 * The terms of one document: term ids (ascending, or in the order they were met when the index's
 * forward entries are not ordered: {@link InvertedIndex.orderedForward}) and their per-field raw
 * counts (see term-counts.ts).
 */
export interface DocTerms {
  readonly termIds: Int32Array
  readonly tfs: Uint16Array
}

/** The forward entry of a document without terms (shared: empty typed arrays cannot change). */
const EMPTY_TERM_IDS = new Int32Array(0)
const EMPTY_TFS = new Uint16Array(0)

/** The arrays of an index loaded by {@link InvertedIndex.loadPostings} (see its parameters). */
interface FlatArrays {
  readonly forwardOffsets: Uint32Array
  readonly termIds: Int32Array
  readonly tfs: Uint16Array
  readonly postingOffsets: Uint32Array
  readonly postingDocs: Int32Array
  readonly postingTfs: Uint16Array
}

/** A mutable inverted index over a fixed list of fields. */
export class InvertedIndex implements CorpusStats {
  readonly fieldCount: number
  /** Term ids ↔ texts; packed (no string per term) when loaded by loadPostings, until an addition. */
  private terms: TermTable | PackedTermTable = new TermTable()
  /**
   * Global ids of the terms of one or two code units met by appendForward, in front of `terms`
   * (see ShortTermIds): most batch terms, found without hashing characters. Dropped when the
   * postings are placed, and whenever `terms` is replaced.
   */
  private shortTermIds: ShortTermIds | undefined
  /**
   * Set while the index is as loadPostings left it, apart from removals and compaction: then
   * postingDocs and postingTfs are empty, and forwardTerms and forwardTfs hold the views made so far.
   */
  private flat: FlatArrays | undefined
  /** Posting views of a flat index made so far, by term id (views on `flat`, valid while it is). */
  private flatPostings = new Map<number, { readonly docs: Int32Array; readonly tfs: Uint16Array }>()
  /**
   * Forward arrays of batches appended to an empty index and not placed yet (see appendForward):
   * a bulk build goes straight to the flat form, with no typed-array view per term or document.
   */
  private pending: FlatForwardBuilder | undefined
  /** Documents the next bulk build into an empty index expects, and whether another thread places its postings (see expectDocuments). */
  private expectedDocuments = 0
  private invertedElsewhere = false
  /** Scratch of appendForward: a batch entry's position by global term id; a batch's ordered entries when it stays in its own arrays. */
  private positionScratch = new Int32Array(0)
  private orderedIds = new Int32Array(0)
  private orderedTfs = new Uint16Array(0)
  private postingDocs: Int32Array[] = []
  private postingTfs: Uint16Array[] = []
  private postingLengths = new Int32Array(0)
  private docFreqs = new Int32Array(0)
  private live = new Uint8Array(0)
  private fieldLengths = new Float32Array(0)
  private forwardTerms: (Int32Array | undefined)[] = []
  private forwardTfs: (Uint16Array | undefined)[] = []
  private readonly fieldLengthSums: Float64Array
  private liveCount = 0
  private deadPostings = 0
  /** Increases on every change; caches derived from statistics compare it. */
  version = 0

  /**
   * @param fieldCount Fields per document.
   * @param orderedForward Whether each document's forward entries are kept in ascending term
   *   id order (default). When false they keep the order the document met its terms (first
   *   appearance, field by field), and a bulk build sorts nothing: for the character channel
   *   (~330 entries a document) that sort was ~1.5 s of main-thread CPU in a 10^5-record build. Nothing may
   *   then binary-search a document's terms.
   */
  constructor(
    fieldCount: number,
    readonly orderedForward = true,
  ) {
    invariant(Number.isInteger(fieldCount) && fieldCount > 0, `fieldCount must be a positive integer, got ${fieldCount}`)
    this.fieldCount = fieldCount
    this.fieldLengthSums = new Float64Array(fieldCount)
  }

  /** Number of live documents. */
  get docCount(): number {
    return this.liveCount
  }

  /** Number of document slots ever assigned (live and dead); docIndex values are below it. */
  get slotCount(): number {
    return this.forwardTerms.length
  }

  /** Number of distinct terms ever seen. Term ids are below it. */
  get termCount(): number {
    return this.terms.size
  }

  /** The id of a term, or -1 when the index has never seen it. */
  termId(term: string): number {
    return this.terms.idOf(term)
  }

  /** The text of a term id. */
  term(termId: number): string {
    return (termId >= 0 && termId < this.terms.size ? this.terms.term(termId) : undefined) ?? ''
  }

  /** The number of live documents containing the term. */
  docFreq(termId: number): number {
    return termId >= 0 && termId < this.docFreqs.length ? this.docFreqs[termId]! : 0
  }

  /** Mean length of a field over live documents, 0 when there are none. */
  avgFieldLength(field: number): number {
    return this.liveCount > 0 ? this.fieldLengthSums[field]! / this.liveCount : 0
  }

  /** Length (term count) of a field of a document. */
  fieldLength(docIndex: number, field: number): number {
    return this.fieldLengths[docIndex * this.fieldCount + field] ?? 0
  }

  /** Whether a document slot holds a live document. */
  isLive(docIndex: number): boolean {
    return this.live[docIndex] === 1
  }

  /** The postings of a term; empty for unknown terms. May include dead documents. */
  postings(termId: number): Postings {
    const flat = this.flat
    if (flat) {
      if (!(termId >= 0 && termId < this.terms.size)) return { docs: new Int32Array(0), tfs: new Uint16Array(0), length: 0 }
      // The views of the terms asked for are kept (queries ask for the same few thousand again).
      let views = this.flatPostings.get(termId)
      if (views === undefined) {
        const start = flat.postingOffsets[termId]!
        const end = flat.postingOffsets[termId + 1]!
        const F = this.fieldCount
        views = { docs: flat.postingDocs.subarray(start, end), tfs: flat.postingTfs.subarray(start * F, end * F) }
        this.flatPostings.set(termId, views)
      }
      return { docs: views.docs, tfs: views.tfs, length: this.postingLengths[termId]! }
    }
    const docs = this.postingDocs[termId]
    const tfs = this.postingTfs[termId]
    if (!docs || !tfs) return { docs: new Int32Array(0), tfs: new Uint16Array(0), length: 0 }
    return { docs, tfs, length: this.postingLengths[termId]! }
  }

  /** How many postings a term has (0 for an unknown id): the first `length` of {@link postings}, or of its stretch of the flat arrays. */
  postingLength(termId: number): number {
    return termId >= 0 && termId < this.postingLengths.length ? this.postingLengths[termId]! : 0
  }

  /** The terms of a live document, or undefined for a dead or unknown slot. */
  docTerms(docIndex: number): DocTerms | undefined {
    if (!this.isLive(docIndex)) return undefined
    const flat = this.flat
    if (flat) {
      // Views made per call, not kept: a view per document (two typed arrays each) held for
      // 10^5 documents was a good part of the heap and of every major garbage collection.
      const F = this.fieldCount
      const start = flat.forwardOffsets[docIndex]!
      const end = flat.forwardOffsets[docIndex + 1]!
      return { termIds: flat.termIds.subarray(start, end), tfs: flat.tfs.subarray(start * F, end * F) }
    }
    return { termIds: this.forwardTerms[docIndex]!, tfs: this.forwardTfs[docIndex]! }
  }

  /**
   * The flat arrays of an index exactly as a snapshot stores them — every slot live, every term
   * in some document, postings not compacted — or undefined. A bulk-built or loaded index that
   * has not changed since is such an index, and a snapshot writer may copy its arrays as they are.
   * @internal
   */
  exactFlatArrays(): (FlatArrays & { readonly terms: readonly string[] | PackedTermTable }) | undefined {
    const flat = this.flat
    const n = this.forwardTerms.length
    if (!flat || this.liveCount !== n || this.deadPostings !== 0 || flat.forwardOffsets.length !== n + 1) return undefined
    for (let t = 0; t < this.terms.size; t++) {
      if (this.docFreqs[t] === 0 || this.postingLengths[t] !== flat.postingOffsets[t + 1]! - flat.postingOffsets[t]!) return undefined
    }
    return { ...flat, terms: this.terms instanceof TermTable ? this.terms.list() : this.terms }
  }

  /**
   * The flat posting arrays of a bulk-built or loaded index (term t's postings fill slots
   * offsets[t]… of docs, and fieldCount times as many of tfs; after compact() only the first
   * postings(t).length of them are current), or undefined when the index is not flat. A scorer
   * keeps a value per posting in one array parallel to them. @internal
   */
  flatPostingArrays(): { readonly offsets: Uint32Array; readonly docs: Int32Array; readonly tfs: Uint16Array } | undefined {
    const flat = this.flat
    return flat && { offsets: flat.postingOffsets, docs: flat.postingDocs, tfs: flat.postingTfs }
  }

  /** Makes (and keeps) the forward views of a document of a loaded index. */
  private forwardView(docIndex: number, flat: FlatArrays): void {
    const F = this.fieldCount
    const start = flat.forwardOffsets[docIndex]!
    const end = flat.forwardOffsets[docIndex + 1]!
    this.forwardTerms[docIndex] = flat.termIds.subarray(start, end)
    this.forwardTfs[docIndex] = flat.tfs.subarray(start * F, end * F)
  }

  /**
   * Leaves the flat form of a loaded index: makes every term's posting views and every live
   * document's forward views, as loadPostings did before views were made on demand. Mutations
   * other than removal and compaction need them.
   */
  private materialise(): void {
    const flat = this.flat
    if (!flat) return
    const F = this.fieldCount
    const T = this.terms.size
    const docs = new Array<Int32Array>(T)
    const tfs = new Array<Uint16Array>(T)
    for (let t = 0; t < T; t++) {
      const start = flat.postingOffsets[t]!
      const end = flat.postingOffsets[t + 1]!
      docs[t] = flat.postingDocs.subarray(start, end)
      tfs[t] = flat.postingTfs.subarray(start * F, end * F)
    }
    const n = flat.forwardOffsets.length - 1
    for (let d = 0; d < n; d++) if (this.live[d] === 1) this.forwardView(d, flat)
    this.postingDocs = docs
    this.postingTfs = tfs
    this.flat = undefined
    this.flatPostings = new Map()
    if (this.terms instanceof PackedTermTable) this.terms = this.terms.toTermTable()
  }

  /**
   * Adds a document given its terms per field, in field order, repeats kept.
   *
   * @param fieldTerms One array of terms per field; its length must equal fieldCount.
   * @returns The new document's docIndex.
   */
  addDocument(fieldTerms: readonly (readonly string[])[]): number {
    const F = this.fieldCount
    invariant(fieldTerms.length === F, `expected ${F} fields, got ${fieldTerms.length}`)
    this.materialise()
    const docIndex = this.forwardTerms.length
    let termIds = EMPTY_TERM_IDS
    let tfs = EMPTY_TFS
    if (fieldTerms.some((terms) => terms.length > 0)) {
      // Count per (term, field) in plain arrays: a typed array per distinct term of every
      // document made this the most expensive line of a 10k-record build.
      const local = new Map<number, number>()
      const ids: number[] = []
      const counts: number[] = []
      for (let f = 0; f < F; f++) {
        for (const text of fieldTerms[f]!) {
          const id = this.internTerm(text)
          let i = local.get(id)
          if (i === undefined) {
            i = ids.length
            local.set(id, i)
            ids.push(id)
            for (let g = 0; g < F; g++) counts.push(0)
          }
          if (counts[i * F + f]! < MAX_TERM_COUNT) counts[i * F + f]! += 1
        }
      }
      const order = ids.map((_, i) => i)
      if (this.orderedForward) order.sort((a, b) => ids[a]! - ids[b]!)
      termIds = new Int32Array(ids.length)
      tfs = new Uint16Array(ids.length * F)
      for (let j = 0; j < order.length; j++) {
        const i = order[j]!
        termIds[j] = ids[i]!
        for (let f = 0; f < F; f++) tfs[j * F + f] = counts[i * F + f]!
      }
    }

    this.live = grow(this.live, docIndex + 1)
    this.fieldLengths = grow(this.fieldLengths, (docIndex + 1) * F)
    for (let f = 0; f < F; f++) {
      const length = fieldTerms[f]!.length
      this.fieldLengths[docIndex * F + f] = length
      this.fieldLengthSums[f]! += length
    }
    this.live[docIndex] = 1
    this.liveCount++
    this.forwardTerms.push(termIds)
    this.forwardTfs.push(tfs)
    for (let i = 0; i < termIds.length; i++) this.appendPosting(termIds[i]!, docIndex, tfs, i * F)
    this.version++
    return docIndex
  }

  /**
   * Appends the documents of batches analysed elsewhere (see {@link ForwardBatch}), in order,
   * as {@link addDocument} would one by one — same term ids, docIndexes and statistics — but
   * with one string lookup per distinct term of a batch instead of one per token, and the
   * postings of all batches placed at once: every term's new postings get an exact-size view
   * of one shared buffer, instead of a typed array per term grown by doubling (at 10^5 records
   * and 10^5–10^6 terms, those allocations and their garbage were most of the build).
   *
   * @param batches The batches; the index takes their arrays over (term ids are rewritten and
   *   sorted in place, and kept as the forward index): do not use them afterwards. A batch may
   *   continue the one before it (ForwardBatchBuilder.take).
   * @returns The docIndex of the first batch's first document (the others follow in order).
   */
  addBatches(batches: readonly ForwardBatch[]): number {
    const first = this.forwardTerms.length
    const known = new BatchTermIds()
    this.expectDocuments(batches.reduce((n, b) => n + b.docTermCounts.length, 0))
    for (const batch of batches) this.appendForward(batch, known)
    this.placePostings(first)
    return first
  }

  /**
   * Builds the postings of the documents from `first` on, appended by {@link appendForward}
   * (the second half of {@link addBatches}, for callers that append batches as they arrive).
   * @internal
   */
  placePostings(first: number): void {
    this.shortTermIds = undefined
    if (this.pending !== undefined) {
      invariant(first === 0, 'a bulk build into an empty index places every document')
      return this.placeFlat()
    }
    this.materialise()
    const F = this.fieldCount
    const n = this.forwardTerms.length - first
    // New postings per term, then room for them: terms whose arrays are too small get an
    // exact view of one shared buffer, their old postings copied in.
    const added = new Int32Array(this.terms.size)
    for (let d = first; d < first + n; d++) for (const t of this.forwardTerms[d]!) added[t]! += 1
    let room = 0
    for (let t = 0; t < added.length; t++) {
      if (added[t]! > 0 && !this.hasRoom(t, this.postingLengths[t]! + added[t]!)) room += this.postingLengths[t]! + added[t]!
    }
    const slabDocs = new Int32Array(room)
    const slabTfs = new Uint16Array(room * F)
    // Where each term's next new posting goes: in the slab or in its own array.
    const cursor = this.postingLengths.slice(0, added.length)
    const inSlab = new Uint8Array(added.length)
    let offset = 0
    for (let t = 0; t < added.length; t++) {
      const length = this.postingLengths[t]!
      const needed = length + added[t]!
      if (added[t]! === 0 || this.hasRoom(t, needed)) continue
      inSlab[t] = 1
      slabDocs.set(this.postingDocs[t]!.subarray(0, length), offset)
      slabTfs.set(this.postingTfs[t]!.subarray(0, length * F), offset * F)
      this.postingDocs[t] = slabDocs.subarray(offset, offset + needed)
      this.postingTfs[t] = slabTfs.subarray(offset * F, (offset + needed) * F)
      cursor[t] = offset + length
      offset += needed
    }

    for (let d = first; d < first + n; d++) {
      const termIds = this.forwardTerms[d]!
      const tfs = this.forwardTfs[d]!
      for (let i = 0; i < termIds.length; i++) {
        const t = termIds[i]!
        const at = cursor[t]!++
        if (inSlab[t] === 1) {
          slabDocs[at] = d
          for (let f = 0; f < F; f++) slabTfs[at * F + f] = tfs[i * F + f]!
        } else {
          this.postingDocs[t]![at] = d
          const postingTfs = this.postingTfs[t]!
          for (let f = 0; f < F; f++) postingTfs[at * F + f] = tfs[i * F + f]!
        }
      }
    }
    for (let t = 0; t < added.length; t++) {
      this.postingLengths[t]! += added[t]!
      this.docFreqs[t]! += added[t]!
    }
    this.version++
  }

  /** Whether a term's posting arrays hold `postings` postings. */
  private hasRoom(termId: number, postings: number): boolean {
    return this.postingDocs[termId]!.length >= postings && this.postingTfs[termId]!.length >= postings * this.fieldCount
  }

  /**
   * Appends a batch's documents to the forward index and statistics, taking the batch's arrays
   * over (see {@link addBatches}); their postings are placed by {@link placePostings}, which
   * must follow before the index is read.
   *
   * @param batch The batch.
   * @param known The global ids of the terms its builder listed in earlier batches, for a batch
   *   that continues one (termBase > 0, see ForwardBatchBuilder.take); receives the ids of the
   *   terms this batch lists. Batches of one builder must come in the order it made them.
   * @internal
   */
  appendForward(batch: ForwardBatch, known: BatchTermIds = new BatchTermIds()): void {
    const F = this.fieldCount
    const n = batch.docTermCounts.length
    const total = batch.termIds.length
    invariant(batch.tfs.length === total * F && batch.fieldLengths.length === n * F, 'forward arrays and field lengths match the document count')
    // Into an empty index, batches are kept as they are until placePostings makes the flat form.
    if (this.pending === undefined && this.forwardTerms.length === 0 && this.flat === undefined) this.pending = new FlatForwardBuilder(F, this.expectedDocuments, this.invertedElsewhere)
    // Otherwise the documents keep the batch's arrays as their views; a batch in shared memory is
    // its sender's (an analysis thread reuses it for a later chunk), so they keep copies.
    if (this.pending === undefined && isSharedBatch(batch)) return this.appendForward(ownBatch(batch), known)
    const pending = this.pending
    if (pending === undefined) this.materialise()
    const first = this.forwardTerms.length
    // Global ids of the listed terms, after those of the builder's earlier batches.
    invariant(batch.termBase === 0 || batch.termBase === known.size, 'a continuing batch follows the batches it continues')
    const base = batch.termBase
    const termCount = base + batch.termEnds.length
    const toGlobal = (known.ids = grow(known.ids, termCount))
    known.size = termCount
    const text = batch.termText
    // Terms of one or two code units (every character n-gram, most words) by their units.
    const short = (this.shortTermIds ??= new ShortTermIds())
    for (let t = 0, start = 0; t < batch.termEnds.length; start = batch.termEnds[t++]!) {
      const end = batch.termEnds[t]!
      if (end - start === 1 || end - start === 2) {
        let slot = short.slotOf(text, start, end)
        if (slot === -1) slot = short.add(text, start, end, this.internTerm(text, start, end), 0)
        toGlobal[base + t] = short.id(slot)
      } else {
        toGlobal[base + t] = this.internTerm(text, start, end)
      }
    }

    const termIds = batch.termIds
    if (pending !== undefined) {
      // Into an empty index the entries go straight to the flat forward arrays, their global ids
      // written there (the batch's own arrays, often its sender's shared memory, are then dropped).
      const out = pending.reserve(n, total)
      if (this.orderedForward) this.orderInto(batch, toGlobal, termCount, pending.termIds, pending.tfs, out)
      else {
        const outIds = pending.termIds
        for (let j = 0; j < total; j++) outIds[out + j] = globalId(toGlobal, termIds[j]!, termCount)
        pending.tfs.set(batch.tfs, out * F)
      }
      pending.commit(batch.docTermCounts)
      // Slots without views (holes), as a loaded index has them.
      this.forwardTerms.length += n
      this.forwardTfs.length += n
    } else {
      // Otherwise they stay in the batch's arrays, global ids in place, as the documents' views.
      if (this.orderedForward) {
        const ids = (this.orderedIds = grow(this.orderedIds, total))
        const tfs = (this.orderedTfs = grow(this.orderedTfs, total * F))
        this.orderInto(batch, toGlobal, termCount, ids, tfs, 0)
        termIds.set(ids.subarray(0, total))
        batch.tfs.set(tfs.subarray(0, total * F))
      } else {
        for (let j = 0; j < total; j++) termIds[j] = globalId(toGlobal, termIds[j]!, termCount)
      }
      for (let d = 0, i = 0; d < n; i += batch.docTermCounts[d++]!) {
        const m = batch.docTermCounts[d]!
        this.forwardTerms.push(termIds.subarray(i, i + m))
        this.forwardTfs.push(batch.tfs.subarray(i * F, (i + m) * F))
      }
    }

    this.live = grow(this.live, first + n)
    this.fieldLengths = grow(this.fieldLengths, (first + n) * F)
    for (let d = 0; d < n; d++) {
      for (let f = 0; f < F; f++) {
        const length = batch.fieldLengths[d * F + f]!
        this.fieldLengths[(first + d) * F + f] = length
        this.fieldLengthSums[f]! += length
      }
      this.live[first + d] = 1
    }
    this.liveCount += n
  }

  /**
   * appendForward's entries in ascending term id order within each document, their local ids
   * mapped to global ones (`toGlobal`), written into `outIds` and `outTfs` from entry `out` on
   * (the flat arrays, or scratch): each document's ids are sorted in place there (native Int32
   * sort; those arrays are this thread's own, which the batch's, shared memory, are not: V8
   * copies a shared array before sorting it, ~40 MB of garbage in a 10^5-record build), each
   * one's counts found through a term-indexed scratch array of positions.
   */
  private orderInto(batch: ForwardBatch, toGlobal: Int32Array, termCount: number, outIds: Int32Array, outTfs: Uint16Array, out: number): void {
    const F = this.fieldCount
    const total = batch.termIds.length
    const termIds = batch.termIds
    const tfs = batch.tfs
    const positionOf = (this.positionScratch = grow(this.positionScratch, this.terms.size))
    let i = 0
    for (let d = 0; d < batch.docTermCounts.length; d++) {
      const m = batch.docTermCounts[d]!
      invariant(i + m <= total, 'document term counts fit the batch')
      for (let j = i; j < i + m; j++) {
        const id = globalId(toGlobal, termIds[j]!, termCount)
        positionOf[id] = j
        outIds[out + j] = id
      }
      const ids = outIds.subarray(out + i, out + i + m).sort()
      for (let j = 0, at = (out + i) * F; j < m; j++, at += F) {
        const from = positionOf[ids[j]!]! * F
        for (let f = 0; f < F; f++) outTfs[at + f] = tfs[from + f]!
      }
      i += m
    }
    invariant(i === total, 'document term counts cover the batch')
  }

  /**
   * The number of documents the next bulk build into an empty index will append (a hint: its
   * flat forward arrays are reserved from it, see FlatForwardBuilder), and whether its postings
   * will be placed by another thread (takePendingForward): its arrays then go in shared memory,
   * with room for the postings. @internal
   */
  expectDocuments(count: number, invertedElsewhere = false): void {
    if (this.pending !== undefined) return
    this.expectedDocuments = count
    this.invertedElsewhere = invertedElsewhere
  }

  /**
   * Ends a bulk build into an empty index: the pending forward arrays get their postings
   * (counted per term and placed in document order), as loadPostings would hold them.
   * Statistics were kept by appendForward.
   */
  private placeFlat(): void {
    const forward = this.finishPending()!
    this.placeInverted(forward, invertForward(forward.forwardOffsets, forward.termIds, forward.tfs, forward.termCount, this.fieldCount))
  }

  /**
   * Starts placing a bulk build's postings elsewhere (a worker thread, while this thread goes
   * on with other work): the pending flat forward index is given out with the term count, for
   * `invertForward`. Until {@link placeInverted} receives it back with its postings, the index
   * must not be used.
   *
   * @returns The flat forward index and, when the build was announced as inverted elsewhere
   *   (expectDocuments), the room in shared memory its postings go into; or undefined when no
   *   bulk build into an empty index is pending (then call placePostings).
   * @internal
   */
  takePendingForward(): { readonly forward: FlatForward; readonly room: PostingRoom | undefined } | undefined {
    this.shortTermIds = undefined
    const room = this.pending?.shared ? this.pending.postingRoom() : undefined
    const forward = this.finishPending()
    return forward && { forward, room }
  }

  /**
   * Ends a bulk build with postings inverted elsewhere from {@link takePendingForward}'s arrays.
   * @internal
   */
  placeInverted(forward: FlatForward, postings: FlatPostings): void {
    invariant(forward.forwardOffsets.length === this.forwardTerms.length + 1 && forward.termCount === this.terms.size, 'the inverted arrays are this index\'s')
    const { termCount: _, ...arrays } = forward
    this.adoptFlat({ ...arrays, ...postings })
    this.version++
  }

  /** The pending flat forward arrays, handed out once (undefined when none are pending). */
  private finishPending(): FlatForward | undefined {
    const pending = this.pending
    if (pending === undefined) return undefined
    this.pending = undefined
    this.expectedDocuments = 0
    this.invertedElsewhere = false
    invariant(pending.documentCount === this.forwardTerms.length, 'the pending arrays cover every document')
    return pending.finish(this.terms.size)
  }

  /** Makes `flat` the index's storage: postings read from it, statistics from its offsets. */
  private adoptFlat(flat: FlatArrays): void {
    const T = flat.postingOffsets.length - 1
    const lengths = new Int32Array(T)
    for (let t = 0; t < T; t++) lengths[t] = flat.postingOffsets[t + 1]! - flat.postingOffsets[t]!
    this.flat = flat
    this.flatPostings = new Map()
    this.postingDocs = []
    this.postingTfs = []
    this.postingLengths = lengths
    this.docFreqs = lengths.slice()
  }

  /** Removes a live document: statistics change at once, postings at the next compact(). */
  removeDocument(docIndex: number): void {
    invariant(this.isLive(docIndex), `docIndex ${docIndex} is not a live document`)
    const F = this.fieldCount
    const termIds = this.docTerms(docIndex)!.termIds
    for (const id of termIds) this.docFreqs[id]! -= 1
    for (let f = 0; f < F; f++) this.fieldLengthSums[f]! -= this.fieldLengths[docIndex * F + f]!
    this.live[docIndex] = 0
    this.liveCount--
    this.deadPostings += termIds.length
    this.forwardTerms[docIndex] = undefined
    this.forwardTfs[docIndex] = undefined
    this.version++
    if (this.deadPostings > 1024 && this.deadPostings * 4 > this.totalPostings()) this.compact()
  }


  /**
   * Replaces the whole content with documents whose forward arrays and postings are both
   * given, so that nothing is rebuilt: per-document and per-term views are made on the given
   * arrays, which are kept by reference (pass copies the index may own and mutate). Document d
   * gets docIndex d; every document is live. The caller has validated the input: offsets
   * non-decreasing and spanning their arrays, term ids in range (and ascending within each
   * document when the forward entries are ordered), posting docs in range and ascending within each term, each term's posting count
   * its number of forward entries. Used by binary snapshots.
   *
   * @internal
   */
  loadPostings(data: {
    /** The term table; term id = position. Must hold distinct terms. Kept by reference when packed. */
    readonly terms: readonly string[] | PackedTermTable
    /** Document d's entries are `forwardOffsets[d]` up to `forwardOffsets[d + 1]`. */
    readonly forwardOffsets: Uint32Array
    /** The documents' term ids, and `fieldCount` raw counts per entry. */
    readonly termIds: Int32Array
    readonly tfs: Uint16Array
    /** `fieldCount` lengths per document. */
    readonly fieldLengths: Float32Array<ArrayBuffer>
    /** Term t's postings are `postingOffsets[t]` up to `postingOffsets[t + 1]`. */
    readonly postingOffsets: Uint32Array
    /** The postings' docIndexes, and `fieldCount` raw counts per posting. */
    readonly postingDocs: Int32Array
    readonly postingTfs: Uint16Array
  }): void {
    const F = this.fieldCount
    const { terms, forwardOffsets, termIds, tfs, fieldLengths, postingOffsets, postingDocs, postingTfs } = data
    const n = forwardOffsets.length - 1
    const T = terms instanceof PackedTermTable ? terms.size : terms.length
    invariant(
      n >= 0 && postingOffsets.length === T + 1 && tfs.length === termIds.length * F && postingTfs.length === postingDocs.length * F && fieldLengths.length === n * F,
      'forward arrays, postings and field lengths match the document and term counts',
    )
    // The term table hashes each term into typed arrays; per-term and per-document views are
    // made on demand (postings, docTerms) or by materialise() before an addition.
    this.terms = terms instanceof PackedTermTable ? terms : TermTable.from(terms)
    this.shortTermIds = undefined
    const sums = new Float64Array(F)
    for (let d = 0; d < n; d++) for (let f = 0; f < F; f++) sums[f]! += fieldLengths[d * F + f]!
    this.adoptFlat({ forwardOffsets, termIds, tfs, postingOffsets, postingDocs, postingTfs })
    this.live = new Uint8Array(n).fill(1)
    this.fieldLengths = fieldLengths
    this.fieldLengthSums.set(sums)
    // n empty slots (holes): docTerms fills them on demand.
    this.forwardTerms = new Array<Int32Array | undefined>(n)
    this.forwardTfs = new Array<Uint16Array | undefined>(n)
    this.liveCount = n
    this.deadPostings = 0
    this.version++
  }

  /** Drops the postings of dead documents. Scores do not change; memory and scan time do. */
  compact(): void {
    const F = this.fieldCount
    const flat = this.flat
    for (let t = 0; t < this.terms.size; t++) {
      // A loaded index compacts each term's stretch of the flat arrays, in place.
      const start = flat ? flat.postingOffsets[t]! : 0
      const docs = flat ? flat.postingDocs : this.postingDocs[t]!
      const tfs = flat ? flat.postingTfs : this.postingTfs[t]!
      const length = this.postingLengths[t]!
      let kept = start
      for (let i = start; i < start + length; i++) {
        const d = docs[i]!
        if (this.live[d] !== 1) continue
        docs[kept] = d
        tfs.copyWithin(kept * F, i * F, i * F + F)
        kept++
      }
      this.postingLengths[t] = kept - start
    }
    this.deadPostings = 0
  }

  private totalPostings(): number {
    let total = 0
    for (let t = 0; t < this.terms.size; t++) total += this.postingLengths[t]!
    return total
  }

  private internTerm(text: string, start = 0, end = text.length): number {
    const terms = this.terms
    invariant(terms instanceof TermTable, 'an index adds terms only after materialise()')
    const size = terms.size
    const id = terms.intern(text, start, end)
    if (id === size) {
      // Shared empty arrays until the first posting: a 10^5-record corpus has 10^5–10^6 terms.
      this.postingDocs.push(EMPTY_TERM_IDS)
      this.postingTfs.push(EMPTY_TFS)
      this.postingLengths = grow(this.postingLengths, id + 1)
      this.docFreqs = grow(this.docFreqs, id + 1)
    }
    return id
  }

  private appendPosting(termId: number, docIndex: number, tfs: Uint16Array, offset: number): void {
    const F = this.fieldCount
    const n = this.postingLengths[termId]!
    const docs = (this.postingDocs[termId] = grow(this.postingDocs[termId]!, n + 1))
    const postingTfs = (this.postingTfs[termId] = grow(this.postingTfs[termId]!, (n + 1) * F))
    docs[n] = docIndex
    for (let f = 0; f < F; f++) postingTfs[n * F + f] = tfs[offset + f]!
    this.postingLengths[termId] = n + 1
    this.docFreqs[termId]! += 1
  }
}

/** The global id of a batch's local term id (checked: below the batch's term count). */
function globalId(toGlobal: Int32Array, local: number, termCount: number): number {
  invariant(local >= 0 && local < termCount, 'batch term ids are in range')
  return toGlobal[local]!
}
