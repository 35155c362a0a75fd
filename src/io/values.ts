/**
 * Field values as exports write them → typed values: amounts in 万元, years, lists, vectors.
 *
 * Each parser returns `{ value }` (`undefined` when the value is missing, which is not an
 * error) or `{ error }`, a reason that quotes the value.
 */

import { quoteValue } from './reject.js'

/** A parsed value, or why it could not be parsed. */
export type ValueResult<T> = { readonly value: T | undefined; readonly error?: undefined } | { readonly error: string }

const MISSING: ValueResult<never> = { value: undefined }

/**
 * Values that mean "not given" in a numeric column: 面议 (negotiable), 待定, a dash.
 * Compared after NFKC and lower-casing.
 */
const MISSING_NUMBER_MARKS = new Set(['', '-', '--', '—', '——', '/', '面议', '议价', '待定', '无', '不详', 'null', 'n/a', 'na', 'none'])

/** Plain decimal or JS-style number; String(n) of every finite double matches. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i
/** Thousands separators, strictly grouped: `1,200` and `12,345.5`, not `1,2`. */
const GROUPED_NUMBER = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/

/** Unit suffixes of amounts, and the factor to 万元. */
const AMOUNT_UNITS: readonly (readonly [string, number])[] = [
  ['万元', 1],
  ['万', 1],
  ['亿元', 10_000],
  ['亿', 10_000],
  ['元', 0.0001],
]

function parseNumberText(text: string): number | undefined {
  if (PLAIN_NUMBER.test(text)) return Number(text)
  if (GROUPED_NUMBER.test(text)) return Number(text.replace(/,/g, ''))
  return undefined
}

/**
 * Parses an amount in 万元 (price, budget).
 *
 * Accepts a number, or a string such as `50`, `50.5`, `1,200`, `50万`, `50万元`, `1.2亿`,
 * `80000元`, `¥50万` (full-width digits too). `面议`, `-`, `''`, null → missing.
 *
 * @param raw The value from the file.
 *
 * @returns The amount in 万元, or an error for text that is not an amount (`约五十万`) or a
 * negative or non-finite number.
 */
export function parseAmount(raw: unknown): ValueResult<number> {
  if (raw === null || raw === undefined) return MISSING
  let amount: number | undefined
  if (typeof raw === 'number') {
    amount = raw
  } else if (typeof raw === 'string') {
    let text = raw.normalize('NFKC').trim().toLowerCase()
    if (MISSING_NUMBER_MARKS.has(text)) return MISSING
    text = text.replace(/^[¥$]\s*/, '')
    let factor = 1
    for (const [unit, unitFactor] of AMOUNT_UNITS) {
      if (text.endsWith(unit)) {
        text = text.slice(0, -unit.length).trim()
        factor = unitFactor
        break
      }
    }
    const parsed = parseNumberText(text)
    if (parsed === undefined) return { error: `not a number: ${quoteValue(raw)}` }
    amount = parsed * factor
  } else {
    return { error: `not a number: ${quoteValue(raw)}` }
  }
  if (!Number.isFinite(amount)) return { error: `not a finite number: ${quoteValue(raw)}` }
  if (amount < 0) return { error: `negative amount: ${quoteValue(raw)}` }
  // -0 reads as 0.
  return { value: amount === 0 ? 0 : amount }
}

/**
 * Parses a year: `2023`, `"2023"`, `"2023年"`; an integer within 1000–9999.
 *
 * @param raw The value from the file.
 *
 * @returns The year, missing for the same marks as {@link parseAmount}, or an error.
 */
export function parseYear(raw: unknown): ValueResult<number> {
  if (raw === null || raw === undefined) return MISSING
  let year: number | undefined
  if (typeof raw === 'number') {
    year = raw
  } else if (typeof raw === 'string') {
    const text = raw.normalize('NFKC').trim().toLowerCase()
    if (MISSING_NUMBER_MARKS.has(text)) return MISSING
    year = parseNumberText(text.replace(/年$/, ''))
  }
  if (year === undefined || !Number.isInteger(year) || year < 1000 || year > 9999) {
    return { error: `not a year: ${quoteValue(raw)}` }
  }
  return { value: year }
}

/** Separators of a list given as one string: 、，,;；|/ (and full-width forms) and whitespace. */
const LIST_SEPARATORS = /[、，,;；|｜/／\s]+/u

/**
 * Parses a list field (keywords, cooperation, fields, directions).
 *
 * A string is split on 、，,;；|/ and whitespace; an array must hold strings only. Items are
 * trimmed and empty ones dropped; nothing else changes.
 *
 * @param raw The value from the file.
 *
 * @returns The list, missing when it has no item, or an error for another type.
 */
export function parseList(raw: unknown): ValueResult<readonly string[]> {
  if (raw === null || raw === undefined) return MISSING
  let items: string[]
  if (typeof raw === 'string') {
    items = raw.split(LIST_SEPARATORS)
  } else if (Array.isArray(raw)) {
    items = []
    for (const item of raw as readonly unknown[]) {
      if (item === null || item === undefined) continue
      if (typeof item !== 'string') return { error: `list item is not a string: ${quoteValue(item)}` }
      items.push(item)
    }
  } else {
    return { error: `not a string or a list of strings: ${quoteValue(raw)}` }
  }
  const kept = items.map((item) => item.trim()).filter((item) => item.length > 0)
  return kept.length > 0 ? { value: kept } : MISSING
}

/**
 * Parses a text field: control characters other than tab and line breaks become spaces (see
 * `CONTROL_CHARACTERS`), then the text is trimmed; empty → missing.
 *
 * @param raw The value from the file.
 *
 * @returns The trimmed string, or an error for a non-string.
 */
export function parseText(raw: unknown): ValueResult<string> {
  if (raw === null || raw === undefined) return MISSING
  if (typeof raw !== 'string') return { error: `not a string: ${quoteValue(raw)}` }
  const text = raw.replace(CONTROL_CHARACTERS, ' ').trim()
  return text.length > 0 ? { value: text } : MISSING
}

/**
 * Control characters (C0, DEL, C1: Unicode `Cc`) other than tab, line feed and carriage return. They
 * carry no text (NUL, ESC of terminal colour codes, BEL), and they break terminals, spreadsheets
 * and the tokenizer's view of a word; text fields get a space in their place.
 */
const CONTROL_CHARACTERS = /(?![\t\n\r])\p{Cc}/gu

/** Any control character, tab and line breaks included: none belongs in an id. */
const ID_CONTROL_CHARACTER = /\p{Cc}/u

/**
 * Parses an id: a string (trimmed) or a safe integer (`17` → `"17"`, as spreadsheets and
 * auto-increment exports write them).
 *
 * @param raw The value from the file.
 *
 * @returns The id, missing when empty, or an error for another type or for a control
 * character (tab and line breaks included) inside the id: ids are matched and joined exactly,
 * and `A1\u0000` would be a different id from `A1` that looks the same.
 */
export function parseId(raw: unknown): ValueResult<string> {
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) ? { value: String(raw) } : { error: `not a string or an integer: ${quoteValue(raw)}` }
  }
  if (typeof raw === 'string' && ID_CONTROL_CHARACTER.test(raw.trim())) return { error: `holds a control character: ${quoteValue(raw)}` }
  return parseText(raw)
}

/**
 * Parses a dense vector: an array of finite numbers, or in CSV a string holding a JSON array
 * (`[0.1,0.2]`) or numbers separated by commas, 、 or spaces.
 *
 * @param raw The value from the file.
 *
 * @returns The vector, missing when empty, or an error naming the first bad item.
 */
export function parseVector(raw: unknown): ValueResult<readonly number[]> {
  if (raw === null || raw === undefined) return MISSING
  let items: readonly unknown[]
  if (Array.isArray(raw)) {
    items = raw as readonly unknown[]
  } else if (typeof raw === 'string') {
    const text = raw.trim()
    if (text === '') return MISSING
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text)
        if (!Array.isArray(parsed)) return { error: `not a list of numbers: ${quoteValue(raw)}` }
        items = parsed as readonly unknown[]
      } catch {
        return { error: `not a JSON array of numbers: ${quoteValue(raw)}` }
      }
    } else {
      items = text.split(/[\s,，、;；]+/).map((part) => parseNumberText(part) ?? part)
    }
  } else {
    return { error: `not a list of numbers: ${quoteValue(raw)}` }
  }
  const vector: number[] = []
  for (const item of items) {
    if (typeof item !== 'number' || !Number.isFinite(item)) return { error: `vector item is not a finite number: ${quoteValue(item)}` }
    vector.push(item === 0 ? 0 : item)
  }
  return vector.length > 0 ? { value: vector } : MISSING
}
