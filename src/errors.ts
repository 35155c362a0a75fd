/**
 * The errors this library throws: one base class with a code, and a subclass for bad data
 * that names the file and line. Check `code`, never the message.
 */

export type ErrorCode =
  | 'INVALID_OPTION'
  | 'DATA_FORMAT'
  | 'SNAPSHOT_VERSION'
  | 'TOKENIZER_INIT'
  | 'IO'
  /** Not enough free memory for what was asked (worker threads' shared snapshot). */
  | 'OUT_OF_MEMORY'
  | 'INTERNAL'

/** Base class of every error this library throws; check `code`, not the message. */
export class MatchError extends Error {
  override name = 'MatchError'
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** A record or line that cannot be read: names the file, the 1-based line and, where known, the field. */
export class DataFormatError extends MatchError {
  override name = 'DataFormatError'
  readonly file: string
  readonly line: number
  readonly field: string | undefined
  constructor(file: string, line: number, detail: string, options?: ErrorOptions & { field?: string }) {
    super('DATA_FORMAT', `${file}:${line}: ${options?.field ? `${options.field}: ` : ''}${detail}`, options)
    this.file = file
    this.line = line
    this.field = options?.field
  }
}

/** Throws `MatchError('INVALID_OPTION')` with the option name, the value and what was expected. */
export function invalidOption(name: string, value: unknown, expected: string): never {
  throw new MatchError('INVALID_OPTION', `invalid ${name}: ${JSON.stringify(value)}, ${expected}`)
}

/** Asserts an invariant: throws `MatchError('INTERNAL')` when it does not hold. Keep out of hot loops. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new MatchError('INTERNAL', `invariant failed: ${message}`)
}
