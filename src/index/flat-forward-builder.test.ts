import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FlatForwardBuilder } from './flat-forward-builder.js'
import { invertForward } from './invert-forward.js'

/** Appends batches of documents (per document: its entries as [term id, counts…]) and returns the flat arrays. */
function build(batches: readonly (readonly (readonly number[])[])[][], fieldCount: number, expected: number, shared = false) {
  const builder = new FlatForwardBuilder(fieldCount, expected, shared)
  for (const batch of batches) {
    const entries = batch.reduce((n, doc) => n + doc.length, 0)
    let at = builder.reserve(batch.length, entries)
    for (const doc of batch) {
      for (const entry of doc) {
        builder.termIds[at] = entry[0]!
        for (let f = 0; f < fieldCount; f++) builder.tfs[at * fieldCount + f] = entry[1 + f]!
        at++
      }
    }
    builder.commit(batch.map((doc) => doc.length))
  }
  const room = shared ? builder.postingRoom() : undefined
  return { ...builder.finish(1000), room }
}

describe('FlatForwardBuilder', () => {
  it('holds every batch in order, in exact-length arrays, whatever the expected count', () => {
    const F = 2
    const entry = fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 65_535 }), fc.integer({ min: 0, max: 65_535 }))
    const doc = fc.array(entry, { maxLength: 12 })
    fc.assert(
      fc.property(fc.array(fc.array(doc, { maxLength: 6 }), { maxLength: 8 }), fc.nat({ max: 60 }), (batches, expected) => {
        const flat = build(batches, F, expected)
        const docs = batches.flat()
        expect(flat.termCount).toBe(1000)
        expect(flat.forwardOffsets.length).toBe(docs.length + 1)
        const entries = docs.flat()
        expect(Array.from(flat.termIds)).toEqual(entries.map((e) => e[0]))
        expect(Array.from(flat.tfs)).toEqual(entries.flatMap((e) => [e[1], e[2]]))
        let offset = 0
        docs.forEach((d, i) => {
          expect(flat.forwardOffsets[i]).toBe(offset)
          offset += d.length
        })
        expect(flat.forwardOffsets[docs.length]).toBe(offset)
      }),
    )
  })

  it('shared: the same arrays in shared memory, with room for exactly their postings, which inverting into gives the postings of new arrays', () => {
    const F = 2
    const entry = fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 65_535 }), fc.integer({ min: 0, max: 65_535 }))
    // A document lists a term once.
    const doc = fc.uniqueArray(entry, { maxLength: 12, selector: (e) => e[0] })
    fc.assert(
      fc.property(fc.array(fc.array(doc, { maxLength: 6 }), { maxLength: 8 }), fc.nat({ max: 60 }), (batches, expected) => {
        const plain = build(batches, F, expected)
        const shared = build(batches, F, expected, true)
        expect(Array.from(shared.termIds)).toEqual(Array.from(plain.termIds))
        expect(Array.from(shared.tfs)).toEqual(Array.from(plain.tfs))
        expect(Array.from(shared.forwardOffsets)).toEqual(Array.from(plain.forwardOffsets))
        const room = shared.room!
        for (const array of [shared.termIds, shared.tfs, room.docs, room.tfs]) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer)
        expect(room.docs.length).toBe(shared.termIds.length)
        expect(room.tfs.length).toBe(shared.tfs.length)
        const inPlace = invertForward(shared.forwardOffsets, shared.termIds, shared.tfs, 1000, F, room)
        const fresh = invertForward(plain.forwardOffsets, plain.termIds, plain.tfs, 1000, F)
        expect(inPlace.postingDocs).toBe(room.docs)
        expect(Array.from(inPlace.postingDocs)).toEqual(Array.from(fresh.postingDocs))
        expect(Array.from(inPlace.postingTfs)).toEqual(Array.from(fresh.postingTfs))
        expect(Array.from(inPlace.postingOffsets)).toEqual(Array.from(fresh.postingOffsets))
      }),
    )
    expect(() => new FlatForwardBuilder(1).postingRoom()).toThrowError(expect.objectContaining({ code: 'INTERNAL' }) as Error)
  })

  it('reserves from the expected count and grows (keeping what it holds) when the estimate falls short', () => {
    const builder = new FlatForwardBuilder(1, 10)
    expect(builder.reserve(2, 6)).toBe(0)
    // 3 entries a document, 8 more documents expected: room for about 30 entries in all.
    const reserved = builder.termIds.length
    expect(reserved).toBeGreaterThanOrEqual(30)
    builder.termIds.set([1, 2, 3, 4, 5, 6])
    builder.commit([3, 3])
    // Far longer documents than estimated.
    const at = builder.reserve(1, reserved)
    expect(at).toBe(6)
    expect(builder.termIds.length).toBeGreaterThanOrEqual(6 + reserved)
    builder.termIds.fill(9, 6, 6 + reserved)
    builder.commit([reserved])
    const flat = builder.finish(10)
    expect(Array.from(flat.termIds.subarray(0, 7))).toEqual([1, 2, 3, 4, 5, 6, 9])
    expect(flat.termIds.length).toBe(6 + reserved)
    expect(Array.from(flat.forwardOffsets)).toEqual([0, 3, 6, 6 + reserved])
  })
})
