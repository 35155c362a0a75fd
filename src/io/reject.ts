/**
 * A record set aside while reading: where it was, which field, why, and the raw text.
 */

/** A record that could not be read; the rest of the file is read on. */
export interface Reject {
  /** The file as the caller named it. */
  readonly file: string
  /** The 1-based line where the record starts in the file. */
  readonly line: number
  /** The schema field at fault, when one is. */
  readonly field?: string
  /** Why, in plain words, quoting the bad value. */
  readonly reason: string
  /** The raw line or CSV record, cut to {@link MAX_RAW_LENGTH} characters. */
  readonly raw?: string
}

/** Longest `raw` kept in a {@link Reject}, in characters; longer text is cut and marked with `…`. */
export const MAX_RAW_LENGTH = 500

/**
 * Cuts raw text to {@link MAX_RAW_LENGTH} characters, without splitting a surrogate pair.
 *
 * @param raw The raw text.
 *
 * @returns The text, or its first 500 characters followed by `…`.
 */
export function truncateRaw(raw: string): string {
  if (raw.length <= MAX_RAW_LENGTH) return raw
  let end = MAX_RAW_LENGTH
  const last = raw.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${raw.slice(0, end)}…`
}

/**
 * Formats a reject as one line: `file:line: field: reason`.
 *
 * @param reject The reject.
 *
 * @returns For example `needs.csv:17: budget: not a number: "约五十万"`.
 */
export function formatReject(reject: Reject): string {
  return `${reject.file}:${reject.line}: ${reject.field ? `${reject.field}: ` : ''}${reject.reason}`
}

/** Quotes a value for a reason text: JSON style, cut to 80 characters. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'number') return String(value)
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}
