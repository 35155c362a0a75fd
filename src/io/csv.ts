/**
 * CSV rows with the line each starts on, streamed through csv-parse.
 *
 * Two things csv-parse does not do are done here:
 * - Line numbers. csv-parse's `info.lines` counts a `\r\n` inside a quoted cell twice, so
 *   lines come from a separate index of line breaks, keyed by the byte offset at which
 *   csv-parse says each record ends (`info.bytes`).
 * - Recovery from a stray quote. A cell that opens a quote and never closes it (or closes it
 *   lines later by accident) swallows the following rows into one record. When a record runs
 *   over several lines and has a cell count other than the header's, or is unclosed at the
 *   end of the file, its first line is set aside and the lines after it are parsed again. One
 *   stray quote then costs one row, not the rest of the file.
 */

import { Readable, pipeline } from 'node:stream'
import { parse, type CsvError, type Info, type Options } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { invalidOption } from '../errors.js'

/** A CSV record: its cells (untrimmed), the line it starts on, and its raw text. */
export interface CsvRow {
  readonly cells: readonly string[]
  /** 1-based line of the record's first character. */
  readonly line: number
  /** The record as it stands in the file, without its line break. */
  readonly raw: string
}

/** A line set aside because of a quote that does not balance. */
export interface CsvRowError {
  readonly line: number
  readonly reason: string
  readonly raw: string
}

/** Either a row or a row error. */
export type CsvItem = { readonly row: CsvRow; readonly error?: undefined } | { readonly error: CsvRowError; readonly row?: undefined }

/**
 * Validates a CSV delimiter: one character, not a quote or a line break.
 *
 * @param delimiter The delimiter option.
 *
 * @returns The delimiter.
 *
 * @throws MatchError `INVALID_OPTION`.
 */
export function validateDelimiter(delimiter: unknown): string {
  if (typeof delimiter !== 'string' || [...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    return invalidOption('delimiter', delimiter, 'must be one character other than a quote or a line break')
  }
  return delimiter
}

/** True when every cell is empty or whitespace (`,,,` rows that spreadsheets leave at the end). */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '')
}

/**
 * Line breaks (`\r\n`, `\n`, `\r`) by UTF-8 byte offset, fed with the text as it goes to the
 * parser and consumed as records come out, so it holds only the breaks of the text in flight.
 */
class LineIndex {
  private starts: number[] = []
  private ends: number[] = []
  private head = 0
  private consumed = 0
  private offset = 0
  private lastWasCr = false

  constructor(private readonly firstLine: number) {}

  /** Adds a chunk; offsets count as `Buffer.from(chunk)` does, a lone surrogate as 3 bytes (U+FFFD). */
  add(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 0x0a && this.lastWasCr) {
        this.ends[this.ends.length - 1]! += 1
      } else if (code === 0x0a || code === 0x0d) {
        this.starts.push(this.offset)
        this.ends.push(this.offset + 1)
      }
      this.lastWasCr = code === 0x0d
      if (code < 0x80) this.offset += 1
      else if (code < 0x800) this.offset += 2
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        this.offset += 4
        i++
      } else this.offset += 3
    }
  }

  /** The line of the first character at or after byte `offset` that is not a line break. */
  lineAt(offset: number): number {
    let at = offset
    while (this.head < this.starts.length && this.ends[this.head]! <= at) this.pop()
    while (this.head < this.starts.length && this.starts[this.head] === at) {
      at = this.ends[this.head]!
      this.pop()
    }
    return this.firstLine + this.consumed
  }

  private pop(): void {
    this.head++
    this.consumed++
    if (this.head > 4096 && this.head * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.head)
      this.ends = this.ends.slice(this.head)
      this.head = 0
    }
  }
}

const LINE_BREAK = /\r\n|\n|\r/

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\n|\r/g)?.length ?? 0
}

function stripLineBreaks(raw: string): string {
  return raw.replace(/^[\r\n]+/, '').replace(/(?:\r\n|\n|\r)$/, '')
}

/** A record csv-parse skipped; only an unclosed quote at the end of input, with these options. */
interface Skipped {
  readonly error: CsvError
  readonly raw: string
}

interface ParsedRecord {
  readonly record: string[]
  readonly info: Info
  readonly raw: string
}

function parserOptions(delimiter: string, skipped: Skipped[]): Options {
  return {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: false,
    info: true,
    raw: true,
    relax_column_count: true,
    // A quote inside a cell (5"螺栓) is a character, not a syntax error.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      if (error) skipped.push({ error, raw: raw ?? '' })
      return undefined
    },
  }
}

/** Parsed records of a text with their start lines, then the skipped ones at `endLine`. */
interface PassResult {
  readonly rows: Iterable<CsvRow> | AsyncIterable<CsvRow>
  /** The skipped records, with the line each starts on; read after `rows` is exhausted. */
  readonly skipped: () => readonly (Skipped & { line: number })[]
}

function toRow(parsed: ParsedRecord, line: number): CsvRow {
  return { cells: parsed.record, line, raw: stripLineBreaks(parsed.raw) }
}

/** A streaming pass of csv-parse over `source`. */
function streamingPass(source: AsyncIterable<string> | Iterable<string>, delimiter: string): PassResult {
  const index = new LineIndex(1)
  const skipped: Skipped[] = []
  let previousEnd = 0
  // csv-parse turns each chunk into a Buffer on its own: a surrogate pair cut between two
  // chunks would become two U+FFFD, so a trailing high surrogate waits for the next chunk.
  async function* tracked(): AsyncGenerator<string> {
    let held = ''
    for await (const chunk of source) {
      let text = held + chunk
      held = ''
      const last = text.charCodeAt(text.length - 1)
      if (last >= 0xd800 && last <= 0xdbff) {
        held = text.slice(-1)
        text = text.slice(0, -1)
      }
      if (text.length === 0) continue
      index.add(text)
      yield text
    }
    if (held) {
      index.add(held)
      yield held
    }
  }
  async function* rows(): AsyncGenerator<CsvRow> {
    const parser = parse(parserOptions(delimiter, skipped))
    pipeline(Readable.from(tracked(), { objectMode: false }), parser, () => {
      // Errors reach the consumer through the parser's async iterator.
    })
    for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
      const line = index.lineAt(previousEnd)
      previousEnd = parsed.info.bytes
      yield toRow(parsed, line)
    }
  }
  return { rows: rows(), skipped: () => skipped.map((skip) => ({ ...skip, line: index.lineAt(previousEnd) })) }
}

/** A synchronous pass over a text already in memory (the remainder of a broken record). */
function textPass(text: string, delimiter: string, firstLine: number): PassResult {
  const index = new LineIndex(firstLine)
  index.add(text)
  const skipped: Skipped[] = []
  const parsed = parseSync(text, parserOptions(delimiter, skipped)) as unknown as ParsedRecord[]
  const rows: CsvRow[] = []
  let previousEnd = 0
  for (const record of parsed) {
    rows.push(toRow(record, index.lineAt(previousEnd)))
    previousEnd = record.info.bytes
  }
  const end = index.lineAt(previousEnd)
  return { rows, skipped: () => skipped.map((skip) => ({ ...skip, line: end })) }
}

/** The text after the first line of `raw`, or undefined when `raw` is one line. */
function afterFirstLine(raw: string): string | undefined {
  const match = LINE_BREAK.exec(raw)
  return match ? raw.slice(match.index + match[0].length) : undefined
}

function firstLineOf(raw: string): string {
  const match = LINE_BREAK.exec(raw)
  return match ? raw.slice(0, match.index) : raw
}

/**
 * Reads CSV records from decoded text, one at a time. The first row that is not blank is the
 * header; a later record running over several lines with another cell count is treated as a
 * stray quote (see the module comment).
 *
 * @param chunks The decoded text (no BOM), in chunks of any size.
 * @param delimiter The cell delimiter, validated with {@link validateDelimiter}.
 *
 * @returns Rows and row errors in file order. Blank lines are skipped; rows of any length are
 * returned as they are (the caller compares them with the header).
 */
export async function* readCsvRows(chunks: AsyncIterable<string> | Iterable<string>, delimiter = ','): AsyncGenerator<CsvItem> {
  let headerCells: number | undefined
  // Passes in progress, innermost last: a broken record's remainder is parsed before the
  // records after it, so items come out in file order.
  const stack: { iterator: Iterator<CsvRow> | AsyncIterator<CsvRow>; pass: PassResult }[] = []
  const push = (pass: PassResult): void => {
    const rows = pass.rows
    const iterator = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]()
    stack.push({ iterator, pass })
  }
  push(streamingPass(chunks, delimiter))
  try {
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const next = await top.iterator.next()
      if (next.done) {
        stack.pop()
        for (const skip of top.pass.skipped()) {
          const raw = skip.raw.replace(/^[\r\n]+/, '')
          if (skip.error.code !== 'CSV_QUOTE_NOT_CLOSED') {
            yield { error: { line: skip.line, reason: `unreadable CSV record: ${skip.error.message}`, raw: stripLineBreaks(raw) } }
            continue
          }
          yield { error: { line: skip.line, reason: 'unclosed quote: a cell opens a quote that nothing closes; the lines after this one are read again', raw: firstLineOf(raw) } }
          const rest = afterFirstLine(raw)
          if (rest !== undefined) push(textPass(rest, delimiter, skip.line + 1))
        }
        continue
      }
      const row = next.value
      if (headerCells === undefined) {
        if (!isBlankRow(row.cells)) headerCells = row.cells.length
        yield { row }
        continue
      }
      const rest = row.cells.length !== headerCells ? afterFirstLine(row.raw) : undefined
      if (rest === undefined) {
        yield { row }
        continue
      }
      const lastLine = row.line + countLineBreaks(row.raw)
      yield {
        error: {
          line: row.line,
          reason: `unbalanced quote: the row would run over lines ${row.line}–${lastLine} with ${row.cells.length} cells (header has ${headerCells}); the lines after this one are read again`,
          raw: firstLineOf(row.raw),
        },
      }
      push(textPass(rest, delimiter, row.line + 1))
    }
  } finally {
    // Stop the file stream when the consumer leaves early.
    for (const { iterator } of stack) await iterator.return?.()
  }
}
