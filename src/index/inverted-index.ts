/**
 * The inverted index: term → postings { docIndex, termFreq per field }, plus a forward index
 * (docIndex → its terms) and the field lengths that BM25F needs. Knows terms, never text,
 * records or tokenizers.
 *
 * Storage is typed arrays grown by doubling, so a 10^5-record index is a few hundred arrays
 * rather than millions of objects. Removal marks the document dead, updates docFreq and the
 * length totals at once (statistics are always exact) and leaves its postings in place until
 * {@link InvertedIndex.compact}: scorers skip dead documents.
 */
import { invariant } from '../errors.js'
import type { CorpusStats } from './corpus-stats.js'
import type { ForwardBatch } from './forward-batch.js'

/** The postings of one term. Arrays may be longer than `length`; `tfs` holds `fieldCount` values a posting. */
export interface Postings {
  readonly docs: Int32Array
  readonly tfs: Float32Array
  readonly length: number
}

/** The terms of one document: term ids (ascending) and their per-field raw counts. */
export interface DocTerms {
  readonly termIds: Int32Array
  readonly tfs: Float32Array
}

function grow<T extends Int32Array | Float32Array | Uint8Array | Float64Array>(array: T, minLength: number): T {
  if (array.length >= minLength) return array
  let length = Math.max(8, array.length * 2)
  while (length < minLength) length *= 2
  const next = new (array.constructor as new (n: number) => T)(length)
  next.set(array)
  return next
}

/** The forward entry of a document without terms (shared: empty typed arrays cannot change). */
const EMPTY_TERM_IDS = new Int32Array(0)
const EMPTY_TFS = new Float32Array(0)

/** A mutable inverted index over a fixed list of fields. */
export class InvertedIndex implements CorpusStats {
  readonly fieldCount: number
  private readonly termIdByText = new Map<string, number>()
  private readonly termTexts: string[] = []
  private postingDocs: Int32Array[] = []
  private postingTfs: Float32Array[] = []
  private postingLengths = new Int32Array(0)
  private docFreqs = new Int32Array(0)
  private live = new Uint8Array(0)
  private fieldLengths = new Float32Array(0)
  private forwardTerms: (Int32Array | undefined)[] = []
  private forwardTfs: (Float32Array | undefined)[] = []
  private readonly fieldLengthSums: Float64Array
  private liveCount = 0
  private deadPostings = 0
  /** Increases on every change; caches derived from statistics compare it. */
  version = 0

  constructor(fieldCount: number) {
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
    return this.termTexts.length
  }

  /** The id of a term, or -1 when the index has never seen it. */
  termId(term: string): number {
    return this.termIdByText.get(term) ?? -1
  }

  /** The text of a term id. */
  term(termId: number): string {
    return this.termTexts[termId] ?? ''
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
    const docs = this.postingDocs[termId]
    const tfs = this.postingTfs[termId]
    if (!docs || !tfs) return { docs: new Int32Array(0), tfs: new Float32Array(0), length: 0 }
    return { docs, tfs, length: this.postingLengths[termId]! }
  }

  /** The terms of a live document, or undefined for a dead or unknown slot. */
  docTerms(docIndex: number): DocTerms | undefined {
    if (!this.isLive(docIndex)) return undefined
    return { termIds: this.forwardTerms[docIndex]!, tfs: this.forwardTfs[docIndex]! }
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
          counts[i * F + f]! += 1
        }
      }
      const order = ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!)
      termIds = new Int32Array(ids.length)
      tfs = new Float32Array(ids.length * F)
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
   * @returns The docIndex of the first batch's first document (the others follow in order).
   */
  addBatches(batches: readonly ForwardBatch[]): number {
    const first = this.forwardTerms.length
    for (const batch of batches) this.appendForward(batch)
    this.placePostings(first)
    return first
  }

  /**
   * Builds the postings of the documents from `first` on, appended by {@link appendForward}
   * (the second half of {@link addBatches}, for callers that append batches as they arrive).
   * @internal
   */
  placePostings(first: number): void {
    const F = this.fieldCount
    const n = this.forwardTerms.length - first
    // New postings per term, then room for them: terms whose arrays are too small get an
    // exact view of one shared buffer, their old postings copied in.
    const added = new Int32Array(this.termTexts.length)
    for (let d = first; d < first + n; d++) for (const t of this.forwardTerms[d]!) added[t]! += 1
    let room = 0
    for (let t = 0; t < added.length; t++) {
      if (added[t]! > 0 && !this.hasRoom(t, this.postingLengths[t]! + added[t]!)) room += this.postingLengths[t]! + added[t]!
    }
    const slabDocs = new Int32Array(room)
    const slabTfs = new Float32Array(room * F)
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
   * Appends a batch's documents to the forward index and statistics; their postings are placed
   * by {@link placePostings}, which must follow before the index is read.
   * @internal
   */
  appendForward(batch: ForwardBatch): void {
    const F = this.fieldCount
    const n = batch.docTermCounts.length
    const total = batch.termIds.length
    invariant(batch.tfs.length === total * F && batch.fieldLengths.length === n * F, 'forward arrays and field lengths match the document count')
    const first = this.forwardTerms.length
    const toGlobal = new Int32Array(batch.terms.length)
    for (let t = 0; t < batch.terms.length; t++) toGlobal[t] = this.internTerm(batch.terms[t]!)

    // Global ids, each document's entries sorted by id: sort the ids (native Int32 sort), and
    // find each one's counts through a term-indexed scratch array of positions.
    const termIds = new Int32Array(total)
    const tfs = new Float32Array(total * F)
    const positionOf = new Int32Array(this.termTexts.length)
    let i = 0
    for (let d = 0; d < n; d++) {
      const m = batch.docTermCounts[d]!
      invariant(i + m <= total, 'document term counts fit the batch')
      for (let j = i; j < i + m; j++) {
        const local = batch.termIds[j]!
        invariant(local >= 0 && local < toGlobal.length, 'batch term ids are in range')
        const id = toGlobal[local]!
        termIds[j] = id
        positionOf[id] = j
      }
      const ids = termIds.subarray(i, i + m).sort()
      for (let j = 0; j < m; j++) {
        const from = positionOf[ids[j]!]!
        for (let f = 0; f < F; f++) tfs[(i + j) * F + f] = batch.tfs[from * F + f]!
      }
      this.forwardTerms.push(ids)
      this.forwardTfs.push(tfs.subarray(i * F, (i + m) * F))
      i += m
    }
    invariant(i === total, 'document term counts cover the batch')

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

  /** Removes a live document: statistics change at once, postings at the next compact(). */
  removeDocument(docIndex: number): void {
    invariant(this.isLive(docIndex), `docIndex ${docIndex} is not a live document`)
    const F = this.fieldCount
    const termIds = this.forwardTerms[docIndex]!
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
   * Replaces the whole content with documents given as flat forward arrays, building the
   * postings in one pass (count per term, allocate exact arrays, fill) instead of per-document
   * appends. Document d gets docIndex d; every document is live. The caller has validated the
   * input: term ids in range and ascending within each document. Used by binary snapshots.
   *
   * @param terms The term table; term id = position. Must hold distinct terms.
   * @param docTermCounts Per document, how many terms it has.
   * @param termIds The documents' term ids, one document after another. Kept by reference.
   * @param tfs `fieldCount` raw counts per entry of `termIds`. Kept by reference.
   * @param fieldLengths `fieldCount` lengths per document. Copied.
   * @internal
   */
  loadForward(terms: readonly string[], docTermCounts: Uint32Array, termIds: Int32Array, tfs: Float32Array, fieldLengths: Float32Array): void {
    const F = this.fieldCount
    const n = docTermCounts.length
    const T = terms.length
    const total = termIds.length
    invariant(tfs.length === total * F && fieldLengths.length === n * F, 'forward arrays and field lengths match the document count')
    this.termIdByText.clear()
    this.termTexts.length = 0
    for (let t = 0; t < T; t++) {
      this.termIdByText.set(terms[t]!, t)
      this.termTexts.push(terms[t]!)
    }
    invariant(this.termIdByText.size === T, 'terms are distinct')
    const counts = new Int32Array(T)
    for (let i = 0; i < total; i++) counts[termIds[i]!]! += 1
    // One buffer for all postings; each term gets an exact-length view (appends later grow a copy).
    const allDocs = new Int32Array(total)
    const allTfs = new Float32Array(total * F)
    const starts = new Int32Array(T)
    const postingDocs = new Array<Int32Array>(T)
    const postingTfs = new Array<Float32Array>(T)
    let start = 0
    for (let t = 0; t < T; t++) {
      starts[t] = start
      postingDocs[t] = allDocs.subarray(start, start + counts[t]!)
      postingTfs[t] = allTfs.subarray(start * F, (start + counts[t]!) * F)
      start += counts[t]!
    }
    const forwardTerms = new Array<Int32Array>(n)
    const forwardTfs = new Array<Float32Array>(n)
    const sums = new Float64Array(F)
    let i = 0
    for (let d = 0; d < n; d++) {
      const end = i + docTermCounts[d]!
      forwardTerms[d] = termIds.subarray(i, end)
      forwardTfs[d] = tfs.subarray(i * F, end * F)
      for (; i < end; i++) {
        const k = starts[termIds[i]!]!++
        allDocs[k] = d
        for (let f = 0; f < F; f++) allTfs[k * F + f] = tfs[i * F + f]!
      }
      for (let f = 0; f < F; f++) sums[f]! += fieldLengths[d * F + f]!
    }
    this.postingDocs = postingDocs
    this.postingTfs = postingTfs
    this.postingLengths = counts
    this.docFreqs = counts.slice()
    this.live = new Uint8Array(n).fill(1)
    this.fieldLengths = fieldLengths.slice()
    this.fieldLengthSums.set(sums)
    this.forwardTerms = forwardTerms
    this.forwardTfs = forwardTfs
    this.liveCount = n
    this.deadPostings = 0
    this.version++
  }

  /**
   * Replaces the whole content with documents whose forward arrays and postings are both
   * given, so that nothing is rebuilt: per-document and per-term views are made on the given
   * arrays, which are kept by reference (pass copies the index may own and mutate). Document d
   * gets docIndex d; every document is live. The caller has validated the input: offsets
   * non-decreasing and spanning their arrays, term ids in range and ascending within each
   * document, posting docs in range and ascending within each term, each term's posting count
   * its number of forward entries. Used by binary snapshots.
   *
   * @internal
   */
  loadPostings(data: {
    /** The term table; term id = position. Must hold distinct terms. */
    readonly terms: readonly string[]
    /** Document d's entries are `forwardOffsets[d]` up to `forwardOffsets[d + 1]`. */
    readonly forwardOffsets: Uint32Array
    /** The documents' term ids, and `fieldCount` raw counts per entry. */
    readonly termIds: Int32Array
    readonly tfs: Float32Array
    /** `fieldCount` lengths per document. */
    readonly fieldLengths: Float32Array<ArrayBuffer>
    /** Term t's postings are `postingOffsets[t]` up to `postingOffsets[t + 1]`. */
    readonly postingOffsets: Uint32Array
    /** The postings' docIndexes, and `fieldCount` raw counts per posting. */
    readonly postingDocs: Int32Array
    readonly postingTfs: Float32Array
  }): void {
    const F = this.fieldCount
    const { terms, forwardOffsets, termIds, tfs, fieldLengths, postingOffsets, postingDocs, postingTfs } = data
    const n = forwardOffsets.length - 1
    const T = terms.length
    invariant(
      n >= 0 && postingOffsets.length === T + 1 && tfs.length === termIds.length * F && postingTfs.length === postingDocs.length * F && fieldLengths.length === n * F,
      'forward arrays, postings and field lengths match the document and term counts',
    )
    this.termIdByText.clear()
    this.termTexts.length = 0
    for (let t = 0; t < T; t++) {
      this.termIdByText.set(terms[t]!, t)
      this.termTexts.push(terms[t]!)
    }
    invariant(this.termIdByText.size === T, 'terms are distinct')
    const lengths = new Int32Array(T)
    const docs = new Array<Int32Array>(T)
    const postingTfsByTerm = new Array<Float32Array>(T)
    for (let t = 0; t < T; t++) {
      const start = postingOffsets[t]!
      const end = postingOffsets[t + 1]!
      lengths[t] = end - start
      docs[t] = postingDocs.subarray(start, end)
      postingTfsByTerm[t] = postingTfs.subarray(start * F, end * F)
    }
    const forwardTerms = new Array<Int32Array>(n)
    const forwardTfs = new Array<Float32Array>(n)
    const sums = new Float64Array(F)
    for (let d = 0; d < n; d++) {
      const start = forwardOffsets[d]!
      const end = forwardOffsets[d + 1]!
      forwardTerms[d] = termIds.subarray(start, end)
      forwardTfs[d] = tfs.subarray(start * F, end * F)
      for (let f = 0; f < F; f++) sums[f]! += fieldLengths[d * F + f]!
    }
    this.postingDocs = docs
    this.postingTfs = postingTfsByTerm
    this.postingLengths = lengths
    this.docFreqs = lengths.slice()
    this.live = new Uint8Array(n).fill(1)
    this.fieldLengths = fieldLengths
    this.fieldLengthSums.set(sums)
    this.forwardTerms = forwardTerms
    this.forwardTfs = forwardTfs
    this.liveCount = n
    this.deadPostings = 0
    this.version++
  }

  /** Drops the postings of dead documents. Scores do not change; memory and scan time do. */
  compact(): void {
    const F = this.fieldCount
    for (let t = 0; t < this.postingDocs.length; t++) {
      const docs = this.postingDocs[t]!
      const tfs = this.postingTfs[t]!
      const length = this.postingLengths[t]!
      let kept = 0
      for (let i = 0; i < length; i++) {
        const d = docs[i]!
        if (this.live[d] !== 1) continue
        docs[kept] = d
        tfs.copyWithin(kept * F, i * F, i * F + F)
        kept++
      }
      this.postingLengths[t] = kept
    }
    this.deadPostings = 0
  }

  private totalPostings(): number {
    let total = 0
    for (let t = 0; t < this.postingDocs.length; t++) total += this.postingLengths[t]!
    return total
  }

  private internTerm(text: string): number {
    let id = this.termIdByText.get(text)
    if (id === undefined) {
      id = this.termTexts.length
      this.termIdByText.set(text, id)
      this.termTexts.push(text)
      // Shared empty arrays until the first posting: a 10^5-record corpus has 10^5–10^6 terms.
      this.postingDocs.push(EMPTY_TERM_IDS)
      this.postingTfs.push(EMPTY_TFS)
      this.postingLengths = grow(this.postingLengths, id + 1)
      this.docFreqs = grow(this.docFreqs, id + 1)
    }
    return id
  }

  private appendPosting(termId: number, docIndex: number, tfs: Float32Array, offset: number): void {
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
