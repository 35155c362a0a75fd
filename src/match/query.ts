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
  // Terms grouped by weight, each group in the default (code-unit) order of strings: the same
  // order as one sort by weight and term, without a JavaScript comparator call per comparison
  // (that sort was most of the time of a character query's ~200 terms).
  const byWeight = new Map<number, string[]>()
  weights.forEach((weight, term) => {
    const group = byWeight.get(weight)
    if (group) group.push(term)
    else byWeight.set(weight, [term])
  })
  const out: QueryTerm[] = []
  for (const weight of [...byWeight.keys()].sort((a, b) => b - a)) {
    for (const term of byWeight.get(weight)!.sort()) out.push(new WeightedTerm(term, weight))
  }
  return out
}

/** The normalised full text of a query record's fields, for phrase lookup in the keyword index. */
export function queryText(record: AnyRecord, fields: FieldWeights): string {
  return Object.keys(fields)
    .filter((field) => (fields[field] ?? 0) > 0)
    .map((field) => fieldText(record, field))
    .join('\n')
}
