/**
 * Reading records of one kind from an export, JSON Lines or CSV, without stopping at bad rows.
 *
 * This is the one place that picks the format. Each row becomes a record or a {@link Reject}
 * naming file, line and field; the rest of the file is read on. Memory holds one line (or CSV
 * record) at a time, plus the set of ids seen.
 */

import { extname } from 'node:path'
import { MatchError, invalidOption } from '../errors.js'
import type { DocId, RecordKind, RecordOf } from '../types.js'
import { isBlankRow, readCsvRows, validateDelimiter } from './csv.js'
import { decodeFile, parseEncoding, resolveFileEncoding, type Encoding, type EncodingOption } from './encoding.js'
import { createHeaderMapper, type HeaderMapper, type HeaderMapping, type SchemaField } from './headers.js'
import { parseJsonLine, splitLines } from './jsonl.js'
import { buildRecord, type RecordResult } from './records.js'
import { truncateRaw, type Reject } from './reject.js'

/** The input formats. */
export type RecordFormat = 'jsonl' | 'csv'

/** Where a record was read. */
export interface RecordLocation {
  readonly file: string
  readonly line: number
}

/** Options of {@link readRecordStream} and {@link readRecords}. */
export interface ReadRecordsOptions {
  /** The format. @defaultValue `'csv'` for `.csv` and `.tsv` files, `'jsonl'` otherwise. */
  readonly format?: RecordFormat
  /** The encoding, or `'auto'` to detect it (BOM, UTF-8, else GB18030). @defaultValue `'auto'` */
  readonly encoding?: EncodingOption
  /** Column or key names → fields, over the built-in names; `null` ignores a column. */
  readonly headers?: HeaderMapping
  /** The CSV delimiter. @defaultValue tab for `.tsv`, else `,` */
  readonly delimiter?: string
  /**
   * Ids already read, with where: pass one map to several reads so that an id repeated
   * across files is rejected too. Records read are added to it.
   * @defaultValue a new map per read
   */
  readonly seenIds?: Map<DocId, RecordLocation>
}

/** A record with its line, or a reject. */
export type ReadItem<T> =
  | { readonly record: T; readonly line: number; readonly reject?: undefined }
  | { readonly reject: Reject; readonly record?: undefined; readonly line?: undefined }

/** What a read saw; complete once the iteration has ended. */
export interface ReadStats {
  readonly file: string
  readonly format: RecordFormat
  /** The encoding read with; `undefined` until reading starts. */
  readonly encoding: Encoding | undefined
  readonly records: number
  readonly rejects: number
  /** Blank lines and CSV rows of empty cells, skipped (not rejects). */
  readonly blankLines: number
  /** Lines or rows holding U+FFFD: bytes invalid in the encoding (or the character itself). */
  readonly replacementCharLines: number
  /** CSV only: each header and the field it maps to (`undefined`: ignored). */
  readonly columns: readonly { readonly name: string; readonly field: SchemaField | undefined }[]
  /** Columns or keys that map to no field, with the number of rows where they held a value. */
  readonly unknownColumns: readonly { readonly name: string; readonly count: number }[]
}

/** The records of a file, read as they are iterated; iterate once. */
export interface RecordStream<T> extends AsyncIterable<ReadItem<T>> {
  /** Filled while reading; complete once the iteration has ended. */
  readonly stats: ReadStats
}

/** The result of {@link readRecords}. */
export interface ReadRecordsResult<T> {
  readonly records: T[]
  readonly rejects: Reject[]
  readonly stats: ReadStats
}

const KINDS: readonly RecordKind[] = ['achievement', 'need', 'expert']

interface Settings {
  readonly format: RecordFormat
  readonly encoding: EncodingOption
  readonly mapper: HeaderMapper
  readonly delimiter: string
  readonly seenIds: Map<DocId, RecordLocation>
}

function resolveSettings(path: string, kind: RecordKind, options: ReadRecordsOptions): Settings {
  if (typeof path !== 'string' || path === '') invalidOption('path', path, 'must be a non-empty string')
  if (!KINDS.includes(kind)) invalidOption('kind', kind, `must be one of ${KINDS.join(', ')}`)
  const extension = extname(path).toLowerCase()
  const format = options.format ?? (extension === '.csv' || extension === '.tsv' ? 'csv' : 'jsonl')
  if (format !== 'csv' && format !== 'jsonl') invalidOption('format', format, 'must be jsonl or csv')
  if (options.seenIds !== undefined && !(options.seenIds instanceof Map)) invalidOption('seenIds', options.seenIds, 'must be a Map')
  return {
    format,
    encoding: parseEncoding(options.encoding ?? 'auto'),
    mapper: createHeaderMapper(kind, options.headers),
    delimiter: validateDelimiter(options.delimiter ?? (extension === '.tsv' ? '\t' : ',')),
    seenIds: options.seenIds ?? new Map(),
  }
}

type MutableStats = { -readonly [P in keyof ReadStats]: ReadStats[P] }

/** A row on its way to a record: its line, raw text and mapped values. */
interface Row {
  readonly line: number
  readonly raw: string
  readonly values: Iterable<readonly [SchemaField, unknown]>
}

/** A string, or a list holding one, with U+FFFD: what a decoder puts for bytes invalid in the encoding. */
function holdsReplacementChar(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\ufffd')
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes('\ufffd'))
}

/** Lone surrogates → U+FFFD, so that a reject prints and encodes cleanly (V8 quotes half an emoji in some JSON errors). */
function toWellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '')
}

/**
 * Reads the records of one kind from a JSON Lines or CSV file, as a stream.
 *
 * Bad rows become rejects: a line that is not JSON or not an object, a CSV row whose cell
 * count differs from the header's, a missing id or title (name, for experts), a title of only
 * punctuation or emoji, a value of the wrong type (a field and the reason are named), an id
 * seen before (the first line is named), a field holding U+FFFD — bytes invalid in the
 * encoding, rejected rather than matched as garbled text (the field is named). Control
 * characters in text become spaces; in an id they are a reject.
 * Blank lines are skipped. Options are validated when this is called.
 *
 * @param path The file. `.csv` and `.tsv` read as CSV, anything else as JSON Lines.
 * @param kind The record kind.
 * @param options Format, encoding, header mapping, delimiter, shared id map.
 *
 * @returns An async iterable of `{ record, line }` and `{ reject }`, with live `stats`.
 *
 * @throws MatchError `INVALID_OPTION` (at the call) for a bad option; `IO` (while iterating)
 * when the file cannot be read.
 *
 * @example
 * const stream = readRecordStream('needs.csv', 'need', { headers: { 项目编号: 'id' } })
 * for await (const item of stream) {
 *   if (item.reject) console.error(formatReject(item.reject))
 *   else use(item.record, item.line)
 * }
 */
export function readRecordStream<K extends RecordKind>(path: string, kind: K, options: ReadRecordsOptions = {}): RecordStream<RecordOf[K]> {
  const settings = resolveSettings(path, kind, options)
  const unknown = new Map<string, number>()
  const stats: MutableStats = {
    file: path, format: settings.format, encoding: undefined, records: 0, rejects: 0,
    blankLines: 0, replacementCharLines: 0, columns: [], unknownColumns: [],
  }
  const countUnknown = (name: string, present: boolean): void => {
    unknown.set(name, (unknown.get(name) ?? 0) + (present ? 1 : 0))
  }
  const reject = (line: number, reason: string, raw: string, field?: string): ReadItem<RecordOf[K]> => {
    stats.rejects++
    return { reject: { file: path, line, ...(field === undefined ? {} : { field }), reason: toWellFormed(reason), raw: toWellFormed(truncateRaw(raw)) } }
  }
  const toItem = (row: Row): ReadItem<RecordOf[K]> => {
    if (row.raw.includes('\ufffd')) stats.replacementCharLines++
    const values = [...row.values]
    const garbled = values.find(([, value]) => holdsReplacementChar(value))
    if (garbled !== undefined) {
      const reason = `holds U+FFFD: bytes not valid in ${stats.encoding ?? 'the encoding'} (or the replacement character itself); fix the bytes or give the right encoding`
      return reject(row.line, reason, row.raw, garbled[0])
    }
    const result: RecordResult<RecordOf[K]> = buildRecord(kind, values)
    if (!result.ok) return reject(row.line, result.reason, row.raw, result.field)
    const id = result.record.id
    const first = settings.seenIds.get(id)
    if (first !== undefined) {
      const where = first.file === path ? `line ${first.line}` : `${first.file}:${first.line}`
      return reject(row.line, `duplicate id ${JSON.stringify(id)}, first at ${where}`, row.raw, 'id')
    }
    settings.seenIds.set(id, { file: path, line: row.line })
    stats.records++
    return { record: result.record, line: row.line }
  }

  async function* jsonlItems(encoding: Encoding): AsyncGenerator<ReadItem<RecordOf[K]>> {
    for await (const { text, line } of splitLines(decodeFile(path, encoding))) {
      if (text.trim() === '') {
        stats.blankLines++
        continue
      }
      const parsed = parseJsonLine(text)
      if ('error' in parsed) {
        if (text.includes('\ufffd')) stats.replacementCharLines++
        yield reject(line, parsed.error, text)
        continue
      }
      const values: [SchemaField, unknown][] = []
      for (const key of Object.keys(parsed.value)) {
        const value = parsed.value[key]
        const field = settings.mapper.fieldOf(key)
        if (field === undefined) countUnknown(key, hasValue(value))
        else values.push([field, value])
      }
      yield toItem({ line, raw: text, values })
    }
  }

  async function* csvItems(encoding: Encoding): AsyncGenerator<ReadItem<RecordOf[K]>> {
    let header: { name: string; field: SchemaField | undefined }[] | undefined
    for await (const item of readCsvRows(decodeFile(path, encoding), settings.delimiter)) {
      if (item.error) {
        if (item.error.raw.includes('\ufffd')) stats.replacementCharLines++
        yield reject(item.error.line, item.error.reason, item.error.raw)
        continue
      }
      const { cells, line, raw } = item.row
      if (isBlankRow(cells)) {
        stats.blankLines++
        continue
      }
      if (header === undefined) {
        header = cells.map((cell, i) => {
          const name = cell.trim() === '' ? `(column ${i + 1})` : cell.trim()
          return { name, field: settings.mapper.fieldOf(cell) }
        })
        stats.columns = header
        for (const column of header) if (column.field === undefined) countUnknown(column.name, false)
        continue
      }
      if (cells.length !== header.length) {
        if (raw.includes('\ufffd')) stats.replacementCharLines++
        yield reject(line, `${cells.length} cells, header has ${header.length}`, raw)
        continue
      }
      const values: [SchemaField, unknown][] = []
      cells.forEach((cell, i) => {
        const column = header![i]!
        if (column.field === undefined) countUnknown(column.name, hasValue(cell))
        else values.push([column.field, cell])
      })
      yield toItem({ line, raw, values })
    }
  }

  let started = false
  return {
    stats,
    async *[Symbol.asyncIterator]() {
      if (started) throw new MatchError('IO', `records of ${path} already read: call readRecordStream again to read them again`)
      started = true
      try {
        const encoding = await resolveFileEncoding(path, settings.encoding)
        stats.encoding = encoding
        yield* settings.format === 'csv' ? csvItems(encoding) : jsonlItems(encoding)
      } finally {
        stats.unknownColumns = [...unknown].map(([name, count]) => ({ name, count }))
      }
    },
  }
}

/**
 * Reads all records of one kind from a JSON Lines or CSV file; bad rows become rejects.
 *
 * @param path The file. `.csv` and `.tsv` read as CSV, anything else as JSON Lines.
 * @param kind The record kind.
 * @param options See {@link readRecordStream}.
 *
 * @returns The records in file order, the rejects in file order, and the stats.
 *
 * @throws MatchError `INVALID_OPTION` for a bad option; `IO` when the file cannot be read.
 * Bad data never throws.
 */
export async function readRecords<K extends RecordKind>(path: string, kind: K, options: ReadRecordsOptions = {}): Promise<ReadRecordsResult<RecordOf[K]>> {
  const stream = readRecordStream(path, kind, options)
  const records: RecordOf[K][] = []
  const rejects: Reject[] = []
  for await (const item of stream) {
    if (item.reject === undefined) records.push(item.record)
    else rejects.push(item.reject)
  }
  return { records, rejects, stats: stream.stats }
}

