/**
 * Forward batches in shared memory: how an analysis thread hands a chunk's batches to the
 * building thread without a new ArrayBuffer per chunk. The thread writes the arrays into a
 * SharedArrayBuffer it keeps for that purpose (a *slot*, reused chunk after chunk) and posts
 * only where they sit ({@link SharedBatchLayout}); the receiver reads them as views.
 *
 * Why: every ArrayBuffer a thread receives counts as new external memory for V8, and each
 * ~64 MB of it starts a full (mark-compact) collection of the receiving heap. Transferred
 * batches (~18 MB a chunk of 4,096 records, both channels) made those collections nearly all
 * of the building thread's major GCs at 10^5 records: 7–9 of them, each marking the whole heap
 * (the caller's records, the term tables) while the V8 heap itself was at a third of its limit.
 *
 * It is not a ForwardBatch builder (see forward-batch.ts), and it does not say when a slot may be
 * reused: the sender reuses it when the receiver says the chunk is done (parallel-analysis.ts).
 */
import { invariant } from '../errors.js'
import type { ForwardBatch } from './forward-batch.js'

/** Where the arrays of one batch sit in a shared buffer, and its term text. */
export interface SharedBatchLayout {
  readonly termBase: number
  readonly termText: string
  /** Byte offset of the first array; the arrays follow one another, each 8-byte aligned. */
  readonly byteOffset: number
  /** Listed terms, documents and entries of the batch. */
  readonly terms: number
  readonly documents: number
  readonly entries: number
  readonly fieldCount: number
  /** Byte offset just after the batch (8-byte aligned): where the next one may start. */
  readonly end: number
}

const align = (bytes: number): number => Math.ceil(bytes / 8) * 8

/** Byte offsets of the five arrays of a batch of these sizes, from `byteOffset`, and its end. */
function offsets(byteOffset: number, terms: number, documents: number, entries: number, fieldCount: number) {
  const termEnds = byteOffset
  const docTermCounts = termEnds + align(4 * terms)
  const termIds = docTermCounts + align(4 * documents)
  const fieldLengths = termIds + align(4 * entries)
  const tfs = fieldLengths + align(4 * documents * fieldCount)
  return { termEnds, docTermCounts, termIds, fieldLengths, tfs, end: tfs + align(2 * entries * fieldCount) }
}

/** The bytes a batch takes in a shared buffer. */
export function sharedBatchBytes(batch: ForwardBatch, fieldCount: number): number {
  return offsets(0, batch.termEnds.length, batch.docTermCounts.length, batch.termIds.length, fieldCount).end
}

/**
 * Copies a batch's arrays into `buffer` from `byteOffset` on (8-byte aligned).
 *
 * @returns Where they are, for {@link readSharedBatch}.
 * @throws MatchError INTERNAL when the buffer is too small or the offset not aligned.
 */
export function writeSharedBatch(batch: ForwardBatch, fieldCount: number, buffer: SharedArrayBuffer, byteOffset: number): SharedBatchLayout {
  const terms = batch.termEnds.length
  const documents = batch.docTermCounts.length
  const entries = batch.termIds.length
  invariant(batch.tfs.length === entries * fieldCount && batch.fieldLengths.length === documents * fieldCount, 'the batch has fieldCount counts per entry')
  const at = offsets(byteOffset, terms, documents, entries, fieldCount)
  invariant(byteOffset % 8 === 0 && at.end <= buffer.byteLength, 'the batch fits the shared buffer')
  new Uint32Array(buffer, at.termEnds, terms).set(batch.termEnds)
  new Uint32Array(buffer, at.docTermCounts, documents).set(batch.docTermCounts)
  new Int32Array(buffer, at.termIds, entries).set(batch.termIds)
  new Float32Array(buffer, at.fieldLengths, documents * fieldCount).set(batch.fieldLengths)
  new Uint16Array(buffer, at.tfs, entries * fieldCount).set(batch.tfs)
  return { termBase: batch.termBase, termText: batch.termText, byteOffset, terms, documents, entries, fieldCount, end: at.end }
}

/** The batch written at `layout`, its arrays views on `buffer` (valid while the sender leaves the slot alone). */
export function readSharedBatch(buffer: SharedArrayBuffer, layout: SharedBatchLayout): ForwardBatch {
  const { terms, documents, entries, fieldCount } = layout
  const at = offsets(layout.byteOffset, terms, documents, entries, fieldCount)
  invariant(at.end === layout.end && at.end <= buffer.byteLength, 'the layout fits the shared buffer')
  return {
    termBase: layout.termBase,
    termText: layout.termText,
    termEnds: new Uint32Array(buffer, at.termEnds, terms),
    docTermCounts: new Uint32Array(buffer, at.docTermCounts, documents),
    termIds: new Int32Array(buffer, at.termIds, entries),
    tfs: new Uint16Array(buffer, at.tfs, entries * fieldCount),
    fieldLengths: new Float32Array(buffer, at.fieldLengths, documents * fieldCount),
  }
}

/** Whether a batch's arrays are in shared memory (then they are their sender's: keep copies, not them). */
export function isSharedBatch(batch: ForwardBatch): boolean {
  return batch.termIds.buffer instanceof SharedArrayBuffer
}

/** A batch with arrays of its own (copies of a shared batch's). */
export function ownBatch(batch: ForwardBatch): ForwardBatch {
  return {
    termBase: batch.termBase,
    termText: batch.termText,
    termEnds: batch.termEnds.slice(),
    docTermCounts: batch.docTermCounts.slice(),
    termIds: batch.termIds.slice(),
    tfs: batch.tfs.slice(),
    fieldLengths: batch.fieldLengths.slice(),
  }
}
