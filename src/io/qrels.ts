/**
 * Relevance judgments (qrels) as text ↔ `Map<needId, Map<targetId, grade>>`.
 */
import { readFile } from 'node:fs/promises'
import { DataFormatError, MatchError } from '../errors.js'
import type { DocId } from '../types.js'

/**
 * Parses qrels text. Each line is one judgment, in either form:
 *
 *   needId<TAB>targetId<TAB>grade            (datasets/SCHEMA.md)
 *   needId iteration targetId grade          (TREC; the iteration column is ignored)
 *
 * Columns are separated by any run of whitespace, so ids cannot contain spaces (as in TREC).
 * A leading BOM, CRLF or CR line ends, blank lines and lines starting with `#` are accepted.
 * Grade 0 judgments are kept: they mark a target as judged non-relevant.
 *
 * Qrels are small and decide every metric, so a bad line stops the parse rather than being
 * skipped: a wrong column count, a grade that is not a non-negative integer, or the same pair
 * judged twice with different grades (an identical repeat is accepted).
 *
 * @param text The file content.
 * @param file The name used in error messages.
 * @returns needId → (targetId → grade), in the order of first appearance.
 * @throws DataFormatError (code DATA_FORMAT, message `file:line: detail`) on the first bad line.
 * @example
 * parseQrels('N0001\tA0024\t3\nN0001 0 E0007 2\n').get('N0001') // => Map { 'A0024' => 3, 'E0007' => 2 }
 * @see trec_eval's qrels format, README in usnistgov/trec_eval.
 */
export function parseQrels(text: string, file = '<qrels>'): Map<DocId, Map<DocId, number>> {
  const qrels = new Map<DocId, Map<DocId, number>>()
  // The line where each (needId, targetId) was first judged, to name it on a conflict.
  const firstLine = new Map<DocId, Map<DocId, number>>()
  const lines = stripBom(text).split(/\r\n|\r|\n/)
  lines.forEach((raw, index) => {
    const lineNumber = index + 1
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const cells = line.split(/\s+/)
    if (cells.length !== 3 && cells.length !== 4) {
      throw new DataFormatError(
        file,
        lineNumber,
        `expected 3 columns (needId, targetId, grade) or 4 (needId, iteration, targetId, grade), got ${cells.length}`,
      )
    }
    const [needId, targetId, gradeText] = (cells.length === 3 ? cells : [cells[0], cells[2], cells[3]]) as [string, string, string]
    if (!/^\d+$/.test(gradeText)) {
      throw new DataFormatError(file, lineNumber, `grade must be a non-negative integer, got "${gradeText}"`)
    }
    const grade = Number(gradeText)
    let judgments = qrels.get(needId)
    let lineOf = firstLine.get(needId)
    if (judgments === undefined || lineOf === undefined) {
      judgments = new Map()
      lineOf = new Map()
      qrels.set(needId, judgments)
      firstLine.set(needId, lineOf)
    }
    const previous = judgments.get(targetId)
    if (previous !== undefined) {
      if (previous !== grade) {
        throw new DataFormatError(
          file,
          lineNumber,
          `conflicting grades for ${needId} ${targetId}: ${grade} here, ${previous} on line ${lineOf.get(targetId)}`,
        )
      }
      return
    }
    judgments.set(targetId, grade)
    lineOf.set(targetId, lineNumber)
  })
  return qrels
}

/**
 * Reads a qrels file (UTF-8) and parses it with {@link parseQrels}.
 *
 * @param path The file to read.
 * @returns needId → (targetId → grade).
 * @throws DataFormatError on the first bad line; MatchError IO when the file cannot be read (the fs error is the `cause`).
 */
export async function readQrels(path: string): Promise<Map<DocId, Map<DocId, number>>> {
  return parseQrels(await readText(path, 'qrels'), path)
}

/** @internal Reads a UTF-8 file, wrapping fs errors as MatchError IO. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new MatchError('IO', `cannot read ${what} file ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/** @internal Drops a leading U+FEFF byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
