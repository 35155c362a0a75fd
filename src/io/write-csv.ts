/**
 * Writing CSV for spreadsheets: UTF-8 with BOM (or GBK), CRLF line ends, the caller's column
 * order, and cells that Excel cannot run as formulas.
 *
 * Excel opens a BOM-less UTF-8 CSV in the ANSI code page (GBK on Chinese Windows) and garbles
 * the Chinese; the BOM, or writing GBK, avoids that. A cell starting with `=`, `+`, `-`, `@`,
 * tab or CR is a formula to Excel and LibreOffice (CSV injection), so such text gets a leading
 * apostrophe. Numbers are not text: `-3.5` stays a number.
 *
 * @see OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
 */

import type { Duplex } from 'node:stream'
import { stringify } from 'csv-stringify'
import iconv from 'iconv-lite'
import { invalidOption } from '../errors.js'
import { validateDelimiter } from './csv.js'
import type { RecordWriter } from './write-jsonl.js'
import { createSink } from './write-stream.js'

/** A column: the key read from each row, and the header written (the key by default). */
export interface CsvColumn {
  readonly key: string
  readonly header?: string
}

/** The encodings the CSV writer can produce. */
export type CsvEncoding = 'utf8' | 'gbk' | 'gb18030'

/** Options of {@link createCsvWriter} and {@link writeCsv}. */
export interface CsvWriterOptions {
  /** The columns, in the order written. A string is a key that is also the header. */
  readonly columns: readonly (string | CsvColumn)[]
  /**
   * `utf8`, or `gbk` for old Excel set-ups. GBK has no form for characters outside it (rare
   * 生僻字 such as 𠀀, emoji): iconv-lite writes `?` for them; `gb18030` has them all.
   * @defaultValue `'utf8'`
   */
  readonly encoding?: CsvEncoding
  /** Write a UTF-8 BOM so Excel reads UTF-8. Ignored for GBK and GB18030. @defaultValue `true` */
  readonly bom?: boolean
  /** The cell delimiter. @defaultValue `','` */
  readonly delimiter?: string
}

/** The characters that make a cell a formula (OWASP): = + - @ tab CR. */
const FORMULA_START = /^[=+\-@\t\r]/
/** Text that is exactly a decimal number: Excel reads it as a number, never a formula. */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Neutralises text that a spreadsheet would run as a formula by prefixing an apostrophe.
 *
 * Text that is exactly a number (`-3.5`, `+86`) is left alone: it cannot hold a formula, and
 * an apostrophe would turn a number into text. `+86 138 0000 0000` is not a number and gets one.
 *
 * @param text The cell text.
 *
 * @returns `'=1+1` for `=1+1`; the text itself when safe.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMBER_TEXT.test(text) ? `'${text}` : text
}

/**
 * Converts a value to cell text.
 *
 * number → its shortest form (`-3.5`, not neutralised; NaN and ±Infinity → empty);
 * string → neutralised text; array of numbers (a vector) → JSON (`[0.1,-2]`); other array →
 * items joined with `、` (which the readers split on);
 * boolean → `true`/`false`; null and undefined → empty; anything else → its JSON.
 *
 * @param value The value.
 *
 * @returns The text written in the cell (before CSV quoting).
 */
export function toCsvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'string') return neutralizeFormula(value)
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (Array.isArray(value)) {
    // A vector as JSON: `[-0.5,1]` cannot pass for a formula, and the readers parse it back.
    if (value.length > 0 && value.every((item) => typeof item === 'number')) return JSON.stringify(value)
    return neutralizeFormula(value.map((item) => (typeof item === 'string' ? item : String(item))).join('、'))
  }
  return neutralizeFormula(JSON.stringify(value) ?? '')
}

function normalizeColumns(columns: unknown): CsvColumn[] {
  if (!Array.isArray(columns) || columns.length === 0) return invalidOption('columns', columns, 'must be a non-empty array of keys or { key, header }')
  return columns.map((column: unknown, i) => {
    if (typeof column === 'string') return { key: column, header: column }
    if (typeof column === 'object' && column !== null && typeof (column as CsvColumn).key === 'string') {
      const { key, header } = column as CsvColumn
      if (header !== undefined && typeof header !== 'string') invalidOption(`columns[${i}].header`, header, 'must be a string')
      return { key, header: header ?? key }
    }
    return invalidOption(`columns[${i}]`, column, 'must be a key or { key, header }')
  })
}

/**
 * Creates a CSV writer on a file (created or truncated) and writes the header row.
 *
 * Rows are objects read by column key; only own properties are read, so a column named
 * `constructor` reads the row's own `constructor` value or nothing.
 *
 * @param path The file.
 * @param options The columns (required), encoding, BOM and delimiter.
 *
 * @returns The writer; `close` it when done.
 *
 * @throws MatchError `INVALID_OPTION` at the call for bad options; `IO` from `write` or
 * `close` when the file cannot be written.
 */
export function createCsvWriter<T extends object = Readonly<Record<string, unknown>>>(path: string, options: CsvWriterOptions): RecordWriter<T> {
  const columns = normalizeColumns(options.columns)
  const encoding = options.encoding ?? 'utf8'
  if (encoding !== 'utf8' && encoding !== 'gbk' && encoding !== 'gb18030') invalidOption('encoding', encoding, 'must be utf8, gbk or gb18030')
  if (options.bom !== undefined && typeof options.bom !== 'boolean') invalidOption('bom', options.bom, 'must be a boolean')
  const delimiter = validateDelimiter(options.delimiter ?? ',')
  const stringifier = stringify({
    delimiter,
    record_delimiter: '\r\n',
    // Without this, csv-stringify stops quoting a cell with a lone \n or \r once
    // record_delimiter is set, and the cell would split the row on reading.
    quote_record_delimiter: true,
    bom: encoding === 'utf8' && options.bom !== false,
    escape_formulas: false,
  })
  // iconv-lite's encoder takes strings; csv-stringify emits Buffers unless told otherwise.
  if (encoding !== 'utf8') stringifier.setEncoding('utf8')
  const sink = createSink(path, stringifier, encoding === 'utf8' ? [] : [iconv.encodeStream(encoding) as unknown as Duplex])
  const header = sink.write(columns.map((column) => neutralizeFormula(column.header ?? column.key)))
  // A failure here surfaces from the next write or close; until then it is not unhandled.
  header.catch(() => undefined)
  let count = 0
  return {
    async write(row: T): Promise<void> {
      await header
      const record = row as Readonly<Record<string, unknown>>
      await sink.write(columns.map(({ key }) => toCsvCell(Object.hasOwn(record, key) ? record[key] : undefined)))
      count++
    },
    async close(): Promise<void> {
      await header
      await sink.close()
    },
    get count() {
      return count
    },
  }
}

/**
 * Writes rows as CSV for spreadsheets.
 *
 * @param path The file, created or truncated.
 * @param rows The rows, from an array, a generator or an async iterable.
 * @param options The columns (required), encoding, BOM and delimiter.
 *
 * @returns The number of rows written (the header not counted).
 *
 * @throws MatchError `INVALID_OPTION` for bad options; `IO` when the file cannot be written.
 *
 * @example
 * await writeCsv('matches.csv', hits, { columns: [{ key: 'id', header: '成果编号' }, { key: 'score', header: '匹配度' }] })
 */
export async function writeCsv<T extends object>(path: string, rows: Iterable<T> | AsyncIterable<T>, options: CsvWriterOptions): Promise<number> {
  const writer = createCsvWriter<T>(path, options)
  try {
    for await (const row of rows) await writer.write(row)
  } finally {
    await writer.close()
  }
  return writer.count
}
