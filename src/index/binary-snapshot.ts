/**
 * Binary snapshots: an index as one byte array that loads without analysing any text and
 * without per-document work on the postings (they are built in bulk from forward arrays).
 * The JSON snapshot (snapshot.ts) is the portable, inspectable form; this one is the fast one.
 *
 * Layout (all integers little-endian; every section starts on a 4-byte boundary):
 * ```
 * "DUIJIE"                      6 bytes, the magic
 * formatVersion                 uint16
 * header length, header         uint32, UTF-8 JSON (BinaryHeader), zero-padded to 4
 * 4, header checksum            uint32, uint32 FNV-1a of the header bytes
 * sections, each                uint32 byte length, bytes, zero-padded to 4:
 *   word terms      offsets (Uint32, terms+1, UTF-16 units), text (UTF-16LE),
 *                   terms per document (Uint32), term ids (Int32, ascending per document),
 *                   counts (fields per term: Uint8 | Uint16 | Float32), field lengths (Float32)
 *   char terms      the same six, when the index has the character channel
 *   phrases         offsets, text, entries (Int32 triples: docIndex, phrase id, source)
 *   records         UTF-16LE JSON Lines, one record a document, in docIndex order
 * ```
 * Text is UTF-16LE rather than UTF-8: it decodes by copying (UTF-8 decoding of 80 MB of
 * records costs about a second here), Chinese takes 2 bytes a character instead of 3, and any
 * JavaScript string, lone surrogates included, round-trips.
 * The body is checked structurally (lengths, term ids in range and ascending, counts summing
 * to field lengths, records parsing), not by checksum: hashing 300 MB would double load time.
 * Only live documents are written, renumbered 0…n−1, and only terms that occur in them
 * (renumbered in their original order, so each document's term ids stay ascending).
 */
import { Buffer } from 'node:buffer'
import { MatchError } from '../errors.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { AnyRecord, RecordKind } from '../types.js'
import { DocumentIndex } from './document-index.js'
import { toFieldWeights, type FieldWeights } from './fields.js'
import type { InvertedIndex } from './inverted-index.js'
import type { KeywordSource } from './keyword-index.js'

/** The binary snapshot format this version writes and reads. Bump on any incompatible change. */
export const BINARY_SNAPSHOT_FORMAT_VERSION = 1

/** The first six bytes of every binary snapshot. */
export const BINARY_SNAPSHOT_MAGIC = 'DUIJIE'

type CountType = 'u8' | 'u16' | 'f32'

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
  readonly countType: CountType
  readonly charCountType: CountType
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

// ---------------------------------------------------------------------------------------------
// Writing

/** Collects sections, each length-prefixed and padded to 4 bytes. */
class SectionWriter {
  private readonly chunks: Uint8Array[] = []
  private length = 0

  raw(bytes: Uint8Array): void {
    this.chunks.push(bytes)
    this.length += bytes.length
    const pad = (4 - (bytes.length % 4)) % 4
    if (pad > 0) {
      this.chunks.push(new Uint8Array(pad))
      this.length += pad
    }
  }

  section(view: ArrayBufferView): void {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    this.raw(new Uint8Array(new Uint32Array([bytes.length]).buffer))
    this.raw(bytes)
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length)
    let offset = 0
    for (const chunk of this.chunks) {
      out.set(chunk, offset)
      offset += chunk.length
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
  const offsets = new Uint32Array(strings.length + 1)
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i]! + strings[i]!.length
  writer.section(offsets)
  writer.section(encodeText(strings.join('')))
}

/** Writes the term table and forward arrays of one inverted index for the given live slots. */
function writeInverted(writer: SectionWriter, inverted: InvertedIndex, slots: readonly number[]): { termCount: number; countType: CountType } {
  const F = inverted.fieldCount
  // Keep only terms that occur in live documents, in their original order (ids stay ascending).
  const remap = new Int32Array(inverted.termCount).fill(-1)
  const terms: string[] = []
  for (let t = 0; t < inverted.termCount; t++) {
    if (inverted.docFreq(t) > 0) {
      remap[t] = terms.length
      terms.push(inverted.term(t))
    }
  }
  const perDoc = new Uint32Array(slots.length)
  let total = 0
  let maxCount = 0
  let integral = true
  slots.forEach((slot, d) => {
    const doc = inverted.docTerms(slot)!
    perDoc[d] = doc.termIds.length
    total += doc.termIds.length
    for (const count of doc.tfs) {
      if (count > maxCount) maxCount = count
      if (!Number.isInteger(count)) integral = false
    }
  })
  const countType: CountType = !integral ? 'f32' : maxCount <= 0xff ? 'u8' : maxCount <= 0xffff ? 'u16' : 'f32'
  const termIds = new Int32Array(total)
  const counts = countType === 'u8' ? new Uint8Array(total * F) : countType === 'u16' ? new Uint16Array(total * F) : new Float32Array(total * F)
  const fieldLengths = new Float32Array(slots.length * F)
  let k = 0
  slots.forEach((slot, d) => {
    const doc = inverted.docTerms(slot)!
    for (let i = 0; i < doc.termIds.length; i++) termIds[k + i] = remap[doc.termIds[i]!]!
    counts.set(doc.tfs, k * F)
    k += doc.termIds.length
    for (let f = 0; f < F; f++) fieldLengths[d * F + f] = inverted.fieldLength(slot, f)
  })
  writeStrings(writer, terms)
  writer.section(perDoc)
  writer.section(termIds)
  writer.section(counts)
  writer.section(fieldLengths)
  return { termCount: terms.length, countType }
}

/**
 * Saves an index as a binary snapshot (live records only, in docIndex order).
 *
 * @param index The index.
 * @returns The bytes; store them as they are (e.g. `fs.writeFileSync(path, bytes)`).
 * @example
 * fs.writeFileSync('index.bin', toBinarySnapshot(index))
 */
export function toBinarySnapshot<R extends AnyRecord>(index: DocumentIndex<R>): Uint8Array {
  requireLittleEndian()
  const slots: number[] = []
  for (let slot = 0; slot < index.terms.slotCount; slot++) {
    if (index.recordAt(slot) && index.terms.isLive(slot)) slots.push(slot)
  }
  const body = new SectionWriter()
  const words = writeInverted(body, index.terms, slots)
  const chars = index.chars ? writeInverted(body, index.chars, slots) : { termCount: 0, countType: 'u8' as const }

  const phraseIds = new Map<string, number>()
  const entries: number[] = []
  slots.forEach((slot, d) => {
    for (const { phrase, source } of index.keywords.phrasesOf(slot)) {
      let id = phraseIds.get(phrase)
      if (id === undefined) phraseIds.set(phrase, (id = phraseIds.size))
      entries.push(d, id, SOURCE_CODE[source])
    }
  })
  writeStrings(body, [...phraseIds.keys()])
  body.section(Int32Array.from(entries))
  body.section(encodeText(slots.map((slot) => JSON.stringify(index.recordAt(slot))).join('\n')))

  const header: BinaryHeader = {
    kind: index.kind,
    fields: index.fields,
    analyzer: index.analyzer.name,
    charNgrams: index.chars !== undefined,
    ...(index.charAnalyzer ? { charAnalyzer: index.charAnalyzer.name } : {}),
    extractedKeywords: index.extractedKeywords,
    docCount: slots.length,
    termCount: words.termCount,
    charTermCount: chars.termCount,
    phraseCount: phraseIds.size,
    phraseEntryCount: entries.length / 3,
    countType: words.countType,
    charCountType: chars.countType,
  }
  const head = new SectionWriter()
  const prefix = new Uint8Array(8)
  prefix.set(new TextEncoder().encode(BINARY_SNAPSHOT_MAGIC))
  new DataView(prefix.buffer).setUint16(6, BINARY_SNAPSHOT_FORMAT_VERSION, true)
  head.raw(prefix)
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  head.section(headerBytes)
  head.section(new Uint32Array([fnv1a(headerBytes)]))
  const headBytes = head.concat()
  const bodyBytes = body.concat()
  const out = new Uint8Array(headBytes.length + bodyBytes.length)
  out.set(headBytes)
  out.set(bodyBytes, headBytes.length)
  return out
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads length-prefixed, 4-aligned sections from a buffer that starts 4-aligned. */
class SectionReader {
  private offset: number
  private readonly view: DataView

  constructor(
    private readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.offset = offset
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** The next section's bytes, checked against an expected element size and count. */
  private next(name: string, elementSize: number, count?: number): { byteOffset: number; length: number } {
    if (this.offset + 4 > this.bytes.length) dataFormat(`truncated before section ${name}`)
    const byteLength = this.view.getUint32(this.offset, true)
    const start = this.offset + 4
    if (start + byteLength > this.bytes.length) dataFormat(`truncated in section ${name} (${byteLength} bytes announced, ${this.bytes.length - start} left)`)
    if (byteLength % elementSize !== 0) dataFormat(`section ${name}: ${byteLength} bytes is not a whole number of ${elementSize}-byte values`)
    const length = byteLength / elementSize
    if (count !== undefined && length !== count) dataFormat(`section ${name}: ${length} values, expected ${count}`)
    this.offset = start + byteLength + ((4 - (byteLength % 4)) % 4)
    return { byteOffset: this.bytes.byteOffset + start, length }
  }

  bytesOf(name: string, elementSize = 1): Uint8Array {
    const { byteOffset, length } = this.next(name, elementSize)
    return new Uint8Array(this.bytes.buffer, byteOffset, length * elementSize)
  }

  int32(name: string, count?: number): Int32Array {
    const { byteOffset, length } = this.next(name, 4, count)
    return new Int32Array(this.bytes.buffer, byteOffset, length)
  }

  uint32(name: string, count?: number): Uint32Array {
    const { byteOffset, length } = this.next(name, 4, count)
    return new Uint32Array(this.bytes.buffer, byteOffset, length)
  }

  float32(name: string, count?: number): Float32Array {
    const { byteOffset, length } = this.next(name, 4, count)
    return new Float32Array(this.bytes.buffer, byteOffset, length)
  }

  counts(name: string, type: CountType, count: number): Uint8Array | Uint16Array | Float32Array {
    const size = type === 'u8' ? 1 : type === 'u16' ? 2 : 4
    const { byteOffset, length } = this.next(name, size, count)
    if (type === 'u8') return new Uint8Array(this.bytes.buffer, byteOffset, length)
    if (type === 'u16') return new Uint16Array(this.bytes.buffer, byteOffset, length)
    return new Float32Array(this.bytes.buffer, byteOffset, length)
  }

  get atEnd(): boolean {
    return this.offset === this.bytes.length
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

/** Reads and validates one inverted index's sections (copies, not views of the input). */
function readInverted(reader: SectionReader, name: string, fieldCount: number, docCount: number, termCount: number, countType: CountType) {
  const F = fieldCount
  const terms = readStrings(reader, `${name} terms`, termCount)
  if (new Set(terms).size !== terms.length) dataFormat(`${name} terms are not distinct`)
  const docTermCounts = reader.uint32(`${name} terms per document`, docCount).slice()
  let total = 0
  for (let d = 0; d < docCount; d++) total += docTermCounts[d]!
  const termIds = reader.int32(`${name} term ids`, total).slice()
  const tfs = new Float32Array(reader.counts(`${name} counts`, countType, total * F))
  const fieldLengths = reader.float32(`${name} field lengths`, docCount * F).slice()
  const sums = new Float64Array(F)
  let i = 0
  for (let d = 0; d < docCount; d++) {
    const end = i + docTermCounts[d]!
    sums.fill(0)
    let previous = -1
    for (; i < end; i++) {
      const id = termIds[i]!
      if (id <= previous || id >= termCount) dataFormat(`${name} document ${d}: term id ${id} out of range or order`)
      previous = id
      for (let f = 0; f < F; f++) {
        const count = tfs[i * F + f]!
        if (!(count >= 0)) dataFormat(`${name} document ${d}: bad count ${count}`)
        sums[f]! += count
      }
    }
    for (let f = 0; f < F; f++) {
      if (sums[f] !== fieldLengths[d * F + f]) dataFormat(`${name} document ${d}: field ${f} length ${fieldLengths[d * F + f]} is not the sum of its counts ${sums[f]}`)
    }
  }
  return { terms, docTermCounts, termIds, tfs, fieldLengths }
}

function readHeader(bytes: Uint8Array): { header: BinaryHeader; reader: SectionReader } {
  if (bytes.length < 12) dataFormat(`${bytes.length} bytes is too short for a header`)
  const magic = String.fromCharCode(...bytes.subarray(0, 6))
  if (magic !== BINARY_SNAPSHOT_MAGIC) {
    throw new MatchError('SNAPSHOT_VERSION', `not a binary snapshot: magic ${JSON.stringify(magic)}, expected ${JSON.stringify(BINARY_SNAPSHOT_MAGIC)}`)
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(6, true)
  if (version !== BINARY_SNAPSHOT_FORMAT_VERSION) {
    throw new MatchError('SNAPSHOT_VERSION', `binary snapshot formatVersion ${version} is not supported, expected ${BINARY_SNAPSHOT_FORMAT_VERSION}`)
  }
  const reader = new SectionReader(bytes, 8)
  const headerBytes = reader.bytesOf('header')
  if (reader.uint32('header checksum', 1)[0] !== fnv1a(headerBytes)) dataFormat('the header checksum does not match')
  let header: unknown
  try {
    header = JSON.parse(decoder.decode(headerBytes))
  } catch {
    dataFormat('the header is not JSON')
  }
  const h = header as Partial<BinaryHeader> | null
  const counts = ['docCount', 'termCount', 'charTermCount', 'phraseCount', 'phraseEntryCount', 'extractedKeywords'] as const
  if (
    !h ||
    typeof h !== 'object' ||
    typeof h.analyzer !== 'string' ||
    typeof h.charNgrams !== 'boolean' ||
    !counts.every((key) => Number.isInteger(h[key]) && h[key]! >= 0) ||
    !['u8', 'u16', 'f32'].includes(h.countType as string) ||
    !['u8', 'u16', 'f32'].includes(h.charCountType as string) ||
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
 * Loads an index from a binary snapshot, without analysing any text: postings are built in
 * bulk from the stored forward arrays. The loaded index holds no reference into `bytes`.
 *
 * @param bytes The snapshot, as written by {@link toBinarySnapshot} (a Node Buffer is fine).
 * @param analyzer The analyzer for queries; it must have the snapshot's analyzer name.
 * @param charAnalyzer The character-channel analyzer when the index was built with a custom one.
 * @returns The index; it ranks every query as the saved one did.
 * @throws MatchError SNAPSHOT_VERSION on another magic or format version; INVALID_OPTION when an
 * analyzer differs; DATA_FORMAT when the bytes are truncated or malformed.
 * @example
 * const index = fromBinarySnapshot(fs.readFileSync('index.bin'), createAnalyzer())
 */
export function fromBinarySnapshot<R extends AnyRecord = AnyRecord>(bytes: Uint8Array, analyzer: Analyzer, charAnalyzer?: Analyzer): DocumentIndex<R> {
  requireLittleEndian()
  // Typed views need 4-byte alignment in the underlying buffer: copy once when it is not.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice()
  const { header, reader } = readHeader(aligned)
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
  const words = readInverted(reader, 'word', F, n, header.termCount, header.countType)
  const chars = header.charNgrams ? readInverted(reader, 'char', F, n, header.charTermCount, header.charCountType) : undefined

  const phrases = readStrings(reader, 'phrase', header.phraseCount)
  const entries = reader.int32('phrase entries', header.phraseEntryCount * 3)
  const phrasesByDoc: { phrase: string; source: KeywordSource }[][] = Array.from({ length: n }, () => [])
  for (let i = 0; i < entries.length; i += 3) {
    const phrase = phrases[entries[i + 1]!]
    const source = SOURCES[entries[i + 2]!]
    const list = phrasesByDoc[entries[i]!]
    if (phrase === undefined || source === undefined || list === undefined) dataFormat(`phrase entry ${i / 3} out of range`)
    list.push({ phrase, source })
  }

  const text = decodeText(reader.bytesOf('records', 2))
  if (!reader.atEnd) dataFormat('bytes after the last section')
  let records: unknown
  try {
    records = JSON.parse(text.length === 0 ? '[]' : `[${text.replaceAll('\n', ',')}]`)
  } catch {
    dataFormat('the records section is not JSON Lines')
  }
  if (!Array.isArray(records) || records.length !== n) dataFormat(`expected ${n} records`)
  const ids = new Set<string>()
  for (const record of records as unknown[]) {
    const id = (record as { id?: unknown } | null)?.id
    if (typeof id !== 'string' || ids.has(id)) dataFormat(`record ${JSON.stringify(id)} lacks a string id or repeats one`)
    ids.add(id)
  }

  // Records and phrases take docIndex 0…n−1 with empty forward entries; the postings are then
  // loaded in bulk, replacing those empty documents.
  const none: string[][] = Array.from({ length: F }, () => [])
  for (let d = 0; d < n; d++) index.restore((records as R[])[d]!, none, phrasesByDoc[d]!, chars ? none : undefined)
  index.terms.loadForward(words.terms, words.docTermCounts, words.termIds, words.tfs, words.fieldLengths)
  if (index.chars && chars) index.chars.loadForward(chars.terms, chars.docTermCounts, chars.termIds, chars.tfs, chars.fieldLengths)
  return index
}
