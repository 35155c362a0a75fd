import { Buffer } from 'node:buffer'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MatchError } from '../errors.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { Achievement, Need } from '../types.js'
import { loadSample } from '../../test/helpers/mini.js'
import { whitespaceAnalyzer } from '../../test/helpers/whitespace-analyzer.js'
import { BINARY_SNAPSHOT_FORMAT_VERSION, encodeStrings, fromBinarySnapshot, planBinarySnapshotParts, toBinarySnapshot, toBinarySnapshotParts } from './binary-snapshot.js'
import { buildIndex, DocumentIndex } from './document-index.js'
import { rankAll } from '../../test/helpers/ranking.js'
import type { InvertedIndex } from './inverted-index.js'

let analyzer: Analyzer
let achievements: Achievement[]
let needs: Need[]

beforeAll(async () => {
  analyzer = createAnalyzer()
  const sample = await loadSample()
  achievements = sample.achievements
  needs = [...sample.needs, ...sample.hardNeeds]
})


/** Statistics by term text (term ids may be renumbered): docCount, docFreq of every live term, avgFieldLength. */
function statistics(inverted: InvertedIndex) {
  const docFreq: Record<string, number> = {}
  for (let t = 0; t < inverted.termCount; t++) if (inverted.docFreq(t) > 0) docFreq[inverted.term(t)] = inverted.docFreq(t)
  const avgFieldLength = Array.from({ length: inverted.fieldCount }, (_, f) => inverted.avgFieldLength(f))
  return { docCount: inverted.docCount, docFreq, avgFieldLength }
}

function errorOf(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

const small: Achievement[] = [
  { id: 'A1', title: '石墨烯 涂层', summary: '防腐 涂层 盐雾', keywords: ['石墨烯涂层'] },
  { id: 'A2', title: '滴灌 系统', summary: '节水 滴灌' },
  { id: 'A3', title: '猕猴桃 溃疡病', keywords: ['溃疡病'], price: 30 },
]

describe('toBinarySnapshot / fromBinarySnapshot', () => {
  it('ranks every need of the sample and dev-hard identically after a round trip, without analysing text', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer })
    let analysed = 0
    const counting: Analyzer = { ...analyzer, analyze: (text) => (analysed++, analyzer.analyze(text)) }
    const loaded = fromBinarySnapshot(toBinarySnapshot(index), counting)
    expect(analysed).toBe(0)
    expect([...loaded.values()]).toEqual([...index.values()])
    expect(statistics(loaded.terms)).toEqual(statistics(index.terms))
    expect(statistics(loaded.chars!)).toEqual(statistics(index.chars!))
    expect(rankAll(loaded, needs)).toEqual(rankAll(index, needs))
    const phrases = (i: DocumentIndex) => i.keywords.entries().map((e) => `${i.recordAt(e.docIndex)!.id} ${e.phrase} ${e.source}`).sort()
    expect(phrases(loaded)).toEqual(phrases(index))
  })

  it('parses records on first access, by id or docIndex, and never a record removed before it', () => {
    const ws = whitespaceAnalyzer()
    const index = buildIndex(small, { kind: 'achievement', analyzer: ws })
    const loaded = fromBinarySnapshot(toBinarySnapshot(index), ws)
    expect(loaded.size).toBe(3)
    expect(loaded.get('A3')).toEqual(small[2])
    expect(loaded.get('A3')).toBe(loaded.recordAt(loaded.docIndexOf('A3'))) // parsed once, kept
    const a2 = loaded.docIndexOf('A2')
    expect(loaded.remove('A2')).toBe(true)
    expect(loaded.recordAt(a2)).toBeUndefined()
    expect(loaded.get('A2')).toBeUndefined()
    loaded.add({ id: 'A1', title: '新 标题' })
    expect([...loaded.values()].map((r) => r.id)).toEqual(['A3', 'A1'])
    expect(loaded.get('A1')!.title).toBe('新 标题')
  })

  it('round-trips an index without the character channel, removed records and awkward strings', () => {
    const ws = whitespaceAnalyzer()
    const index = buildIndex(small, { kind: 'achievement', analyzer: ws, charNgrams: false })
    index.remove('A2')
    index.add({ id: 'A4', title: 'lone \ud800 surrogate 😀', summary: 'line\nbreak \u2028 涂层' })
    const loaded = fromBinarySnapshot(toBinarySnapshot(index), ws)
    expect(loaded.chars).toBeUndefined()
    expect([...loaded.values()]).toEqual([...index.values()])
    expect(statistics(loaded.terms)).toEqual(statistics(index.terms))
    for (const id of ['A1', 'A3', 'A4']) {
      expect(loaded.keywords.phrasesOf(loaded.docIndexOf(id))).toEqual(index.keywords.phrasesOf(index.docIndexOf(id)))
    }
  })

  it('loads from a buffer that is not 4-byte aligned', () => {
    const ws = whitespaceAnalyzer()
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: ws }))
    const shifted = new Uint8Array(bytes.length + 1).subarray(1)
    shifted.set(bytes)
    expect(statistics(fromBinarySnapshot(shifted, ws).terms)).toEqual(statistics(fromBinarySnapshot(bytes, ws).terms))
    // A Node Buffer too (as fs.readFileSync gives), whose slice() is a view rather than a copy.
    const buffer = Buffer.alloc(bytes.length + 1).subarray(1)
    buffer.set(bytes)
    expect(buffer.byteOffset % 4).not.toBe(0)
    expect(statistics(fromBinarySnapshot(buffer, ws).terms)).toEqual(statistics(fromBinarySnapshot(bytes, ws).terms))
    expect(statistics(fromBinarySnapshot(Buffer.from(bytes), ws).terms)).toEqual(statistics(fromBinarySnapshot(bytes, ws).terms))
  })

  it('writes the same bytes for an index built in bulk (arrays copied as they are), added one by one, or loaded and saved again', () => {
    // No extracted keywords: a bulk add extracts them with the final statistics, one by one with each step's.
    const bulk = buildIndex(achievements, { kind: 'achievement', analyzer, extractedKeywords: 0 })
    const oneByOne = new DocumentIndex<Achievement>({ kind: 'achievement', analyzer, extractedKeywords: 0 })
    for (const record of achievements) oneByOne.add(record)
    const bytes = toBinarySnapshot(bulk)
    expect(Buffer.from(bytes).equals(Buffer.from(toBinarySnapshot(oneByOne)))).toBe(true)
    const loaded = fromBinarySnapshot(bytes, analyzer)
    expect(Buffer.from(toBinarySnapshot(loaded)).equals(Buffer.from(bytes))).toBe(true)
    // A removal leaves the flat form's arrays stale: the writer rebuilds them, as for the one-by-one index.
    bulk.remove(achievements[3]!.id)
    oneByOne.remove(achievements[3]!.id)
    const afterRemoval = toBinarySnapshot(bulk)
    expect(Buffer.from(afterRemoval).equals(Buffer.from(toBinarySnapshot(oneByOne)))).toBe(true)
    // Compaction drops the removed record's postings (the flat stretches get shorter): same bytes.
    bulk.terms.compact()
    expect(Buffer.from(toBinarySnapshot(bulk)).equals(Buffer.from(afterRemoval))).toBe(true)
    // And so does a loaded index after the same removal.
    const reloaded = fromBinarySnapshot(bytes, analyzer)
    reloaded.remove(achievements[3]!.id)
    expect(Buffer.from(toBinarySnapshot(reloaded)).equals(Buffer.from(afterRemoval))).toBe(true)
  })

  it('writes the same bytes into shared memory with shared: true, and loads from them', () => {
    const ws = whitespaceAnalyzer()
    const index = buildIndex(small, { kind: 'achievement', analyzer: ws })
    const shared = toBinarySnapshot(index, { shared: true })
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(Buffer.from(shared).equals(Buffer.from(toBinarySnapshot(index)))).toBe(true)
    expect(statistics(fromBinarySnapshot(shared, ws).terms)).toEqual(statistics(index.terms))
  })

  it('refuses another magic or format version with SNAPSHOT_VERSION, naming both versions', () => {
    const ws = whitespaceAnalyzer()
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: ws }))
    const version = bytes.slice()
    new DataView(version.buffer).setUint16(6, 7, true)
    const versionError = errorOf(() => fromBinarySnapshot(version, ws))
    expect(versionError).toBeInstanceOf(MatchError)
    expect((versionError as MatchError).code).toBe('SNAPSHOT_VERSION')
    expect((versionError as MatchError).message).toBe(`binary snapshot formatVersion 7 is not supported, expected ${BINARY_SNAPSHOT_FORMAT_VERSION}`)
    const old = bytes.slice()
    new DataView(old.buffer).setUint16(6, 1, true)
    expect((errorOf(() => fromBinarySnapshot(old, ws)) as MatchError).message).toBe(
      `binary snapshot formatVersion 1 is not supported, expected ${BINARY_SNAPSHOT_FORMAT_VERSION}: build the index again and save it with this version`,
    )
    const magic = bytes.slice()
    magic[0] = 0x7b // '{': a JSON snapshot, say
    expect((errorOf(() => fromBinarySnapshot(magic, ws)) as MatchError).code).toBe('SNAPSHOT_VERSION')
  })

  it('refuses an analyzer other than the one the snapshot was made with', () => {
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: whitespaceAnalyzer() }))
    const error = errorOf(() => fromBinarySnapshot(bytes, { ...whitespaceAnalyzer(), name: 'jieba+domain' })) as MatchError
    expect(error.code).toBe('INVALID_OPTION')
    expect(error.message).toBe('invalid analyzer: "jieba+domain", the snapshot was made with "whitespace"')
  })

  it('gives DATA_FORMAT for every truncation of a snapshot', () => {
    const ws = whitespaceAnalyzer()
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: ws }))
    for (let length = 0; length < bytes.length; length++) {
      const error = errorOf(() => fromBinarySnapshot(bytes.subarray(0, length), ws))
      expect(error, `truncated to ${length} bytes`).toBeInstanceOf(MatchError)
      expect((error as MatchError).code, `truncated to ${length} bytes`).toBe('DATA_FORMAT')
    }
  })

  it('gives DATA_FORMAT or SNAPSHOT_VERSION for any one corrupted byte of the header, and never crashes on one elsewhere', () => {
    const ws = whitespaceAnalyzer()
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: ws }))
    // Strict over the header's length, text and checksum section; its zero padding carries nothing.
    const headerLength = new DataView(bytes.buffer).getUint32(8, true)
    const checksumStart = 12 + headerLength + ((4 - (headerLength % 4)) % 4)
    const inHeader = (at: number) => at < 12 + headerLength || (at >= checksumStart && at < checksumStart + 8)
    for (let at = 0; at < bytes.length; at++) {
      const corrupted = bytes.slice()
      corrupted[at]! ^= at % 2 === 0 ? 0x01 : 0xff
      const error = errorOf(() => fromBinarySnapshot(corrupted, ws))
      if (at < 8) expect(['DATA_FORMAT', 'SNAPSHOT_VERSION'], `byte ${at}`).toContain((error as MatchError).code)
      else if (inHeader(at)) expect((error as MatchError).code, `byte ${at}`).toBe('DATA_FORMAT')
      else if (error !== undefined) expect((error as MatchError).code, `byte ${at}`).toBe('DATA_FORMAT')
    }
  })

  it('gives DATA_FORMAT for any one corrupted byte of the records (checksummed, so that every loaded record parses)', () => {
    const ws = whitespaceAnalyzer()
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: ws }))
    // The records' JSON text is the last section; its UTF-16 text is longer than 200 bytes here.
    for (let at = bytes.length - 200; at < bytes.length; at++) {
      const corrupted = bytes.slice()
      corrupted[at]! ^= 0x20
      expect((errorOf(() => fromBinarySnapshot(corrupted, ws)) as MatchError | undefined)?.code, `byte ${at}`).toBe('DATA_FORMAT')
    }
  })

  it('never crashes on corrupted bytes: it loads or throws MatchError DATA_FORMAT (SNAPSHOT_VERSION in the magic and version)', () => {
    const ws = whitespaceAnalyzer()
    const bytes = toBinarySnapshot(buildIndex(small, { kind: 'achievement', analyzer: ws }))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
        const corrupted = bytes.slice()
        for (const [at, xor] of flips) corrupted[at]! ^= xor
        const error = errorOf(() => fromBinarySnapshot(corrupted, ws))
        if (error === undefined) return
        expect(error).toBeInstanceOf(MatchError)
        const expected = flips.some(([at]) => at < 8) ? ['DATA_FORMAT', 'SNAPSHOT_VERSION'] : ['DATA_FORMAT']
        expect(expected).toContain((error as MatchError).code)
      }),
      { numRuns: 300 },
    )
  })

  it('after random adds and removes, a round trip keeps statistics and rankings, and so do further changes to both', () => {
    const subset = achievements.slice(0, 40)
    const queries = needs.slice(0, 8)
    const step = fc.oneof(
      fc.record({ op: fc.constant('add' as const), at: fc.nat(subset.length - 1) }),
      fc.record({ op: fc.constant('remove' as const), at: fc.nat(subset.length - 1) }),
    )
    fc.assert(
      fc.property(fc.subarray(subset, { minLength: 1 }), fc.array(step, { maxLength: 30 }), fc.array(step, { maxLength: 10 }), (initial, before, after) => {
        const apply = (index: DocumentIndex, steps: typeof before) => {
          for (const { op, at } of steps) {
            if (op === 'add') index.add(subset[at]!)
            else index.remove(subset[at]!.id)
          }
        }
        const same = (loaded: DocumentIndex, index: DocumentIndex) => {
          expect(statistics(loaded.terms)).toEqual(statistics(index.terms))
          expect(statistics(loaded.chars!)).toEqual(statistics(index.chars!))
          expect([...loaded.values()]).toEqual([...index.values()])
          expect(rankAll(loaded, queries)).toEqual(rankAll(index, queries))
        }
        const index = buildIndex(initial, { kind: 'achievement', analyzer })
        apply(index, before)
        const loaded = fromBinarySnapshot(toBinarySnapshot(index), analyzer)
        same(loaded, index)
        // The bulk-loaded postings share one buffer per index; appends and removals must still work.
        apply(index, after)
        apply(loaded, after)
        loaded.terms.compact()
        same(loaded, index)
      }),
      { numRuns: 12 },
    )
  })

  it('a loaded index has the saved postings and forward entries, through removals, compaction and later additions', () => {
    const subset = achievements.slice(0, 30)
    /** Every term's live-or-dead postings up to its length, and every live document's terms, by term text. */
    const contents = (inverted: InvertedIndex) => {
      const postings: Record<string, number[][]> = {}
      for (let t = 0; t < inverted.termCount; t++) {
        const { docs, tfs, length } = inverted.postings(t)
        const F = inverted.fieldCount
        postings[inverted.term(t)] = Array.from({ length }, (_, i) => [docs[i]!, ...tfs.subarray(i * F, i * F + F)])
      }
      const forward = Array.from({ length: inverted.slotCount }, (_, d) => {
        const doc = inverted.docTerms(d)
        return doc && [[...doc.termIds].map((t) => inverted.term(t)), [...doc.tfs]]
      })
      return { postings, forward, slotCount: inverted.slotCount, termCount: inverted.termCount, statistics: statistics(inverted) }
    }
    fc.assert(
      fc.property(fc.subarray(subset, { minLength: 1 }), fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), fc.nat(subset.length - 1), (initial, removals, compact, added) => {
        const index = buildIndex(initial, { kind: 'achievement', analyzer })
        const loaded = fromBinarySnapshot(toBinarySnapshot(index), analyzer)
        const same = () => {
          for (const channel of ['terms', 'chars'] as const) expect(contents(loaded[channel]!)).toEqual(contents(index[channel]!))
          expect(rankAll(loaded, needs.slice(0, 4))).toEqual(rankAll(index, needs.slice(0, 4)))
        }
        same()
        for (const r of removals) {
          const id = initial[r % initial.length]!.id
          if (!index.has(id)) continue
          index.remove(id)
          loaded.remove(id)
        }
        if (compact) for (const i of [index, loaded]) for (const channel of [i.terms, i.chars!]) channel.compact()
        same()
        if (!index.has(subset[added]!.id)) {
          index.add(subset[added]!)
          loaded.add(subset[added]!)
          same()
        }
      }),
      { numRuns: 15 },
    )
  })
})

/** The parts one after another. */
function joined(parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)))
}

/** Whether the analyzer-free structure of two indexes agrees, and so do the sample's rankings. */
function expectSameIndex(loaded: DocumentIndex, index: DocumentIndex): void {
  expect([...loaded.values()]).toEqual([...index.values()])
  expect(statistics(loaded.terms)).toEqual(statistics(index.terms))
  expect(statistics(loaded.chars!)).toEqual(statistics(index.chars!))
  expect(rankAll(loaded, needs)).toEqual(rankAll(index, needs))
}

describe('toBinarySnapshotParts (snapshots past what one array holds)', () => {
  it('cuts the very bytes of toBinarySnapshot between sections, within maxPartBytes, and loads them as views of each part', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer })
    const whole = toBinarySnapshot(index)
    for (const maxPartBytes of [1, 4096, 100_000, whole.length]) {
      const parts = toBinarySnapshotParts(index, { maxPartBytes })
      expect(joined(parts).equals(Buffer.from(whole))).toBe(true)
      // A part over the limit is one section on its own (its length prefix, bytes and padding),
      // or the 8 bytes of magic and version.
      for (const part of parts) {
        if (part.length <= maxPartBytes) continue
        const byteLength = new DataView(part.buffer, part.byteOffset).getUint32(0, true)
        expect(part === parts[0] ? 8 : 4 + byteLength + ((4 - (byteLength % 4)) % 4)).toBe(part.length)
      }
      if (maxPartBytes === 1) expect(parts.length).toBeGreaterThan(30)
      if (maxPartBytes === whole.length) expect(parts).toHaveLength(1)
      const loaded = fromBinarySnapshot(parts, analyzer)
      expectSameIndex(loaded, index)
      // Zero-copy: the postings are views of the parts' own buffers.
      const buffers = new Set(parts.map((part) => part.buffer))
      const termId = loaded.terms.termId(loaded.terms.term(0))
      expect(buffers.has(loaded.terms.postings(termId).docs.buffer)).toBe(true)
    }
    expect(toBinarySnapshotParts(index).length).toBe(1)
  })

  it('puts each part in its own SharedArrayBuffer with shared: true', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer })
    const parts = toBinarySnapshotParts(index, { shared: true, maxPartBytes: 50_000 })
    expect(parts.length).toBeGreaterThan(1)
    expect(new Set(parts.map((part) => part.buffer)).size).toBe(parts.length)
    for (const part of parts) expect(part.buffer).toBeInstanceOf(SharedArrayBuffer)
    expectSameIndex(fromBinarySnapshot(parts.map((part) => new Uint8Array(part.buffer)), analyzer), index)
  })

  it('in two steps (planBinarySnapshotParts): the size known before any byte is copied, then the parts toBinarySnapshotParts gives', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer })
    for (const maxPartBytes of [4096, 1 << 30]) {
      const planned = planBinarySnapshotParts(index, { shared: true, maxPartBytes })
      const parts = planned.pack()
      expect(parts.reduce((n, part) => n + part.length, 0)).toBe(planned.byteLength)
      expect(joined(parts).equals(joined(toBinarySnapshotParts(index, { maxPartBytes })))).toBe(true)
      for (const part of parts) expect(part.buffer).toBeInstanceOf(SharedArrayBuffer)
    }
    // Refused on its size before anything is packed: what createMatcherPool checks before it starts threads.
    const bytes = planBinarySnapshotParts(index).byteLength
    expect((errorOf(() => planBinarySnapshotParts(index, { maxBytes: bytes - 1 })) as MatchError).code).toBe('OUT_OF_MEMORY')
    expect(planBinarySnapshotParts(index, { maxBytes: bytes }).byteLength).toBe(bytes)
  })

  it('loads a snapshot cut anywhere (a file read in pieces), misaligned and empty pieces included', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer })
    const whole = toBinarySnapshot(index)
    const expected = rankAll(index, needs)
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(whole.length), { maxLength: 6 }), fc.boolean(), fc.boolean(), (cuts, misalign, buffers) => {
        const at = [0, ...cuts.sort((a, b) => a - b), whole.length]
        const pieces = at.slice(1).map((end, i) => {
          const bytes = whole.subarray(at[i]!, end)
          // Node Buffers (a file read in pieces), or plain arrays; at a misaligned offset or not.
          const piece = buffers ? Buffer.alloc(bytes.length + 1) : new Uint8Array(bytes.length + 1)
          piece.set(bytes, misalign ? 1 : 0)
          return misalign ? piece.subarray(1) : piece.subarray(0, bytes.length)
        })
        expect(rankAll(fromBinarySnapshot(pieces, analyzer), needs)).toEqual(expected)
      }),
      { numRuns: 12 },
    )
  })

  it('gives DATA_FORMAT for a missing, truncated or corrupted part', () => {
    const ws = whitespaceAnalyzer()
    const parts = toBinarySnapshotParts(buildIndex(small, { kind: 'achievement', analyzer: ws }), { maxPartBytes: 64 })
    expect(parts.length).toBeGreaterThan(4)
    const codeOf = (pieces: Uint8Array[]) => (errorOf(() => fromBinarySnapshot(pieces, ws)) as MatchError | undefined)?.code
    for (let p = 1; p < parts.length; p++) {
      expect(codeOf(parts.filter((_, q) => q !== p)), `part ${p} missing`).toBe('DATA_FORMAT')
      expect(codeOf(parts.map((part, q) => (q === p ? part.subarray(0, part.length - 1) : part))), `part ${p} one byte short`).toBe('DATA_FORMAT')
    }
    // The records are the last part: checksummed across parts.
    const last = parts.length - 1
    for (let at = 0; at < parts[last]!.length; at++) {
      const corrupted = parts.map((part) => part.slice())
      corrupted[last]![at]! ^= 0x20
      expect(codeOf(corrupted), `byte ${at} of the last part`).toBe('DATA_FORMAT')
    }
  })

  it('refuses a maxPartBytes that is not a positive integer', () => {
    const index = buildIndex(small, { kind: 'achievement', analyzer: whitespaceAnalyzer() })
    for (const maxPartBytes of [0, -1, 1.5, Number.NaN]) {
      expect((errorOf(() => toBinarySnapshotParts(index, { maxPartBytes })) as MatchError).code).toBe('INVALID_OPTION')
    }
  })
})

describe('encodeStrings', () => {
  it('writes the UTF-16LE bytes of the strings joined, whatever the group size (lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (strings, groupUnits) => {
        const text = strings.join('')
        expect(Buffer.from(encodeStrings(strings, text.length, groupUnits)).equals(Buffer.from(text, 'utf16le'))).toBe(true)
      }),
    )
  })
})
