import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ForwardBatchBuilder, type ForwardBatch } from './forward-batch.js'
import { InvertedIndex } from './inverted-index.js'
import { isSharedBatch, ownBatch, readSharedBatch, sharedBatchBytes, writeSharedBatch } from './shared-batch.js'

const F = 3
const term = fc.constantFrom('石墨烯', '涂料', '防腐', '海', '5g', 'igbt模块', '锂电池隔膜', '膜')
const docs = fc.array(fc.array(fc.array(term, { maxLength: 6 }), { minLength: F, maxLength: F }), { minLength: 1, maxLength: 12 })

function batchOf(documents: readonly (readonly (readonly string[])[])[], builder = new ForwardBatchBuilder(F)): ForwardBatch {
  for (const fields of documents) builder.add(fields)
  return builder.take()
}

/** The batch as plain arrays, to compare batches whatever their buffers. */
function plain(batch: ForwardBatch) {
  return {
    termBase: batch.termBase,
    termText: batch.termText,
    termEnds: [...batch.termEnds],
    docTermCounts: [...batch.docTermCounts],
    termIds: [...batch.termIds],
    tfs: [...batch.tfs],
    fieldLengths: [...batch.fieldLengths],
  }
}

describe('shared batches', () => {
  it('read back equal to the batches written, two after one another in one buffer', () => {
    fc.assert(
      fc.property(docs, docs, (first, second) => {
        const builder = new ForwardBatchBuilder(F)
        const a = batchOf(first, builder)
        const b = batchOf(second, builder) // continues a: termBase > 0
        const buffer = new SharedArrayBuffer(sharedBatchBytes(a, F) + sharedBatchBytes(b, F))
        const at = writeSharedBatch(a, F, buffer, 0)
        const bt = writeSharedBatch(b, F, buffer, at.end)
        expect(bt.end).toBe(buffer.byteLength)
        const [ra, rb] = [readSharedBatch(buffer, at), readSharedBatch(buffer, bt)]
        expect(isSharedBatch(ra) && isSharedBatch(rb)).toBe(true)
        expect(plain(ra)).toEqual(plain(a))
        expect(plain(rb)).toEqual(plain(b))
        const own = ownBatch(rb)
        expect(isSharedBatch(own)).toBe(false)
        expect(plain(own)).toEqual(plain(b))
      }),
      { numRuns: 100 },
    )
  })

  it('refuses a buffer too small for the batch', () => {
    const batch = batchOf([[['石墨烯', '涂料'], ['防腐'], []]])
    expect(() => writeSharedBatch(batch, F, new SharedArrayBuffer(sharedBatchBytes(batch, F) - 8), 0)).toThrow(/fits the shared buffer/)
  })

  it('are copied by an index that keeps batch arrays as document views: reusing the buffer afterwards changes nothing in it', () => {
    const index = new InvertedIndex(F)
    index.addDocument([['海', '涂料'], [], []]) // not empty: documents keep their batch's arrays
    const batch = batchOf([[['石墨烯', '涂料'], ['防腐'], []], [['锂电池隔膜'], [], ['膜', '膜']]])
    const buffer = new SharedArrayBuffer(sharedBatchBytes(batch, F))
    index.appendForward(readSharedBatch(buffer, writeSharedBatch(batch, F, buffer, 0)))
    const before = [1, 2].map((d) => ({ termIds: [...index.docTerms(d)!.termIds], tfs: [...index.docTerms(d)!.tfs] }))
    new Uint8Array(buffer).fill(0xff) // the analysis thread writes its next chunk here
    expect([1, 2].map((d) => ({ termIds: [...index.docTerms(d)!.termIds], tfs: [...index.docTerms(d)!.tfs] }))).toEqual(before)
    expect(index.term(index.docTerms(2)!.termIds[0]!)).toBe('锂电池隔膜')
  })
})
