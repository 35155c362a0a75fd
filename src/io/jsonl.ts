/**
 * JSON Lines: one JSON object per line, read as a stream of decoded lines.
 *
 * Line breaks are `\n`, `\r\n` or a lone `\r`, as Node's readline counts them, and lines are
 * numbered from 1 as an editor shows them. Blank lines are skipped.
 */

import { DataFormatError } from '../errors.js'
import { decodeFile, resolveFileEncoding, type EncodingOption } from './encoding.js'

/** One physical line of a text. */
export interface TextLine {
  /** The line without its line break. */
  readonly text: string
  /** 1-based line number. */
  readonly line: number
}

const LINE_BREAK = /\r\n|\n|\r/g

/**
 * Splits decoded chunks into lines, holding only the current line in memory.
 *
 * @param chunks The text, in chunks that may cut a line (or a `\r\n`) anywhere.
 *
 * @returns Every line, blank ones included; a final line break does not add an empty line.
 */
export async function* splitLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<TextLine> {
  let carry = ''
  let line = 0
  for await (const chunk of chunks) {
    const text = carry + chunk
    let start = 0
    LINE_BREAK.lastIndex = 0
    for (let match = LINE_BREAK.exec(text); match !== null; match = LINE_BREAK.exec(text)) {
      // A `\r` at the very end may be the first half of a `\r\n` cut by the chunk boundary.
      if (match[0] === '\r' && match.index === text.length - 1) break
      line++
      yield { text: text.slice(start, match.index), line }
      start = match.index + match[0].length
    }
    carry = text.slice(start)
  }
  if (carry.length > 0) {
    line++
    yield { text: carry.endsWith('\r') ? carry.slice(0, -1) : carry, line }
  }
}

/** A parsed JSON line: an object, or why not. @internal */
export type JsonLineResult = { readonly value: Readonly<Record<string, unknown>> } | { readonly error: string }

/**
 * Parses one JSON Lines line into an object.
 *
 * @param text The line.
 *
 * @returns The object, or `invalid JSON: …` / `not a JSON object: …`. @internal
 */
export function parseJsonLine(text: string): JsonLineResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `not a JSON object: ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` }
  }
  return { value: value as Readonly<Record<string, unknown>> }
}

/** Options of {@link readJsonl}. */
export interface ReadJsonlOptions {
  /** The file encoding, or `'auto'` to detect it. @defaultValue `'auto'` */
  readonly encoding?: EncodingOption
}

/**
 * Reads a JSON Lines file whole, stopping at the first bad line.
 *
 * For trusted files such as the datasets of SCHEMA.md. The objects are returned as parsed,
 * without mapping or checking their fields: to read an export that may hold bad rows, use
 * `readRecords`, which sets bad lines aside and reads on.
 *
 * @param path The file. UTF-8 (with or without BOM), UTF-16 with BOM and GBK/GB18030 are detected.
 * @param options The encoding.
 *
 * @returns The objects, in file order; blank lines are skipped.
 *
 * @throws DataFormatError naming the file and line of the first line that is not a JSON object.
 * @throws MatchError `IO` when the file cannot be read.
 *
 * @example
 * const achievements = await readJsonl<Achievement>('data/achievements.jsonl')
 */
export async function readJsonl<T = Record<string, unknown>>(path: string, options: ReadJsonlOptions = {}): Promise<T[]> {
  const encoding = await resolveFileEncoding(path, options.encoding)
  const out: T[] = []
  for await (const { text, line } of splitLines(decodeFile(path, encoding))) {
    if (text.trim() === '') continue
    const parsed = parseJsonLine(text)
    if ('error' in parsed) throw new DataFormatError(path, line, parsed.error)
    out.push(parsed.value as T)
  }
  return out
}
