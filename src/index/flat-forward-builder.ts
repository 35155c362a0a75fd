/**
 * The flat forward arrays of a bulk build, filled as batches arrive: document d's entries are
 * `forwardOffsets[d]` up to `forwardOffsets[d + 1]` of `termIds`, with `fieldCount` counts each
 * in `tfs` (the layout `invertForward` and a loaded index use).
 *
 * Why not keep the batches and copy them into one array at the end: a large array is new
 * memory, and writing it the first time costs a page fault per 4 kB (measured here: 132 MB
 * written into a new array in ~90 ms, into the same array again in ~12 ms). At the end of a
 * build that copy ran alone (~1 s at 10^5 records, both channels); filled as the batches come,
 * the faults happen while worker threads are still analysing.
 *
 * The arrays are reserved from an expected document count and the entries per document seen
 * so far (with a margin), and grown (copied) only when that estimate falls short. `finish`
 * hands out exact-length views: the unused tail of a reservation is never written, so it
 * takes address space, not memory.
 *
 * A *shared* builder (a build whose postings another thread places) keeps its arrays in shared
 * memory and reserves room for the postings beside them ({@link postingRoom}): the thread reads
 * and writes them in place, and nothing is sent back. Every ArrayBuffer a thread receives, or
 * allocates, counts as new external memory for V8, and each ~64 MB of it starts a full
 * collection: received at the end of a build, the ~550 MB of inverted character arrays started
 * one in its tail.
 */
import { invariant } from '../errors.js'
import { grow } from './grow.js'
import type { FlatForward, PostingRoom } from './invert-forward.js'

/** Reserve this much more than the estimate of the entries still to come. */
const MARGIN = 1.05

/** Collects forward entries into flat arrays, a batch of documents at a time. */
export class FlatForwardBuilder {
  private forwardOffsets = new Uint32Array(1)
  private termIdArray: Int32Array<ArrayBufferLike> = new Int32Array(0)
  private tfArray: Uint16Array<ArrayBufferLike> = new Uint16Array(0)
  private postingDocArray: Int32Array<ArrayBufferLike> = new Int32Array(0)
  private postingTfArray: Uint16Array<ArrayBufferLike> = new Uint16Array(0)
  private docs = 0
  private entries = 0

  /**
   * @param fieldCount Counts per entry.
   * @param expectedDocuments How many documents the build will add (a hint for the first
   *   reservation; 0 when unknown).
   * @param shared Whether the arrays go in shared memory, with room for the postings (see above).
   */
  constructor(
    readonly fieldCount: number,
    private readonly expectedDocuments = 0,
    readonly shared = false,
  ) {
    // Shared from the start: a build with no entries still hands out shared arrays.
    if (shared) this.termIdArray = this.postingDocArray = this.int32s(0)
    if (shared) this.tfArray = this.postingTfArray = this.uint16s(0)
  }

  private int32s(length: number): Int32Array<ArrayBufferLike> {
    return this.shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length)
  }

  private uint16s(length: number): Uint16Array<ArrayBufferLike> {
    return this.shared ? new Uint16Array(new SharedArrayBuffer(2 * length)) : new Uint16Array(length)
  }

  /** Number of documents appended. */
  get documentCount(): number {
    return this.docs
  }

  /**
   * Makes room for the next documents and their entries; returns where their entries start.
   * The caller then writes them into {@link termIds} and {@link tfs} from that entry on (the
   * arrays may be new after this call) and calls {@link commit}.
   */
  reserve(documents: number, entries: number): number {
    const need = this.entries + entries
    if (need > this.termIdArray.length) {
      const docs = this.docs + documents
      const perDocument = need / Math.max(1, docs)
      const expected = Math.max(docs, this.expectedDocuments)
      const capacity = Math.max(need, Math.ceil(need + perDocument * (expected - docs) * MARGIN), docs === documents ? 0 : Math.ceil(this.termIdArray.length * 1.25))
      const termIds = this.int32s(capacity)
      termIds.set(this.termIdArray.subarray(0, this.entries))
      const tfs = this.uint16s(capacity * this.fieldCount)
      tfs.set(this.tfArray.subarray(0, this.entries * this.fieldCount))
      this.termIdArray = termIds
      this.tfArray = tfs
      if (this.shared) {
        // Nothing written yet: reserved anew, not copied.
        this.postingDocArray = this.int32s(capacity)
        this.postingTfArray = this.uint16s(capacity * this.fieldCount)
      }
    }
    this.forwardOffsets = grow(this.forwardOffsets, this.docs + documents + 1)
    return this.entries
  }

  /** The term ids being filled (valid until the next {@link reserve}). */
  get termIds(): Int32Array {
    return this.termIdArray
  }

  /** The counts being filled, `fieldCount` per entry (valid until the next {@link reserve}). */
  get tfs(): Uint16Array {
    return this.tfArray
  }

  /** Ends the reserved documents: `counts[i]` entries each, written from the reserved start on. */
  commit(counts: ArrayLike<number>): void {
    const offsets = this.forwardOffsets
    let d = this.docs
    for (let i = 0; i < counts.length; i++, d++) offsets[d + 1] = offsets[d]! + counts[i]!
    invariant(offsets[d]! <= this.termIdArray.length, 'committed entries were reserved')
    this.docs = d
    this.entries = offsets[d]!
  }

  /** A shared builder's room for the postings of the entries committed so far (exact-length views). */
  postingRoom(): PostingRoom {
    invariant(this.shared, 'only a shared builder reserves room for postings')
    return { docs: this.postingDocArray.subarray(0, this.entries), tfs: this.postingTfArray.subarray(0, this.entries * this.fieldCount) }
  }

  /** The arrays, exact-length views (the builder must not be used afterwards). */
  finish(termCount: number): FlatForward {
    const F = this.fieldCount
    return {
      forwardOffsets: this.forwardOffsets.slice(0, this.docs + 1),
      termIds: this.termIdArray.subarray(0, this.entries),
      tfs: this.tfArray.subarray(0, this.entries * F),
      termCount,
    }
  }
}
