/**
 * A raw row (CSV cells or a parsed JSON object) → a typed record of one kind, or the reason
 * it cannot be one.
 *
 * Strings are trimmed and otherwise kept as they are; lists, amounts and years are parsed
 * (values.ts). Missing optional fields are not errors. The caller's input is never mutated.
 */

import type { RecordKind, RecordOf } from '../types.js'
import { createHeaderMapper, SCHEMA_FIELDS, type HeaderMapper, type HeaderMapping, type SchemaField } from './headers.js'
import { quoteValue } from './reject.js'
import { parseAmount, parseId, parseList, parseText, parseVector, parseYear, type ValueResult } from './values.js'

/** A record, or why the row is not one. */
export type RecordResult<T> =
  | { readonly ok: true; readonly record: T }
  | { readonly ok: false; readonly field?: SchemaField; readonly reason: string }

type FieldParser = (raw: unknown) => ValueResult<unknown>

const TEXT: FieldParser = parseText

/** How each field of each kind is parsed; the key order is the order of the output record. */
const PARSERS: { readonly [K in RecordKind]: Readonly<Record<(typeof SCHEMA_FIELDS)[K][number], FieldParser>> } = {
  achievement: {
    id: parseId, title: TEXT, summary: TEXT, keywords: parseList, field: TEXT, maturity: TEXT,
    cooperation: parseList, institution: TEXT, institutionType: TEXT, region: TEXT,
    price: parseAmount, year: parseYear, vector: parseVector,
  },
  need: {
    id: parseId, title: TEXT, description: TEXT, field: TEXT, region: TEXT, budget: parseAmount,
    cooperation: parseList, maturityRequired: TEXT, company: TEXT, deadline: TEXT, vector: parseVector,
  },
  expert: {
    id: parseId, name: TEXT, title: TEXT, institution: TEXT, region: TEXT, fields: parseList,
    directions: parseList, bio: TEXT, vector: parseVector,
  },
}

/**
 * The fields a record cannot do without: its id and its text identity. The text identity must
 * hold a letter or digit of some script: a title of only punctuation, emoji or spaces is
 * rejected, as it gives the matcher nothing to match on. For achievements and
 * needs that is `title` (SCHEMA.md). For experts the schema's `title` is 职称, which many
 * profiles lack, so experts need `name` (姓名) instead.
 */
export const REQUIRED_FIELDS: { readonly [K in RecordKind]: readonly SchemaField[] } = {
  achievement: ['id', 'title'],
  need: ['id', 'title'],
  expert: ['id', 'name'],
}

/** A letter (Chinese characters are letters) or a digit, in any script. */
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)
}

/**
 * Builds a record from (field, raw value) pairs whose columns are already mapped.
 *
 * When several columns map to one field (成果名称 and 项目名称), the first non-blank value
 * wins. The required fields ({@link REQUIRED_FIELDS}) are checked first, then the others in
 * schema order; the first problem is reported.
 *
 * @param kind The record kind.
 * @param values The pairs, in column order.
 *
 * @returns The record (a new object, keys in schema order) or the field and reason.
 */
export function buildRecord<K extends RecordKind>(kind: K, values: Iterable<readonly [SchemaField, unknown]>): RecordResult<RecordOf[K]> {
  const raw = new Map<SchemaField, unknown>()
  for (const [field, value] of values) {
    if (!raw.has(field) || (isBlank(raw.get(field)) && !isBlank(value))) raw.set(field, value)
  }
  const parsers = PARSERS[kind] as Readonly<Record<string, FieldParser>>
  const parsed = new Map<string, unknown>()
  const required = REQUIRED_FIELDS[kind]
  const order = [...required, ...SCHEMA_FIELDS[kind].filter((field) => !required.includes(field))]
  for (const field of order) {
    const result = parsers[field]!(raw.get(field))
    if (result.error !== undefined) return { ok: false, field, reason: result.error }
    if (result.value === undefined) {
      if (required.includes(field)) return { ok: false, field, reason: `missing ${field}` }
    } else if (field !== 'id' && required.includes(field) && typeof result.value === 'string' && !HAS_WORD_CHARACTER.test(result.value)) {
      return { ok: false, field, reason: `no letter, digit or Chinese character, nothing to match on: ${quoteValue(raw.get(field))}` }
    } else {
      parsed.set(field, result.value)
    }
  }
  const record: Record<string, unknown> = {}
  for (const field of SCHEMA_FIELDS[kind]) {
    if (parsed.has(field)) record[field] = parsed.get(field)
  }
  return { ok: true, record: record as unknown as RecordOf[K] }
}

/** Options of {@link toRecord}. */
export interface ToRecordOptions {
  /** A user mapping of keys to fields, or a mapper built with {@link createHeaderMapper}. */
  readonly headers?: HeaderMapping | HeaderMapper
}

function isMapper(value: ToRecordOptions['headers']): value is HeaderMapper {
  return typeof value === 'object' && value !== null && !(value instanceof Map) &&
    typeof (value as { fieldOf?: unknown }).fieldOf === 'function' && Object.hasOwn(value, 'fieldOf')
}

/**
 * Turns a parsed JSON object (or any plain object) into a record of a kind.
 *
 * Keys are mapped as column headers are (`成果名称` → `title`, `Title` → `title`); unknown
 * keys, including `__proto__` and `constructor`, are ignored. Only own keys are read.
 *
 * @param kind The record kind.
 * @param input The object; anything else is rejected.
 * @param options The key mapping.
 *
 * @returns The record or the field and reason.
 *
 * @example
 * toRecord('need', { 编号: 'N1', 需求名称: '锈蚀', 预算: '50万' })
 * // => { ok: true, record: { id: 'N1', title: '锈蚀', budget: 50 } }
 */
export function toRecord<K extends RecordKind>(kind: K, input: unknown, options: ToRecordOptions = {}): RecordResult<RecordOf[K]> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: `not a JSON object: ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}` }
  }
  const mapper = isMapper(options.headers) ? options.headers : createHeaderMapper(kind, options.headers)
  return buildRecord(kind, mappedEntries(mapper, input as Readonly<Record<string, unknown>>))
}

/** The (field, value) pairs of an object's own keys that map to a field. @internal */
export function* mappedEntries(mapper: HeaderMapper, input: Readonly<Record<string, unknown>>): Generator<readonly [SchemaField, unknown]> {
  for (const key of Object.keys(input)) {
    const field = mapper.fieldOf(key)
    if (field !== undefined) yield [field, input[key]]
  }
}
