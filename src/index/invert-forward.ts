/**
 * Postings from a flat forward index: each term's documents in docIndex order, with their
 * per-field counts. What a bulk build (InvertedIndex.placeFlat) and the binary snapshot writer
 * both need; it is not an index.
 */
import { invariant } from '../errors.js'

/** A flat forward index: document d's entries are `forwardOffsets[d]` up to `forwardOffsets[d + 1]`. */
export interface FlatForward {
  readonly forwardOffsets: Uint32Array
  /** Each entry's term id, below `termCount`. */
  readonly termIds: Int32Array
  /** `fieldCount` counts per entry. */
  readonly tfs: Uint16Array
  readonly termCount: number
}

/** Flat postings: term t's postings are `postingOffsets[t]` up to `postingOffsets[t + 1]`. */
export interface FlatPostings {
  readonly postingOffsets: Uint32Array
  readonly postingDocs: Int32Array
  /** `fieldCount` counts per posting. */
  readonly postingTfs: Uint16Array
}

/** Arrays the postings are written into, made before (in shared memory, for another thread to fill): exact length, one posting per forward entry. */
export interface PostingRoom {
  readonly docs: Int32Array
  /** `fieldCount` counts per posting. */
  readonly tfs: Uint16Array
}

/**
 * Inverts a flat forward index: document d's entries are `forwardOffsets[d]` up to
 * `forwardOffsets[d + 1]` of `termIds` (each below `termCount`), with `fieldCount` counts each in `tfs`.
 * The postings are written into `room` when given (exactly their size), else into new arrays.
 */
export function invertForward(forwardOffsets: Uint32Array, termIds: Int32Array, tfs: Uint16Array, termCount: number, fieldCount: number, room?: PostingRoom): FlatPostings {
  const F = fieldCount
  const n = forwardOffsets.length - 1
  const total = forwardOffsets[n] ?? 0
  invariant(room === undefined || (room.docs.length === total && room.tfs.length === total * F), 'the room fits the postings')
  const postingOffsets = new Uint32Array(termCount + 1)
  for (let i = 0; i < total; i++) postingOffsets[termIds[i]! + 1]! += 1
  for (let t = 0; t < termCount; t++) postingOffsets[t + 1]! += postingOffsets[t]!
  const cursor = postingOffsets.slice(0, termCount)
  const postingDocs = room?.docs ?? new Int32Array(total)
  const postingTfs = room?.tfs ?? new Uint16Array(total * F)
  for (let d = 0; d < n; d++) {
    for (let i = forwardOffsets[d]!; i < forwardOffsets[d + 1]!; i++) {
      const p = cursor[termIds[i]!]!++
      postingDocs[p] = d
      for (let f = 0; f < F; f++) postingTfs[p * F + f] = tfs[i * F + f]!
    }
  }
  return { postingOffsets, postingDocs, postingTfs }
}
