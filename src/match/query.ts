/**
 * A record turned into a weighted query: its analysed terms, weighted by the field they come
 * from (a need's title says what it wants; its description adds situation and side remarks).
 */
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { fieldText, type FieldWeights } from '../index/fields.js'
import type { AnyRecord, RecordKind } from '../types.js'

/** One query term and its weight. */
export interface QueryTerm {
  readonly term: string
  readonly weight: number
}

/** A QueryTerm made by buildQuery: a class so that V8 does not pretenure its objects (see ResolvedTerm in bm25f-scorer.ts). */
class WeightedTerm implements QueryTerm {
  constructor(
    readonly term: string,
    readonly weight: number,
  ) {}
}

/** Which fields of a query record make the query, and their weights, per kind. */
export const DEFAULT_QUERY_FIELDS: Readonly<Record<RecordKind, FieldWeights>> = {
  need: { title: 2, description: 1 },
  achievement: { title: 2, keywords: 2, summary: 1 },
  expert: { directions: 2, fields: 1, bio: 1 },
}

/**
 * Builds the weighted terms of a query record.
 *
 * weight(t) = Σ over fields f of fieldWeight(f) · count(t in f)
 *
 * Repeats add up, as in Lucene's query parsing of a long text: a need that names 盐雾 three
 * times cares about it more than a side remark.
 *
 * @param record The query record (never mutated).
 * @param fields The query fields and weights.
 * @param analyzer The analyzer of the index being searched, so terms agree.
 * @returns Terms sorted by weight desc, then text: deterministic.
 */
export function buildQuery(record: AnyRecord, fields: FieldWeights, analyzer: Analyzer): QueryTerm[] {
  const weights = new Map<string, number>()
  for (const [field, fieldWeight] of Object.entries(fields)) {
    if (fieldWeight <= 0) continue
    for (const term of analyzer.analyze(fieldText(record, field))) weights.set(term, (weights.get(term) ?? 0) + fieldWeight)
  }
  return [...weights]
    .map(([term, weight]) => new WeightedTerm(term, weight))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
}

/** The normalised full text of a query record's fields, for phrase lookup in the keyword index. */
export function queryText(record: AnyRecord, fields: FieldWeights): string {
  return Object.keys(fields)
    .filter((field) => (fields[field] ?? 0) > 0)
    .map((field) => fieldText(record, field))
    .join('\n')
}
