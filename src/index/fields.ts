/**
 * Which text fields of a record are indexed, with what weight (BM25F boosts), per record kind.
 */
import { invalidOption } from '../errors.js'
import type { AnyRecord, RecordKind } from '../types.js'

/** Field name → weight. Names are record fields (SCHEMA.md); weights are BM25F boosts ≥ 0. */
export type FieldWeights = Readonly<Record<string, number>>

/**
 * The indexed fields of each kind and their boosts.
 *
 * Title and owner keywords name the technology; summaries describe it at length. For experts,
 * `title` is 职称 (教授 …), not text about the work, so it is not indexed.
 */
export const DEFAULT_FIELDS: Readonly<Record<RecordKind, FieldWeights>> = {
  achievement: { title: 3, keywords: 2, summary: 1 },
  need: { title: 2, description: 1 },
  expert: { directions: 3, fields: 1, bio: 1 },
}

/** The text of one field of a record: strings as they are, lists joined by a space, anything else ''. */
export function fieldText(record: AnyRecord, field: string): string {
  const value: unknown = Object.prototype.hasOwnProperty.call(record, field)
    ? (record as unknown as Record<string, unknown>)[field]
    : undefined
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').join(' ')
  return ''
}

/**
 * Guesses the kind of a record from the fields it has.
 *
 * Needs have description/budget/maturityRequired/company; achievements have
 * summary/keywords/maturity/price/institutionType; experts have name/bio/directions/fields.
 * A record with none of these (only id and title) is `undefined`: the caller decides.
 */
export function inferKind(record: AnyRecord): RecordKind | undefined {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(record, key)
  if (has('description') || has('budget') || has('maturityRequired') || has('company') || has('deadline')) return 'need'
  if (has('summary') || has('keywords') || has('maturity') || has('price') || has('institutionType') || has('year')) return 'achievement'
  if (has('name') || has('bio') || has('directions') || has('fields')) return 'expert'
  return undefined
}

/** Validates field weights: a non-empty object of finite weights ≥ 0, at least one > 0. */
export function toFieldWeights(fields: FieldWeights, optionName = 'fields'): FieldWeights {
  const entries = Object.entries(fields)
  if (entries.length === 0) invalidOption(optionName, fields, 'must name at least one field')
  for (const [name, weight] of entries) {
    if (!Number.isFinite(weight) || weight < 0) invalidOption(`${optionName}.${name}`, weight, 'must be a finite number ≥ 0')
  }
  if (!entries.some(([, w]) => w > 0)) invalidOption(optionName, fields, 'must give at least one field a weight > 0')
  return Object.freeze({ ...fields })
}
