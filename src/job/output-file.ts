/**
 * An output file a resumable job appends to: bytes written at a known length, flushed to disk
 * on demand, and cut back to a recorded length when a job resumes.
 *
 * Not a record writer (io/write-jsonl.ts, io/write-csv.ts): those stream through Node streams
 * and cannot say how many bytes reached the file, which a checkpoint must record.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { MatchError } from '../errors.js'

/** A file opened for appending, with its length in bytes. @internal */
export interface OutputFile {
  readonly path: string
  /** Bytes in the file: what was there at open (after any cut) plus what was appended. */
  readonly length: number
  /** Appends bytes at the end. */
  append(bytes: Uint8Array): Promise<void>
  /** Flushes the file's data to disk (fsync), so a checkpoint written after it can trust `length`. */
  sync(): Promise<void>
  close(): Promise<void>
}

function ioError(path: string, what: string, error: unknown): MatchError {
  if (error instanceof MatchError) return error
  return new MatchError('IO', `cannot ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
}

/**
 * Opens an output file: created or emptied, or (with `keep`) cut to `keep` bytes to go on
 * after a checkpoint.
 *
 * @param path The file.
 * @param keep The length to keep; `undefined` empties the file.
 *
 * @throws MatchError `IO` when the file cannot be opened, or is shorter than `keep` (it was
 * changed since the checkpoint).
 * @internal
 */
export async function openOutputFile(path: string, keep?: number): Promise<OutputFile> {
  let handle: FileHandle
  try {
    handle = await open(path, keep === undefined ? 'w' : 'r+')
  } catch (error) {
    throw ioError(path, keep === undefined ? 'create' : 'reopen', error)
  }
  let length = 0
  if (keep !== undefined) {
    const size = (await handle.stat()).size
    if (size < keep) {
      await handle.close()
      throw new MatchError('IO', `cannot resume: ${path} has ${size} bytes, the checkpoint recorded ${keep}; it was changed since (add --restart to start over)`)
    }
    // Rows written after the last checkpoint may be partial: they go, and are written again.
    if (size > keep) await handle.truncate(keep)
    length = keep
  }
  return {
    path,
    get length() {
      return length
    },
    async append(bytes) {
      let written = 0
      try {
        while (written < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written, length + written)
          written += bytesWritten
        }
      } catch (error) {
        throw ioError(path, 'write', error)
      }
      length += written
    },
    async sync() {
      try {
        await handle.sync()
      } catch (error) {
        throw ioError(path, 'flush', error)
      }
    },
    close: () => handle.close(),
  }
}
