/**
 * Exit codes of the duijie command, and how an error becomes one line on stderr.
 *
 * 0  done, nothing rejected
 * 1  failed: an error stopped the command (a file missing, a bad snapshot)
 * 2  usage: a bad option or argument
 * 3  done, but some input records were rejected (see the rejects file)
 */
import { MatchError } from '../errors.js'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
export const EXIT_REJECTS = 3

/** The exit code and the one stderr line of an error. */
export function describeError(error: unknown): { code: number; line: string } {
  if (error instanceof MatchError) {
    return { code: error.code === 'INVALID_OPTION' ? EXIT_USAGE : EXIT_FAILED, line: `duijie: ${error.message}` }
  }
  const nodeError = error as NodeJS.ErrnoException
  if (nodeError?.code === 'ENOENT') return { code: EXIT_FAILED, line: `duijie: no such file: ${nodeError.path ?? nodeError.message}` }
  if (nodeError?.code === 'EACCES') return { code: EXIT_FAILED, line: `duijie: permission denied: ${nodeError.path ?? nodeError.message}` }
  return { code: EXIT_FAILED, line: `duijie: ${error instanceof Error ? error.message : String(error)}` }
}
