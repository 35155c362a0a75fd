/**
 * Writing JSON Lines: one `JSON.stringify`d value per line, `\n` line ends, UTF-8 without BOM.
 */

import { PassThrough } from 'node:stream'
import { MatchError } from '../errors.js'
import { createSink } from './write-stream.js'

/** A streaming writer of records; call `close` once, and await it, when done. */
export interface RecordWriter<T> {
  /** Writes one record; resolves when the file can take more (backpressure). */
  write(record: T): Promise<void>
  /** Flushes and closes the file. */
  close(): Promise<void>
  /** Records written so far. */
  readonly count: number
}

function toJsonLine(record: unknown, index: number): string {
  let text: string | undefined
  try {
    text = JSON.stringify(record)
  } catch (error) {
    throw new MatchError('INVALID_OPTION', `record ${index + 1} cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  if (text === undefined) throw new MatchError('INVALID_OPTION', `record ${index + 1} cannot be written as JSON: ${typeof record}`)
  return `${text}\n`
}

/**
 * Creates a JSON Lines writer on a file (created or truncated).
 *
 * @param path The file.
 *
 * @returns The writer. Memory holds the records not yet flushed, bounded by backpressure.
 *
 * @throws MatchError `IO` from `write` or `close` when the file cannot be written;
 * `INVALID_OPTION` from `write` for a value JSON cannot hold (a BigInt, a cycle).
 */
export function createJsonlWriter<T>(path: string): RecordWriter<T> {
  const sink = createSink(path, new PassThrough())
  let count = 0
  return {
    async write(record: T): Promise<void> {
      const line = toJsonLine(record, count)
      await sink.write(line)
      count++
    },
    close: () => sink.close(),
    get count() {
      return count
    },
  }
}

/**
 * Writes records as JSON Lines.
 *
 * @param path The file, created or truncated.
 * @param records The records, from an array, a generator or an async iterable.
 *
 * @returns The number of records written.
 *
 * @throws MatchError `IO` when the file cannot be written; `INVALID_OPTION` for a value JSON
 * cannot hold (the lines before it are written).
 */
export async function writeJsonl<T>(path: string, records: Iterable<T> | AsyncIterable<T>): Promise<number> {
  const writer = createJsonlWriter<T>(path)
  try {
    for await (const record of records) await writer.write(record)
  } finally {
    await writer.close()
  }
  return writer.count
}
