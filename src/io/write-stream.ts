/**
 * A file sink with backpressure: the shared tail of the JSON Lines and CSV writers.
 */

import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Duplex } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { MatchError } from '../errors.js'

/** Writes chunks through `head` (and any transforms) into a file. @internal */
export interface Sink {
  /** Resolves when the chunk is accepted; waits for `drain` when the file is slower. */
  write(chunk: unknown): Promise<void>
  /** Ends the stream and resolves once the file is flushed and closed. */
  close(): Promise<void>
}

function writeError(path: string, error: unknown): MatchError {
  if (error instanceof MatchError) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new MatchError('IO', `cannot write ${path}: ${detail}`, { cause: error })
}

/**
 * Opens a sink on `path`: `head` → `transforms` → the file.
 *
 * @param path The file, created or truncated.
 * @param head The stream written to.
 * @param transforms Streams between head and file (an encoder).
 *
 * @returns The sink. Errors (a missing folder, a full disk) surface from `write` or `close`
 * as MatchError `IO` with the fs error as `cause`. @internal
 */
export function createSink(path: string, head: Duplex, transforms: readonly Duplex[] = []): Sink {
  const file = createWriteStream(path)
  let failure: MatchError | undefined
  const done = pipeline([head, ...transforms, file]).catch((error: unknown) => {
    failure = writeError(path, error)
  })
  let closed = false
  return {
    async write(chunk: unknown): Promise<void> {
      if (failure) throw failure
      if (closed) throw new MatchError('IO', `cannot write ${path}: the writer is closed`)
      if (!head.write(chunk)) {
        await Promise.race([once(head, 'drain').catch(() => undefined), done])
        if (failure) throw failure
      }
    },
    async close(): Promise<void> {
      if (!closed) {
        closed = true
        head.end()
      }
      await done
      if (failure) throw failure
    },
  }
}
