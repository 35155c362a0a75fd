/**
 * The bytes of a match job's output: JSON Lines, or CSV for spreadsheets (UTF-8 with BOM, or
 * GBK/GB18030; CRLF; formula-safe cells), one query's rows at a time.
 *
 * Each query's rows are encoded on their own, with no state carried between them, so the
 * bytes of a query never depend on where a job was cut, resumed or sharded: that is what
 * makes a resumed or merged output equal an uninterrupted one byte for byte. The bytes equal
 * what io's `createJsonlWriter` and `createCsvWriter` write for the same rows (tested).
 */
import { stringify } from 'csv-stringify/sync'
import iconv from 'iconv-lite'
import { neutralizeFormula, toCsvCell } from '../io/write-csv.js'
import type { CsvEncoding } from '../io/write-csv.js'
import type { RecordKind } from '../types.js'
import { QUERY_ID_COLUMN } from './directions.js'
import { toOutputObject, type MatchRow } from './match-rows.js'

/** The output formats of a match job. */
export type RowFormatName = 'jsonl' | 'csv'

/** Encodes a job's output. @internal */
export interface RowFormat {
  /** What opens the file: the BOM and header row for CSV, nothing for JSON Lines. */
  readonly header: Uint8Array
  /** The bytes of some rows. */
  encode(rows: readonly MatchRow[]): Uint8Array
}

/** The columns of a job's output: the query's id column, then the spec's columns. */
export function outputColumns(queryKind: RecordKind): string[] {
  return [QUERY_ID_COLUMN[queryKind], 'kind', 'id', 'rank', 'score', 'band', 'title', 'reasons']
}

/** csv-stringify settings of io/write-csv.ts: CRLF, and quoted lone CR/LF in cells. */
const CSV_OPTIONS = { delimiter: ',', record_delimiter: '\r\n', quote_record_delimiter: true, escape_formulas: false } as const

/**
 * Creates the encoder of a job's output.
 *
 * @param format `jsonl` (UTF-8, no BOM, `\n`) or `csv` (reasons joined with `；`).
 * @param queryKind The query kind, which names the first column.
 * @param encoding CSV only: `utf8` (with BOM), `gbk` or `gb18030`. Default `utf8`.
 * @param grouped The grouped view: one row per query and matched kind, its top `topK` matches
 *   side by side (see {@link groupedColumns}).
 * @internal
 */
export function createRowFormat(format: RowFormatName, queryKind: RecordKind, encoding: CsvEncoding = 'utf8', grouped?: { readonly topK: number }): RowFormat {
  const idColumn = QUERY_ID_COLUMN[queryKind]
  if (grouped !== undefined) return createGroupedFormat(format, idColumn, encoding, grouped.topK)
  if (format === 'jsonl') {
    return {
      header: new Uint8Array(0),
      encode: (rows) => Buffer.from(rows.map((row) => `${JSON.stringify(toOutputObject(row, idColumn))}\n`).join(''), 'utf8'),
    }
  }
  const columns = outputColumns(queryKind)
  return csvFormat(columns, encoding, (rows) =>
    rows.map((row) => {
      const object: Record<string, unknown> = { ...toOutputObject(row, idColumn), reasons: row.reasons.join('；') }
      return columns.map((column) => toCsvCell(object[column]))
    }),
  )
}

/**
 * A CSV format: the header row (with a BOM in UTF-8), and one query's rows turned into cells
 * by `toCells`, encoded.
 */
function csvFormat(columns: readonly string[], encoding: CsvEncoding, toCells: (rows: readonly MatchRow[]) => string[][]): RowFormat {
  const toBytes = (text: string): Uint8Array => (encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding))
  const header = stringify([columns.map(neutralizeFormula)], CSV_OPTIONS)
  return {
    header: toBytes(encoding === 'utf8' ? `\ufeff${header}` : header),
    encode: (rows) => (rows.length === 0 ? new Uint8Array(0) : toBytes(stringify(toCells(rows), CSV_OPTIONS))),
  }
}

/**
 * The columns of the grouped view: the query's id column, the matched kind, how many matches,
 * then for each rank r ≤ topK: `top<r>_id`, `top<r>_title`, `top<r>_score` (匹配度),
 * `top<r>_band`, `top<r>_reasons`.
 */
export function groupedColumns(queryKind: RecordKind, topK: number): string[] {
  const columns = [QUERY_ID_COLUMN[queryKind], 'kind', 'matches']
  for (let r = 1; r <= topK; r++) columns.push(`top${r}_id`, `top${r}_title`, `top${r}_score`, `top${r}_band`, `top${r}_reasons`)
  return columns
}

/** One query's rows split by matched kind, in order. */
function byKind(rows: readonly MatchRow[]): MatchRow[][] {
  const groups: MatchRow[][] = []
  for (const row of rows) {
    const last = groups.at(-1)
    if (last && last[0]!.kind === row.kind) last.push(row)
    else groups.push([row])
  }
  return groups
}

/**
 * The grouped view (`duijie match --grouped`): one line or row per query and matched kind.
 * JSON Lines: `{ <queryId column>, kind, matches: [{ rank, id, score, band, title, reasons }] }`;
 * CSV: {@link groupedColumns}, reasons joined with `；`, missing ranks left empty. A query with
 * no match has no line, as in the flat view.
 */
function createGroupedFormat(format: RowFormatName, idColumn: string, encoding: CsvEncoding, topK: number): RowFormat {
  if (format === 'jsonl') {
    return {
      header: new Uint8Array(0),
      encode: (rows) =>
        Buffer.from(
          byKind(rows)
            .map((group) => {
              const matches = group.map(({ rank, id, score, band, title, reasons }) => ({ rank, id, score, band, title, reasons }))
              return `${JSON.stringify({ [idColumn]: group[0]!.queryId, kind: group[0]!.kind, matches })}\n`
            })
            .join(''),
          'utf8',
        ),
    }
  }
  const queryKind = (Object.keys(QUERY_ID_COLUMN) as RecordKind[]).find((k) => QUERY_ID_COLUMN[k] === idColumn)!
  return csvFormat(groupedColumns(queryKind, topK), encoding, (rows) =>
    byKind(rows).map((group) => {
      const line: unknown[] = [group[0]!.queryId, group[0]!.kind, group.length]
      for (let r = 0; r < topK; r++) {
        const row = group[r]
        line.push(row?.id, row?.title, row?.score, row?.band, row?.reasons.join('；'))
      }
      return line.map(toCsvCell)
    }),
  )
}
