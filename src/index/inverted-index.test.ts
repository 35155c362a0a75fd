import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BatchTermIds, ForwardBatchBuilder } from './forward-batch.js'
import { InvertedIndex } from './inverted-index.js'
import { MAX_TERM_COUNT } from './term-counts.js'

type Op = { type: 'add'; fields: string[][] } | { type: 'batch'; docs: string[][][]; split: number } | { type: 'remove'; pick: number } | { type: 'compact' }

// Few distinct terms so that docFreq varies; a field may be empty.
const term = fc.constantFrom('石墨烯', '涂层', 'igbt', '5g', '滴灌', 'a')
const fields = fc.array(fc.array(term, { maxLength: 6 }), { minLength: 2, maxLength: 2 })
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('add' as const), fields }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('batch' as const), docs: fc.array(fields, { maxLength: 5 }), split: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('compact' as const) }) },
)

/** The documents as forward batches, cut in two at `split` (either part may be empty). */
function batches(docs: string[][][], split: number) {
  const cut = docs.length === 0 ? 0 : split % (docs.length + 1)
  return [docs.slice(0, cut), docs.slice(cut)].map((part) => {
    const builder = new ForwardBatchBuilder(2)
    for (const fields of part) builder.add(fields)
    return builder.finish()
  })
}

describe('InvertedIndex', () => {
  it('after any add/remove/compact sequence, its statistics equal a recomputation from a plain array model', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const index = new InvertedIndex(2)
        const model = new Map<number, string[][]>()
        for (const o of ops) {
          if (o.type === 'add') model.set(index.addDocument(o.fields), o.fields)
          else if (o.type === 'batch') {
            const first = index.addBatches(batches(o.docs, o.split))
            o.docs.forEach((fields, i) => model.set(first + i, fields))
          }
          else if (o.type === 'remove' && model.size > 0) {
            const docIndex = [...model.keys()][o.pick % model.size]!
            index.removeDocument(docIndex)
            model.delete(docIndex)
          } else if (o.type === 'compact') index.compact()
        }
        expect(index.docCount).toBe(model.size)
        for (let f = 0; f < 2; f++) {
          const total = [...model.values()].reduce((s, fields) => s + fields[f]!.length, 0)
          expect(index.avgFieldLength(f)).toBeCloseTo(model.size ? total / model.size : 0, 9)
        }
        for (const t of ['石墨烯', '涂层', 'igbt', '5g', '滴灌', 'a']) {
          const id = index.termId(t)
          const expected = [...model.entries()].filter(([, fields]) => fields.some((x) => x.includes(t)))
          expect(index.docFreq(id)).toBe(expected.length)
          // Live postings are exactly the model's documents with their per-field counts.
          const { docs, tfs, length } = index.postings(id)
          const live: [number, number[]][] = []
          for (let i = 0; i < length; i++) if (index.isLive(docs[i]!)) live.push([docs[i]!, [tfs[i * 2]!, tfs[i * 2 + 1]!]])
          expect(live).toEqual(expected.map(([d, fields]) => [d, fields.map((x) => x.filter((y) => y === t).length)]))
        }
      }),
    )
  })

  it('adding documents in batches gives the same term ids, forward index, postings and statistics as adding them one by one, and stays so through later removals and adds', () => {
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 12 }), fc.array(fields, { maxLength: 6 }), fc.nat(), fc.nat(), (before, docs, split, removed) => {
        const one = new InvertedIndex(2)
        const bulk = new InvertedIndex(2)
        for (const d of before) {
          one.addDocument(d)
          bulk.addDocument(d)
        }
        for (const d of docs) one.addDocument(d)
        // Into an empty index (no `before`), the batches go straight to the flat form.
        expect(bulk.addBatches(batches(docs, split))).toBe(before.length)
        expectSameIndex(bulk, one)
        if (one.slotCount > 0) {
          const d = removed % one.slotCount
          one.removeDocument(d)
          bulk.removeDocument(d)
          expectSameIndex(bulk, one)
        }
        // Later single adds append after the batch's postings.
        one.addDocument([['a', '涂层'], []])
        bulk.addDocument([['a', '涂层'], []])
        expectSameIndex(bulk, one)
      }),
    )
  })

  it('keeps each document’s terms in its forward index, sorted by term id', () => {
    const index = new InvertedIndex(1)
    const d = index.addDocument([['b', 'a', 'b']])
    const doc = index.docTerms(d)!
    expect([...doc.termIds].map((id) => index.term(id))).toEqual(['b', 'a'])
    expect([...doc.tfs]).toEqual([2, 1])
  })

  it('stores a count of 65,535 or more as 65,535, one by one as in batches', () => {
    const many = Array.from({ length: 70_000 }, () => 'a')
    const single = new InvertedIndex(1)
    single.addDocument([[...many, 'b']])
    const builder = new ForwardBatchBuilder(1)
    builder.add([[...many, 'b']])
    const batched = new InvertedIndex(1)
    batched.addBatches([builder.finish()])
    for (const index of [single, batched]) {
      const a = index.termId('a')
      expect([...index.postings(a).tfs.subarray(0, 1)]).toEqual([MAX_TERM_COUNT])
      expect([...index.docTerms(0)!.tfs]).toEqual([MAX_TERM_COUNT, 1])
      expect(index.fieldLength(0, 0)).toBe(70_001)
    }
  })

  it('appends batches that continue one another, from several builders in any interleaving, as the same batches made whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ docs: fc.array(fields, { maxLength: 5 }), thread: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        (chunks, restartEntries) => {
          // As parallel analysis does: each thread's builder goes on from chunk to chunk.
          const builders = [0, 1, 2].map(() => new ForwardBatchBuilder(2, restartEntries))
          const known = [0, 1, 2].map(() => new BatchTermIds())
          const continued = new InvertedIndex(2)
          for (const { docs, thread } of chunks) {
            for (const d of docs) builders[thread]!.add(d)
            continued.appendForward(builders[thread]!.take(), known[thread])
          }
          continued.placePostings(0)
          const whole = new InvertedIndex(2)
          whole.addBatches(chunks.map(({ docs }) => batches(docs, 0)[1]!))
          expectSameIndex(continued, whole)
          // One builder's batches, as a one-thread bulk build makes them, in one addBatches.
          const builder = new ForwardBatchBuilder(2, restartEntries)
          const taken = chunks.map(({ docs }) => {
            for (const d of docs) builder.add(d)
            return builder.take()
          })
          const inOneCall = new InvertedIndex(2)
          inOneCall.addBatches(taken)
          expectSameIndex(inOneCall, whole)
        },
      ),
    )
  })

  it('refuses a batch that continues others without their term ids', () => {
    const builder = new ForwardBatchBuilder(1)
    builder.add([['a']])
    builder.take()
    builder.add([['a', 'b']])
    expect(() => new InvertedIndex(1).appendForward(builder.take())).toThrow(/continuing batch/)
  })

  it('refuses to remove a document twice', () => {
    const index = new InvertedIndex(1)
    const d = index.addDocument([['x']])
    index.removeDocument(d)
    expect(() => index.removeDocument(d)).toThrow(/not a live document/)
  })
})

/** Same terms, postings (live documents), forward entries and statistics. */
function expectSameIndex(actual: InvertedIndex, expected: InvertedIndex): void {
  expect(actual.termCount).toBe(expected.termCount)
  expect(actual.slotCount).toBe(expected.slotCount)
  expect(actual.docCount).toBe(expected.docCount)
  for (let f = 0; f < 2; f++) expect(actual.avgFieldLength(f)).toBe(expected.avgFieldLength(f))
  const live = (index: InvertedIndex, p: { docs: Int32Array; tfs: Uint16Array; length: number }) => {
    const out: number[][] = []
    for (let i = 0; i < p.length; i++) if (index.isLive(p.docs[i]!)) out.push([p.docs[i]!, p.tfs[2 * i]!, p.tfs[2 * i + 1]!])
    return out
  }
  for (let t = 0; t < expected.termCount; t++) {
    expect(actual.term(t)).toBe(expected.term(t))
    expect(actual.docFreq(t)).toBe(expected.docFreq(t))
    expect(live(actual, actual.postings(t))).toEqual(live(expected, expected.postings(t)))
  }
  for (let d = 0; d < expected.slotCount; d++) {
    expect(actual.isLive(d)).toBe(expected.isLive(d))
    expect(actual.docTerms(d)).toEqual(expected.docTerms(d))
    for (let f = 0; f < 2; f++) expect(actual.fieldLength(d, f)).toBe(expected.fieldLength(d, f))
  }
}
