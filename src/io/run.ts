/**
 * Run files, TREC style: one ranked target per line, `needId Q0 targetId rank score tag`.
 */
import { writeFile } from 'node:fs/promises'
import { DataFormatError, MatchError, invalidOption } from '../errors.js'
import type { DocId } from '../types.js'
import { readText, stripBom } from './qrels.js'

/** One line of a run file. */
export interface RunRow {
  readonly needId: DocId
  readonly targetId: DocId
  /** 1-based position in the need's ranking. */
  readonly rank: number
  readonly score: number
}

/** Options of {@link formatRun} and {@link writeRun}. */
export interface FormatRunOptions {
  /**
   * The run name in the last column. No whitespace.
   *
   * @defaultValue {@link DEFAULT_RUN_TAG}
   */
  readonly tag?: string
  /**
   * Digits after the decimal point of the score. The same scores always print the same text,
   * so two runs of the same job give byte-identical files.
   *
   * @defaultValue {@link DEFAULT_SCORE_DIGITS}
   */
  readonly scoreDigits?: number
}

/** The default run name. */
export const DEFAULT_RUN_TAG = 'duijie'

/** Six decimals: finer than any score difference that changes a rank in practice, as Anserini prints. */
export const DEFAULT_SCORE_DIGITS = 6

/**
 * Turns ranked results per need into run rows, ranks starting at 1 in the given order.
 *
 * @param results needId → results, best first (the shape `{ id, score }` the matcher returns).
 * @returns The rows, needs in the map's order.
 */
export function toRunRows(results: ReadonlyMap<DocId, readonly { readonly id: DocId; readonly score: number }[]>): RunRow[] {
  const rows: RunRow[] = []
  for (const [needId, hits] of results) {
    hits.forEach((hit, position) => rows.push({ needId, targetId: hit.id, rank: position + 1, score: hit.score }))
  }
  return rows
}

/**
 * Formats run rows as a TREC run file: `needId Q0 targetId rank score tag`, one per line,
 * space-separated, in the order given, with a final newline.
 *
 * @param rows The rows. Ids and the tag must not contain whitespace; scores must be finite.
 * @param options The tag and the score precision.
 * @returns The file content.
 * @throws MatchError INVALID_OPTION when an id or the tag is empty or has whitespace, a score is not finite, a rank is not a non-negative integer, or scoreDigits is not an integer within [0, 20].
 * @example
 * formatRun([{ needId: 'N0001', targetId: 'A0024', rank: 1, score: 12.7 }])
 * // => 'N0001 Q0 A0024 1 12.700000 duijie\n'
 * @see trec_eval's results format, README in usnistgov/trec_eval.
 */
export function formatRun(rows: readonly RunRow[], options: FormatRunOptions = {}): string {
  const tag = options.tag ?? DEFAULT_RUN_TAG
  const digits = options.scoreDigits ?? DEFAULT_SCORE_DIGITS
  checkToken('tag', tag)
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) invalidOption('scoreDigits', digits, 'must be an integer within [0, 20]')
  let text = ''
  for (const row of rows) {
    checkToken('needId', row.needId)
    checkToken('targetId', row.targetId)
    if (!Number.isSafeInteger(row.rank) || row.rank < 0) invalidOption(`rank of ${row.needId} ${row.targetId}`, row.rank, 'must be a non-negative integer')
    if (!Number.isFinite(row.score)) invalidOption(`score of ${row.needId} ${row.targetId}`, row.score, 'must be finite')
    // `+ 0` turns −0 into 0, and a score that rounds to zero prints without a minus sign.
    const score = Number(row.score.toFixed(digits)) + 0
    text += `${row.needId} Q0 ${row.targetId} ${row.rank} ${score.toFixed(digits)} ${tag}\n`
  }
  return text
}

/**
 * Writes run rows to a file (UTF-8) with {@link formatRun}.
 *
 * @param path The file to write; replaced if it exists.
 * @param rows The rows.
 * @param options The tag and the score precision.
 * @throws MatchError INVALID_OPTION as {@link formatRun}; MatchError IO when the file cannot be written (the fs error is the `cause`).
 */
export async function writeRun(path: string, rows: readonly RunRow[], options: FormatRunOptions = {}): Promise<void> {
  const text = formatRun(rows, options)
  try {
    await writeFile(path, text, 'utf8')
  } catch (error) {
    throw new MatchError('IO', `cannot write run file ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * Parses a TREC run file into the ranked target ids of each need.
 *
 * Each line has six whitespace-separated columns, `needId Q0 targetId rank score tag`; the Q0
 * and tag columns are not checked. Within a need, targets are ordered by rank ascending, then
 * score descending, then line order. (trec_eval ignores the rank column and sorts by score
 * descending, ties by docno descending; for files from {@link formatRun} of ranked results both
 * orders agree.) A leading BOM, CRLF line ends, blank lines and `#` comment lines are accepted.
 *
 * @param text The file content.
 * @param file The name used in error messages.
 * @returns needId → target ids, best first; needs in the order of first appearance.
 * @throws DataFormatError (message `file:line: detail`) on a wrong column count, a rank that is not a non-negative integer, a score that is not a finite number, or a target listed twice for one need (trec_eval rejects such a run too: "duplicate docs").
 * @see usnistgov/trec_eval, form_res_rels.c (ordering and the duplicate check).
 */
export function parseRun(text: string, file = '<run>'): Map<DocId, DocId[]> {
  interface Entry { readonly targetId: DocId; readonly rank: number; readonly score: number; readonly line: number }
  const entries = new Map<DocId, Entry[]>()
  const lineOf = new Map<string, number>()
  const lines = stripBom(text).split(/\r\n|\r|\n/)
  lines.forEach((raw, index) => {
    const lineNumber = index + 1
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const cells = line.split(/\s+/)
    if (cells.length !== 6) {
      throw new DataFormatError(file, lineNumber, `expected 6 columns (needId Q0 targetId rank score tag), got ${cells.length}`)
    }
    const [needId, , targetId, rankText, scoreText] = cells as [string, string, string, string, string, string]
    if (!/^\d+$/.test(rankText)) {
      throw new DataFormatError(file, lineNumber, `rank must be a non-negative integer, got "${rankText}"`)
    }
    const score = Number(scoreText)
    if (scoreText === '' || !Number.isFinite(score)) {
      throw new DataFormatError(file, lineNumber, `score must be a finite number, got "${scoreText}"`)
    }
    // A tab cannot occur inside an id (ids are split on whitespace), so it is a safe separator.
    const pair = `${needId}\t${targetId}`
    const previous = lineOf.get(pair)
    if (previous !== undefined) {
      throw new DataFormatError(file, lineNumber, `duplicate target ${targetId} for ${needId}, first on line ${previous}`)
    }
    lineOf.set(pair, lineNumber)
    let list = entries.get(needId)
    if (list === undefined) {
      list = []
      entries.set(needId, list)
    }
    list.push({ targetId, rank: Number(rankText), score, line: lineNumber })
  })
  const run = new Map<DocId, DocId[]>()
  for (const [needId, list] of entries) {
    list.sort((a, b) => a.rank - b.rank || b.score - a.score || a.line - b.line)
    run.set(needId, list.map((entry) => entry.targetId))
  }
  return run
}

/**
 * Reads a run file (UTF-8) and parses it with {@link parseRun}.
 *
 * @param path The file to read.
 * @returns needId → target ids, best first.
 * @throws DataFormatError on the first bad line; MatchError IO when the file cannot be read (the fs error is the `cause`).
 */
export async function readRun(path: string): Promise<Map<DocId, DocId[]>> {
  return parseRun(await readText(path, 'run'), path)
}

function checkToken(name: string, value: string): void {
  if (value === '' || /\s/.test(value)) invalidOption(name, value, 'must be non-empty and contain no whitespace')
}
