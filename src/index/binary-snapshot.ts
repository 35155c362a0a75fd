/**
 * Binary snapshots: an index as bytes (one array, or parts of them past 4 GiB) that load
 * without analysing any text and without rebuilding anything: the postings are stored next to
 * the forward arrays, and the loaded index is made of typed-array views of the input. The JSON
 * snapshot (snapshot.ts) is the portable, inspectable form; this one is the fast one.
 *
 * Format 3 layout (all integers little-endian; every section starts on a 4-byte boundary):
 * ```
 * "DUIJIE"                      6 bytes, the magic
 * formatVersion                 uint16
 * header length, header         uint32, UTF-8 JSON (BinaryHeader), zero-padded to 4
 * 4, header checksum            uint32, uint32 FNV-1a of the header bytes
 * sections, each                uint32 byte length, bytes, zero-padded to 4:
 *   word terms      term offsets (Uint32, terms+1, UTF-16 units), term text (UTF-16LE),
 *                   forward offsets (Uint32, docs+1), term ids (Int32, ascending per document
 *                   in the word section; in the order each document met them in the char one),
 *                   counts (Uint16, fields per entry), field lengths (Float32, fields per doc),
 *                   posting offsets (Uint32, terms+1), posting docs (Int32, ascending per
 *                   term), posting counts (Uint16, fields per posting)
 *   char terms      the same nine, when the index has the character channel
 *   -- the tail, checksummed (header.tailChecksum) --
 *   phrases         offsets, text; per document: offsets (Uint32, docs+1), phrase ids (Int32);
 *                   per phrase: offsets (Uint32, phrases+1), docs (Int32), sources (Uint8)
 *   ids             offsets, text
 *   records         offsets (Uint32, docs+1, UTF-16 units), JSON text (UTF-16LE), one a document
 * ```
 * Loading costs a term hash table per channel over the stored term text (no string per term:
 * see PackedTermTable), the keyword maps (each phrase's built in one go) and the checks below;
 * per-term and per-document views are made on demand by InvertedIndex (at 10^5 generated
 * records, ~800k character terms: making them all, and the term Map, was ~2/3 of a load).
 * Records are decoded and parsed on first access (JSON.parse of all of them was most of a
 * format-1 load). Counts are Uint16 on
 * disk, as in memory (term-counts.ts), so that they are views too.
 * Text is UTF-16LE rather than UTF-8: it decodes by copying, Chinese takes 2 bytes a character
 * instead of 3, and any JavaScript string, lone surrogates included, round-trips.
 *
 * Checks: the header by checksum; the inverted indexes structurally (offsets spanning their
 * arrays, term ids and posting docs in range, and ascending but for the char section's term
 * ids: no corruption can make a lookup
 * leave an array; a corrupted count only changes scores); the tail by checksum (0.5 ns a word)
 * and structurally, so that a record that loads also parses. Any failure is DATA_FORMAT.
 *
 * Formats 1 (forward arrays only, compact counts, records as JSON Lines) and 2 (format 3 with
 * Float32 counts) are not read: they give SNAPSHOT_VERSION, saying to build the index again
 * and save it. Reading them would mean keeping other load paths alive for files that take
 * seconds to rewrite.
 *
 * Only live documents are written, renumbered 0…n−1, and only terms that occur in them
 * (renumbered in their original order, so each document's word term ids stay ascending).
 */
import { Buffer } from 'node:buffer'
import { invalidOption, invariant, MatchError } from '../errors.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { PackedTermTable } from '../tokenize/term-table.js'
import type { AnyRecord, RecordKind } from '../types.js'
import { DocumentIndex } from './document-index.js'
import { toFieldWeights, type FieldWeights } from './fields.js'
import type { InvertedIndex } from './inverted-index.js'
import type { KeywordSource } from './keyword-index.js'

/** The binary snapshot format this version writes and reads. Bump on any incompatible change. */
export const BINARY_SNAPSHOT_FORMAT_VERSION = 3

/** The first six bytes of every binary snapshot. */
export const BINARY_SNAPSHOT_MAGIC = 'DUIJIE'

/** The JSON header of a binary snapshot. */
interface BinaryHeader {
  readonly kind: RecordKind
  readonly fields: FieldWeights
  readonly analyzer: string
  readonly charNgrams: boolean
  readonly charAnalyzer?: string
  readonly extractedKeywords: number
  readonly docCount: number
  readonly termCount: number
  readonly charTermCount: number
  readonly phraseCount: number
  readonly phraseEntryCount: number
  /** The {@link checksum} of the sections after the inverted indexes: phrases, ids and records. */
  readonly tailChecksum: number
}

const SOURCES: readonly KeywordSource[] = ['owner', 'direction', 'field', 'extracted']
const SOURCE_CODE: Record<KeywordSource, number> = { owner: 0, direction: 1, field: 2, extracted: 3 }
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

function dataFormat(detail: string): never {
  throw new MatchError('DATA_FORMAT', `binary snapshot: ${detail}`)
}

function requireLittleEndian(): void {
  if (!IS_LITTLE_ENDIAN) throw new MatchError('INTERNAL', 'binary snapshots need a little-endian platform')
}

/** 32-bit FNV-1a hash of some bytes (guards the header, which names the analyzer and fields). */
function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193) >>> 0
  return hash
}

/**
 * A 32-bit checksum of bytes whose length is a multiple of 4: FNV-1a over 32-bit little-endian
 * words in four interleaved lanes (about 0.5 ns a word, against 2 ns a byte for FNV-1a); the
 * words of a last incomplete group of four go to the first lane. Each step is a bijection of its
 * lane's state, and so is the final mix of the lanes: any one changed word changes the result.
 *
 * Fed in pieces of any length and alignment (a snapshot in parts, a tail of many sections),
 * it gives what one call over the concatenated bytes gives.
 */
class Checksum {
  private a = 0x811c9dc5 | 0
  private b = 0x050c5d1f | 0
  private c = 0x2ba9c3f5 | 0
  private d = 0x6c62272e | 0
  /** Words of the current group of four, not applied yet. */
  private readonly group = new Int32Array(4)
  private grouped = 0
  /** Bytes of the current word, not complete yet. */
  private readonly carry = new Uint8Array(4)
  private carried = 0

  update(bytes: Uint8Array): this {
    const n = bytes.length
    let i = 0
    while (this.carried > 0 && i < n) {
      this.carry[this.carried++] = bytes[i++]!
      if (this.carried === 4) {
        this.carried = 0
        this.word(new Int32Array(this.carry.buffer)[0]!)
      }
    }
    const count = (n - i) >>> 2
    if (count > 0) {
      const start = bytes.byteOffset + i
      // Words are read through an Int32Array: a misaligned piece is copied (small ones only,
      // such as pooled Buffers: every large section starts 4-aligned).
      this.words(start % 4 === 0 ? new Int32Array(bytes.buffer, start, count) : new Int32Array(Uint8Array.prototype.slice.call(bytes, i, i + 4 * count).buffer))
      i += 4 * count
    }
    while (i < n) this.carry[this.carried++] = bytes[i++]!
    return this
  }

  /** The checksum of everything fed (whose length must be a multiple of 4). */
  digest(): number {
    invariant(this.carried === 0, 'a checksum covers whole 32-bit words')
    const P = 0x01000193
    let a = this.a
    for (let g = 0; g < this.grouped; g++) a = Math.imul(a ^ this.group[g]!, P)
    return Math.imul(Math.imul(Math.imul(Math.imul(a, P) ^ this.b, P) ^ this.c, P) ^ this.d, P) >>> 0
  }

  private word(w: number): void {
    this.group[this.grouped++] = w
    if (this.grouped === 4) {
      this.grouped = 0
      this.words(this.group)
    }
  }

  private words(words: Int32Array): void {
    const P = 0x01000193
    const n = words.length
    let k = 0
    while (this.grouped > 0 && k < n) this.word(words[k++]!)
    let a = this.a
    let b = this.b
    let c = this.c
    let d = this.d
    for (; k + 3 < n; k += 4) {
      a = Math.imul(a ^ words[k]!, P)
      b = Math.imul(b ^ words[k + 1]!, P)
      c = Math.imul(c ^ words[k + 2]!, P)
      d = Math.imul(d ^ words[k + 3]!, P)
    }
    this.a = a
    this.b = b
    this.c = c
    this.d = d
    while (k < n) this.word(words[k++]!)
  }
}

/**
 * The largest byte array one snapshot part may be (a Uint8Array holds at most 2^32 bytes here),
 * and the largest section (its length is a uint32).
 */
const MAX_ARRAY_BYTES = 2 ** 32 - 4

/** Bytes per part that toBinarySnapshotParts aims at by default: 1 GiB. */
const DEFAULT_PART_BYTES = 2 ** 30

/**
 * Collects length-prefixed, 4-aligned sections as units that are never split: a snapshot is
 * cut into parts only between them, so that every section is one typed-array view of a part.
 */
class SectionWriter {
  private readonly units: { readonly chunks: readonly Uint8Array[]; readonly length: number }[] = []
  private length = 0

  raw(bytes: Uint8Array): void {
    this.unit(bytes)
  }

  section(view: ArrayBufferView): void {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    if (bytes.length > MAX_ARRAY_BYTES) throw new MatchError('INVALID_OPTION', `a binary snapshot section cannot exceed ${MAX_ARRAY_BYTES} bytes (${bytes.length}): the index is too large for the format`)
    this.unit(new Uint8Array(new Uint32Array([bytes.length]).buffer), bytes)
  }

  /** Appends another writer's sections after these. */
  append(other: SectionWriter): void {
    this.units.push(...other.units)
    this.length += other.length
  }

  get byteLength(): number {
    return this.length
  }

  /** The checksum of every byte written. */
  checksum(): number {
    const sum = new Checksum()
    for (const unit of this.units) for (const chunk of unit.chunks) sum.update(chunk)
    return sum.digest()
  }

  /** All the bytes in one array (shared memory when asked). */
  concat(shared = false): Uint8Array {
    if (this.length > MAX_ARRAY_BYTES) {
      throw new MatchError('INVALID_OPTION', `the binary snapshot is ${this.length} bytes, more than one array can hold: use toBinarySnapshotParts`)
    }
    return this.pack(0, this.units.length, this.length, shared)
  }

  /**
   * The bytes in parts of at most `maxPartBytes` each (a unit larger than that is a part of its
   * own), cut between sections; concatenated, they are what concat() gives.
   */
  parts(maxPartBytes: number, shared: boolean): Uint8Array[] {
    const out: Uint8Array[] = []
    let first = 0
    let bytes = 0
    for (let u = 0; u < this.units.length; u++) {
      const length = this.units[u]!.length
      if (u > first && bytes + length > maxPartBytes) {
        out.push(this.pack(first, u, bytes, shared))
        first = u
        bytes = 0
      }
      bytes += length
    }
    if (this.units.length > first) out.push(this.pack(first, this.units.length, bytes, shared))
    return out
  }

  private unit(...pieces: Uint8Array[]): void {
    let length = 0
    for (const piece of pieces) length += piece.length
    const pad = (4 - (length % 4)) % 4
    const chunks = pad > 0 ? [...pieces, new Uint8Array(pad)] : pieces
    this.units.push({ chunks, length: length + pad })
    this.length += length + pad
  }

  private pack(from: number, to: number, length: number, shared: boolean): Uint8Array {
    const out = shared ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length)
    let offset = 0
    for (let u = from; u < to; u++) {
      for (const chunk of this.units[u]!.chunks) {
        out.set(chunk, offset)
        offset += chunk.length
      }
    }
    return out
  }
}

/** UTF-16LE bytes of a string: any JS string, lone surrogates included, and a copy to decode. */
function encodeText(text: string): Uint8Array {
  return Buffer.from(text, 'utf16le')
}

/** The string of UTF-16LE bytes (an even number of them). */
function decodeText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le')
}

/** Writes a string table as offsets (UTF-16 units) and UTF-16LE text. */
function writeStrings(writer: SectionWriter, strings: readonly string[]): void {
  let units = 0
  for (const s of strings) units += s.length
  if (2 * units > MAX_ARRAY_BYTES) throw new MatchError('INVALID_OPTION', `a binary snapshot section cannot exceed ${MAX_ARRAY_BYTES} bytes (${2 * units} of text): the index is too large for the format`)
  const offsets = new Uint32Array(strings.length + 1)
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i]! + strings[i]!.length
  writer.section(offsets)
  writer.section(encodeStrings(strings, units))
}

/**
 * UTF-16LE bytes of strings one after another, `units` code units in all. Encoded a group of
 * about `groupUnits` units at a time: one string of every record's JSON would pass V8's limit
 * (2^29 − 24 units) near 10^6 records. @internal
 */
export function encodeStrings(strings: readonly string[], units: number, groupUnits = 1 << 24): Uint8Array {
  const out = Buffer.alloc(2 * units)
  let offset = 0
  for (let i = 0; i < strings.length; ) {
    let j = i
    let taken = 0
    while (j < strings.length && (j === i || taken + strings[j]!.length <= groupUnits)) taken += strings[j++]!.length
    offset += out.write(j === i + 1 ? strings[i]! : strings.slice(i, j).join(''), offset, 'utf16le')
    i = j
  }
  invariant(offset === 2 * units, 'strings encoded in full')
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

/** Writes the term table, forward arrays and postings of one inverted index for the given live slots. */
function writeInverted(writer: SectionWriter, inverted: InvertedIndex, slots: readonly number[]): number {
  const F = inverted.fieldCount
  const fieldLengths = new Float32Array(slots.length * F)
  slots.forEach((slot, d) => {
    for (let f = 0; f < F; f++) fieldLengths[d * F + f] = inverted.fieldLength(slot, f)
  })
  // An index built in bulk (or loaded) and unchanged since holds these very arrays: copied as they are.
  const flat = slots.length === inverted.slotCount ? inverted.exactFlatArrays() : undefined
  const { terms, ...arrays } = flat ?? liveArrays(inverted, slots)
  if (terms instanceof PackedTermTable) {
    const { text, offsets } = terms.packed()
    writer.section(offsets)
    writer.section(encodeText(text))
  } else {
    writeStrings(writer, terms)
  }
  for (const section of [arrays.forwardOffsets, arrays.termIds, arrays.tfs, fieldLengths, arrays.postingOffsets, arrays.postingDocs, arrays.postingTfs]) {
    writer.section(section)
  }
  return arrays.postingOffsets.length - 1
}

/** The live slots' terms, forward arrays and postings, renumbered: only terms of live documents, in their order. */
function liveArrays(inverted: InvertedIndex, slots: readonly number[]) {
  const F = inverted.fieldCount
  const remap = new Int32Array(inverted.termCount).fill(-1)
  const terms: string[] = []
  for (let t = 0; t < inverted.termCount; t++) {
    if (inverted.docFreq(t) > 0) {
      remap[t] = terms.length
      terms.push(inverted.term(t))
    }
  }
  const forwardOffsets = new Uint32Array(slots.length + 1)
  slots.forEach((slot, d) => (forwardOffsets[d + 1] = forwardOffsets[d]! + inverted.docTerms(slot)!.termIds.length))
  const total = forwardOffsets[slots.length]!
  const termIds = new Int32Array(total)
  const tfs = new Uint16Array(total * F)
  slots.forEach((slot, d) => {
    const doc = inverted.docTerms(slot)!
    const k = forwardOffsets[d]!
    for (let i = 0; i < doc.termIds.length; i++) termIds[k + i] = remap[doc.termIds[i]!]!
    tfs.set(doc.tfs, k * F)
  })
  return { terms, forwardOffsets, termIds, tfs, ...livePostings(inverted, slots, remap, terms.length) }
}

/**
 * The postings of the live slots, renumbered (slot → its place in `slots`, term → `remap`): the
 * index's own postings without those of dead documents, which is what inverting the live
 * forward arrays gives (each term's documents ascending), in sequential passes instead of a
 * scatter per entry (a snapshot after removals took ~3× as long as one without).
 */
function livePostings(inverted: InvertedIndex, slots: readonly number[], remap: Int32Array, termCount: number) {
  const F = inverted.fieldCount
  const renumbered = new Int32Array(inverted.slotCount).fill(-1)
  slots.forEach((slot, d) => (renumbered[slot] = d))
  const flat = inverted.flatPostingArrays()
  const stretch = (t: number) => {
    if (flat) return { docs: flat.docs, tfs: flat.tfs, from: flat.offsets[t]!, length: inverted.postingLength(t) }
    const { docs, tfs, length } = inverted.postings(t)
    return { docs, tfs, from: 0, length }
  }
  const postingOffsets = new Uint32Array(termCount + 1)
  for (let t = 0; t < remap.length; t++) {
    if (remap[t]! < 0) continue
    const { docs, from, length } = stretch(t)
    let kept = 0
    for (let i = from; i < from + length; i++) kept += renumbered[docs[i]!]! >= 0 ? 1 : 0
    postingOffsets[remap[t]! + 1] = kept
  }
  for (let t = 0; t < termCount; t++) postingOffsets[t + 1]! += postingOffsets[t]!
  const postingDocs = new Int32Array(postingOffsets[termCount]!)
  const postingTfs = new Uint16Array(postingDocs.length * F)
  for (let t = 0; t < remap.length; t++) {
    if (remap[t]! < 0) continue
    const { docs, tfs, from, length } = stretch(t)
    let p = postingOffsets[remap[t]!]!
    for (let i = from; i < from + length; i++) {
      const d = renumbered[docs[i]!]!
      if (d < 0) continue
      postingDocs[p] = d
      for (let f = 0; f < F; f++) postingTfs[p * F + f] = tfs[i * F + f]!
      p++
    }
    invariant(p === postingOffsets[remap[t]! + 1], 'live postings counted and copied alike')
  }
  return { postingOffsets, postingDocs, postingTfs }
}

/**
 * Saves an index as a binary snapshot (live records only, in docIndex order) in one byte array.
 * An index of more than about 4·10^5 records makes more than one array can hold (4 GiB): save
 * those with {@link toBinarySnapshotParts}.
 *
 * @param index The index.
 * @param options `shared`: put the bytes in a SharedArrayBuffer.
 * @returns The bytes; store them as they are (e.g. `fs.writeFileSync(path, bytes)`).
 * @throws MatchError INVALID_OPTION when the snapshot does not fit in one array.
 * @example
 * fs.writeFileSync('index.bin', toBinarySnapshot(index))
 */
export function toBinarySnapshot<R extends AnyRecord>(index: DocumentIndex<R>, options: { readonly shared?: boolean } = {}): Uint8Array {
  return writeSnapshot(index).concat(options.shared === true)
}

/**
 * Saves an index as a binary snapshot in parts, for indexes of any size: the parts one after
 * another are the bytes {@link toBinarySnapshot} gives, cut between sections, so that
 * {@link fromBinarySnapshot} makes views of each part without copying. Write them to one file
 * in order (a stream, or one fs.writeSync each); read it back in pieces of any size.
 *
 * @param index The index.
 * @param options `shared`: each part in its own SharedArrayBuffer (worker threads:
 *   createMatcherPool); `maxPartBytes`: the size parts stay within (default 1 GiB; a section
 *   larger than that is a part of its own); `maxBytes`: the most the whole snapshot may take.
 * @throws MatchError OUT_OF_MEMORY, before any part is allocated, when it would take more than `maxBytes`.
 * @example
 * const fd = fs.openSync('index.bin', 'w')
 * for (const part of toBinarySnapshotParts(index)) fs.writeSync(fd, part) // < 2 GiB each
 * fs.closeSync(fd)
 * // Read back in pieces (fs.readFileSync stops at 2 GiB): any size, here 1 GiB.
 * const pieces = []
 * const file = fs.openSync('index.bin', 'r')
 * for (let at = 0, size = fs.fstatSync(file).size; at < size; ) {
 *   const piece = new Uint8Array(Math.min(2 ** 30, size - at))
 *   for (let got = 0; got < piece.length; ) got += fs.readSync(file, piece, got, piece.length - got, at + got)
 *   pieces.push(piece)
 *   at += piece.length
 * }
 * const loaded = fromBinarySnapshot(pieces, createAnalyzer())
 */
export function toBinarySnapshotParts<R extends AnyRecord>(
  index: DocumentIndex<R>,
  options: { readonly shared?: boolean; readonly maxPartBytes?: number; readonly maxBytes?: number } = {},
): Uint8Array[] {
  return planBinarySnapshotParts(index, options).pack()
}

/** A snapshot whose sections are written but not yet copied into its parts: see {@link planBinarySnapshotParts}. @internal */
export interface PlannedSnapshot {
  /** The bytes the parts will take. */
  readonly byteLength: number
  /** Copies the sections into the parts (the bulk of the work: most bytes are the index's arrays, copied here). */
  pack(): Uint8Array[]
}

/**
 * {@link toBinarySnapshotParts} in two steps: the sections are gathered (and the size checked)
 * now, the bytes copied into the parts by `pack()`. A caller can start what does not need the
 * bytes (worker threads) in between. The index must not change before `pack()`.
 *
 * @throws MatchError OUT_OF_MEMORY, before any part is allocated, when it would take more than `maxBytes`.
 * @internal
 */
export function planBinarySnapshotParts<R extends AnyRecord>(
  index: DocumentIndex<R>,
  options: { readonly shared?: boolean; readonly maxPartBytes?: number; readonly maxBytes?: number } = {},
): PlannedSnapshot {
  const max = options.maxPartBytes ?? DEFAULT_PART_BYTES
  if (!(Number.isInteger(max) && max > 0)) invalidOption('maxPartBytes', max, 'must be a positive integer')
  const writer = writeSnapshot(index)
  if (options.maxBytes !== undefined && writer.byteLength > options.maxBytes) {
    const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`
    throw new MatchError('OUT_OF_MEMORY', `the binary snapshot takes ${gb(writer.byteLength)}, more than the ${gb(options.maxBytes)} allowed`)
  }
  return { byteLength: writer.byteLength, pack: () => writer.parts(Math.min(max, MAX_ARRAY_BYTES), options.shared === true) }
}

/** Every section of an index's binary snapshot, head first. */
function writeSnapshot<R extends AnyRecord>(index: DocumentIndex<R>): SectionWriter {
  requireLittleEndian()
  const slots: number[] = []
  for (let slot = 0; slot < index.terms.slotCount; slot++) {
    if (index.recordAt(slot) && index.terms.isLive(slot)) slots.push(slot)
  }
  const body = new SectionWriter()
  const words = writeInverted(body, index.terms, slots)
  const chars = index.chars ? writeInverted(body, index.chars, slots) : 0

  // Keyword phrases both ways: per document (phrase ids, in phrasesOf order) and per phrase
  // (ascending documents and their sources), so that the loader builds each map in one go.
  const { phrases, byPhrase, byDoc } = index.keywords.export(slots, SOURCE_CODE)
  const tail = new SectionWriter()
  writeStrings(tail, phrases)
  tail.section(byDoc.offsets)
  tail.section(byDoc.phraseIds)
  tail.section(byPhrase.offsets)
  tail.section(byPhrase.docs)
  tail.section(byPhrase.sources)
  writeStrings(tail, slots.map((slot) => index.recordAt(slot)!.id))
  writeStrings(tail, slots.map((slot) => JSON.stringify(index.recordAt(slot))))
  body.append(tail)

  const header: BinaryHeader = {
    kind: index.kind,
    fields: index.fields,
    analyzer: index.analyzer.name,
    charNgrams: index.chars !== undefined,
    ...(index.charAnalyzer ? { charAnalyzer: index.charAnalyzer.name } : {}),
    extractedKeywords: index.extractedKeywords,
    docCount: slots.length,
    termCount: words,
    charTermCount: chars,
    phraseCount: phrases.length,
    phraseEntryCount: byDoc.phraseIds.length,
    tailChecksum: tail.checksum(),
  }
  const head = new SectionWriter()
  const prefix = new Uint8Array(8)
  prefix.set(new TextEncoder().encode(BINARY_SNAPSHOT_MAGIC))
  new DataView(prefix.buffer).setUint16(6, BINARY_SNAPSHOT_FORMAT_VERSION, true)
  head.raw(prefix)
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  head.section(headerBytes)
  head.section(new Uint32Array([fnv1a(headerBytes)]))
  head.append(body)
  return head
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads length-prefixed, 4-aligned sections from a snapshot in parts (one part, or parts cut
 * anywhere). A section inside one part is a view of it; one that a cut splits, or that a cut
 * left misaligned, is copied.
 */
class SectionReader {
  private part = 0
  private offset = 0

  constructor(private readonly parts: readonly Uint8Array[]) {}

  /** The next n bytes (a view when one part holds them, else a copy). */
  take(n: number, name: string): Uint8Array {
    this.skipEmpty()
    const part = this.parts[this.part]
    if (part && this.offset + n <= part.length) {
      const bytes = part.subarray(this.offset, this.offset + n)
      this.offset += n
      return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice()
    }
    if (n > this.remaining()) dataFormat(`truncated in ${name} (${n} bytes announced, ${this.remaining()} left)`)
    const out = new Uint8Array(n)
    for (let filled = 0; filled < n; ) {
      this.skipEmpty()
      const from = this.parts[this.part]!
      const count = Math.min(n - filled, from.length - this.offset)
      out.set(from.subarray(this.offset, this.offset + count), filled)
      filled += count
      this.offset += count
    }
    return out
  }

  /** The next section's bytes, checked against an expected element size and count. */
  private next(name: string, elementSize: number, count?: number): { bytes: Uint8Array; length: number } {
    if (this.remaining() < 4) dataFormat(`truncated before section ${name}`)
    const prefix = this.take(4, name)
    const byteLength = new DataView(prefix.buffer, prefix.byteOffset, 4).getUint32(0, true)
    if (byteLength > this.remaining()) dataFormat(`truncated in section ${name} (${byteLength} bytes announced, ${this.remaining()} left)`)
    if (byteLength % elementSize !== 0) dataFormat(`section ${name}: ${byteLength} bytes is not a whole number of ${elementSize}-byte values`)
    const length = byteLength / elementSize
    if (count !== undefined && length !== count) dataFormat(`section ${name}: ${length} values, expected ${count}`)
    const bytes = this.take(byteLength, name)
    const pad = (4 - (byteLength % 4)) % 4
    if (pad > this.remaining()) dataFormat(`truncated after section ${name}`)
    this.take(pad, name)
    return { bytes, length }
  }

  bytesOf(name: string, elementSize = 1): Uint8Array {
    return this.next(name, elementSize).bytes
  }

  int32(name: string, count?: number): Int32Array {
    const { bytes, length } = this.next(name, 4, count)
    return new Int32Array(bytes.buffer, bytes.byteOffset, length)
  }

  uint32(name: string, count?: number): Uint32Array {
    const { bytes, length } = this.next(name, 4, count)
    return new Uint32Array(bytes.buffer, bytes.byteOffset, length)
  }

  uint16(name: string, count?: number): Uint16Array {
    const { bytes, length } = this.next(name, 2, count)
    return new Uint16Array(bytes.buffer, bytes.byteOffset, length)
  }

  float32(name: string, count?: number): Float32Array {
    const { bytes, length } = this.next(name, 4, count)
    return new Float32Array(bytes.buffer, bytes.byteOffset, length)
  }

  /** The checksum of the bytes from the current position to the end (not consumed); -1 when they are not whole words. */
  checksumOfRest(): number {
    if (this.remaining() % 4 !== 0) return -1
    const sum = new Checksum()
    for (let p = this.part; p < this.parts.length; p++) sum.update(this.parts[p]!.subarray(p === this.part ? this.offset : 0))
    return sum.digest()
  }

  get atEnd(): boolean {
    return this.remaining() === 0
  }

  private remaining(): number {
    let left = 0
    for (let p = this.part; p < this.parts.length; p++) left += this.parts[p]!.length - (p === this.part ? this.offset : 0)
    return left
  }

  private skipEmpty(): void {
    while (this.part < this.parts.length - 1 && this.offset === this.parts[this.part]!.length) {
      this.part++
      this.offset = 0
    }
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function readStrings(reader: SectionReader, name: string, count: number): string[] {
  const offsets = reader.uint32(`${name} offsets`, count + 1)
  const text = decodeText(reader.bytesOf(`${name} text`, 2))
  if (offsets[0] !== 0 || offsets[count] !== text.length) dataFormat(`${name} offsets do not span the text`)
  const out = new Array<string>(count)
  for (let i = 0; i < count; i++) {
    const start = offsets[i]!
    const end = offsets[i + 1]!
    if (end < start) dataFormat(`${name} offsets decrease at ${i}`)
    out[i] = text.slice(start, end)
  }
  return out
}

/** Checks that offsets start at 0, never decrease and end at `end`. */
function checkOffsets(offsets: Uint32Array, end: number, name: string): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== end) dataFormat(`${name} do not span their ${end} values`)
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) dataFormat(`${name} decrease at ${i}`)
}

/**
 * Whether `values[start…end)` strictly ascend within [0, limit): one comparison a value (the
 * range needs checking only at the ends), as loads check ~4·10^7 of them at 10^5 records.
 */
function isAscendingWithin(values: Int32Array, start: number, end: number, limit: number): boolean {
  if (start === end) return true
  if (values[start]! < 0 || values[end - 1]! >= limit) return false
  let previous = values[start]!
  for (let i = start + 1; i < end; i++) {
    const value = values[i]!
    if (value <= previous) return false
    previous = value
  }
  return true
}

/** The position of the first value outside [0, limit), or -1. */
function firstOutside(values: Int32Array, limit: number): number {
  for (let i = 0; i < values.length; i++) if (!(values[i]! >= 0 && values[i]! < limit)) return i
  return -1
}

/**
 * Reads one inverted index's sections as views of the input. Checked: offsets span their
 * arrays, term ids ascend within a document (when `ordered`) and posting docs within a term,
 * each in range, so
 * that no corruption makes a lookup leave an array. Counts and field lengths are not checked
 * (a corrupted one changes scores, nothing else).
 */
function readInverted(reader: SectionReader, name: string, F: number, n: number, T: number, ordered: boolean) {
  // Packed: a string per term (~800k character terms at 10^5 records) cost more than the rest.
  const termOffsets = reader.uint32(`${name} terms offsets`, T + 1)
  const termText = decodeText(reader.bytesOf(`${name} terms text`, 2))
  checkOffsets(termOffsets, termText.length, `${name} terms offsets`)
  const forwardOffsets = reader.uint32(`${name} forward offsets`, n + 1)
  const termIds = reader.int32(`${name} term ids`)
  const total = termIds.length
  checkOffsets(forwardOffsets, total, `${name} forward offsets`)
  const tfs = reader.uint16(`${name} counts`, total * F)
  // A copy: InvertedIndex.addDocument replaces this array by a grown one, never writes into it.
  const fieldLengths = reader.float32(`${name} field lengths`, n * F).slice()
  const postingOffsets = reader.uint32(`${name} posting offsets`, T + 1)
  checkOffsets(postingOffsets, total, `${name} posting offsets`)
  const postingDocs = reader.int32(`${name} posting docs`, total)
  const postingTfs = reader.uint16(`${name} posting counts`, total * F)
  if (ordered) {
    for (let d = 0; d < n; d++) {
      if (!isAscendingWithin(termIds, forwardOffsets[d]!, forwardOffsets[d + 1]!, T)) dataFormat(`${name} document ${d}: a term id out of range or order`)
    }
  } else {
    const at = firstOutside(termIds, T)
    if (at >= 0) dataFormat(`${name} entry ${at}: term id ${termIds[at]} out of range`)
  }
  for (let t = 0; t < T; t++) {
    if (!isAscendingWithin(postingDocs, postingOffsets[t]!, postingOffsets[t + 1]!, n)) dataFormat(`${name} term ${t}: a posting doc out of range or order`)
  }
  const terms = new PackedTermTable(termText, termOffsets)
  return { terms, forwardOffsets, termIds, tfs, fieldLengths, postingOffsets, postingDocs, postingTfs }
}

function readHeader(parts: readonly Uint8Array[]): { header: BinaryHeader; reader: SectionReader } {
  let total = 0
  for (const part of parts) total += part.length
  if (total < 12) dataFormat(`${total} bytes is too short for a header`)
  const reader = new SectionReader(parts)
  const prefix = reader.take(8, 'the magic')
  const magic = String.fromCharCode(...prefix.subarray(0, 6))
  if (magic !== BINARY_SNAPSHOT_MAGIC) {
    throw new MatchError('SNAPSHOT_VERSION', `not a binary snapshot: magic ${JSON.stringify(magic)}, expected ${JSON.stringify(BINARY_SNAPSHOT_MAGIC)}`)
  }
  const version = prefix[6]! | (prefix[7]! << 8)
  if (version !== BINARY_SNAPSHOT_FORMAT_VERSION) {
    const advice = version < BINARY_SNAPSHOT_FORMAT_VERSION ? ': build the index again and save it with this version' : ''
    throw new MatchError('SNAPSHOT_VERSION', `binary snapshot formatVersion ${version} is not supported, expected ${BINARY_SNAPSHOT_FORMAT_VERSION}${advice}`)
  }
  const headerBytes = reader.bytesOf('header')
  if (reader.uint32('header checksum', 1)[0] !== fnv1a(headerBytes)) dataFormat('the header checksum does not match')
  let header: unknown
  try {
    header = JSON.parse(decoder.decode(headerBytes))
  } catch {
    dataFormat('the header is not JSON')
  }
  const h = header as Partial<BinaryHeader> | null
  const counts = ['docCount', 'termCount', 'charTermCount', 'phraseCount', 'phraseEntryCount', 'extractedKeywords', 'tailChecksum'] as const
  if (
    !h ||
    typeof h !== 'object' ||
    typeof h.analyzer !== 'string' ||
    typeof h.charNgrams !== 'boolean' ||
    !counts.every((key) => Number.isInteger(h[key]) && h[key]! >= 0) ||
    !['achievement', 'need', 'expert'].includes(h.kind as string) ||
    typeof h.fields !== 'object' ||
    h.fields === null
  ) {
    dataFormat('the header lacks or mistypes a field')
  }
  try {
    toFieldWeights(h.fields)
  } catch {
    dataFormat(`the header's fields ${JSON.stringify(h.fields)} are not field weights`)
  }
  return { header: h as BinaryHeader, reader }
}

/**
 * Loads an index from a binary snapshot, without analysing any text or rebuilding postings.
 * The loaded index is made of views of `bytes` (of a copy when they are not 4-byte aligned):
 * they become its memory, so do not modify them afterwards; the index itself writes into them
 * when it compacts postings after removals. Records are parsed on first access.
 *
 * @param bytes The snapshot, as written by {@link toBinarySnapshot} (a Node Buffer is fine), or
 *   its bytes in parts: those of {@link toBinarySnapshotParts}, or a file read in pieces of any
 *   size (a section that a cut splits is copied; one inside a piece is a view of it).
 * @param analyzer The analyzer for queries; it must have the snapshot's analyzer name.
 * @param charAnalyzer The character-channel analyzer when the index was built with a custom one.
 * @returns The index; it ranks every query as the saved one did.
 * @throws MatchError SNAPSHOT_VERSION on another magic or format version; INVALID_OPTION when an
 * analyzer differs; DATA_FORMAT when the bytes are truncated or malformed.
 * @example
 * const index = fromBinarySnapshot(fs.readFileSync('index.bin'), createAnalyzer())
 */
export function fromBinarySnapshot<R extends AnyRecord = AnyRecord>(bytes: Uint8Array | readonly Uint8Array[], analyzer: Analyzer, charAnalyzer?: Analyzer): DocumentIndex<R> {
  requireLittleEndian()
  // Typed views need 4-byte alignment in the underlying buffer: a part that starts misaligned
  // is copied once (as plain Uint8Arrays: a Buffer's slice() is a view, not a copy).
  const parts = (Array.isArray(bytes) ? (bytes as readonly Uint8Array[]) : [bytes as Uint8Array]).map((part) => {
    const plain = new Uint8Array(part.buffer, part.byteOffset, part.byteLength)
    return plain.byteOffset % 4 === 0 ? plain : plain.slice()
  })
  const { header, reader } = readHeader(parts)
  if (analyzer.name !== header.analyzer) {
    throw new MatchError('INVALID_OPTION', `invalid analyzer: ${JSON.stringify(analyzer.name)}, the snapshot was made with ${JSON.stringify(header.analyzer)}`)
  }
  const index = new DocumentIndex<R>({
    kind: header.kind,
    fields: header.fields,
    analyzer,
    extractedKeywords: header.extractedKeywords,
    charNgrams: header.charNgrams,
    ...(charAnalyzer ? { charAnalyzer } : {}),
  })
  if (index.charAnalyzer && header.charAnalyzer !== undefined && index.charAnalyzer.name !== header.charAnalyzer) {
    throw new MatchError('INVALID_OPTION', `invalid charAnalyzer: ${JSON.stringify(index.charAnalyzer.name)}, the snapshot was made with ${JSON.stringify(header.charAnalyzer)}`)
  }
  try {
    return load(index, header, reader)
  } catch (error) {
    if (error instanceof MatchError && error.code !== 'INTERNAL') throw error
    throw new MatchError('DATA_FORMAT', `binary snapshot: ${(error as Error).message}`, { cause: error })
  }
}

function load<R extends AnyRecord>(index: DocumentIndex<R>, header: BinaryHeader, reader: SectionReader): DocumentIndex<R> {
  const F = index.fieldNames.length
  const n = header.docCount
  const words = readInverted(reader, 'word', F, n, header.termCount, true)
  // The character channel's forward entries need not be ordered (InvertedIndex.orderedForward).
  const chars = header.charNgrams ? readInverted(reader, 'char', F, n, header.charTermCount, false) : undefined

  // Everything after the inverted indexes is checksummed: a corrupted record would otherwise
  // surface only when it is first parsed.
  if (reader.checksumOfRest() !== header.tailChecksum) dataFormat('the checksum of the phrases, ids and records does not match')
  const P = header.phraseCount
  const E = header.phraseEntryCount
  const phrases = readStrings(reader, 'phrase', P)
  const byDoc = { offsets: reader.uint32('phrase offsets per document', n + 1), phraseIds: reader.int32('phrases per document', E) }
  const byPhrase = { offsets: reader.uint32('document offsets per phrase', P + 1), docs: reader.int32('documents per phrase', E), sources: reader.bytesOf('sources per phrase') }
  if (byPhrase.sources.length !== E) dataFormat(`sources per phrase: ${byPhrase.sources.length} values, expected ${E}`)
  checkOffsets(byDoc.offsets, E, 'phrase offsets per document')
  checkOffsets(byPhrase.offsets, E, 'document offsets per phrase')
  // Each phrase is listed by as many documents as it lists (phrasesOf looks a document's phrases up).
  const listed = new Int32Array(P)
  for (let k = 0; k < E; k++) {
    const p = byDoc.phraseIds[k]!
    if (!(p >= 0 && p < P)) dataFormat(`phrase id ${p} out of range`)
    listed[p]! += 1
  }
  for (let p = 0, k = 0; p < P; p++) {
    const end = byPhrase.offsets[p + 1]!
    if (end - k !== listed[p]) dataFormat(`phrase ${p} has ${end - k} documents, ${listed[p]} documents list it`)
    for (let previous = -1; k < end; k++) {
      const d = byPhrase.docs[k]!
      if (d <= previous || d >= n || byPhrase.sources[k]! >= SOURCES.length) dataFormat(`phrase ${p}: document ${d} or its source out of range or order`)
      previous = d
    }
  }
  const ids = readStrings(reader, 'id', n)
  const recordOffsets = reader.uint32('record offsets', n + 1)
  const records = reader.bytesOf('records', 2)
  if (!reader.atEnd) dataFormat('bytes after the last section')
  checkOffsets(recordOffsets, records.length / 2, 'record offsets')

  if (index.chars && chars) index.chars.loadPostings(chars)
  index.terms.loadPostings(words)
  index.keywords.load(phrases, SOURCES, byPhrase, byDoc)
  // Records are decoded and parsed on first access: JSON.parse of them all was most of a load.
  index.restoreAll(ids, (d) => {
    let record: unknown
    try {
      record = JSON.parse(decodeText(records.subarray(2 * recordOffsets[d]!, 2 * recordOffsets[d + 1]!)))
    } catch (error) {
      throw new MatchError('DATA_FORMAT', `binary snapshot: record ${d} is not JSON`, { cause: error })
    }
    if ((record as { id?: unknown } | null)?.id !== ids[d]) {
      throw new MatchError('DATA_FORMAT', `binary snapshot: record ${d} does not have the id ${JSON.stringify(ids[d])}`)
    }
    return record as R
  })
  return index
}
