/**
 * Match rows: the flat output of a batch job, one row per (query, rank, target), the same
 * columns in JSON Lines and CSV.
 */
import type { Matcher, MatcherOptions, MatchOptions, MatchResult } from '../match/matcher.js'
import type { AnyRecord, DocId, RecordKind } from '../types.js'

/** One output row. */
export interface MatchRow {
  /** The query record's id; written under `needId`, `achievementId` or `expertId`. */
  readonly queryId: DocId
  readonly queryKind: RecordKind
  /** The kind of the matched record. */
  readonly kind: RecordKind
  readonly id: DocId
  /** 1-based, per query and kind. */
  readonly rank: number
  /** 匹配度, 0–100. */
  readonly score: number
  readonly band: string
  /** The matched record's title (name for experts), so a spreadsheet reads on its own. */
  readonly title: string
  readonly reasons: readonly string[]
}

/** The searched side of a job: an index's matcher and the kind it holds. */
export interface Target {
  readonly kind: RecordKind
  readonly matcher: Matcher
  /** The options the matcher was created with: what a pool of matching threads needs. */
  readonly options?: MatcherOptions
}

/** The display name of a record: its title, or an expert's name with their 职称. */
export function displayTitle(record: AnyRecord | undefined, kind: RecordKind): string {
  if (!record) return ''
  if (kind === 'expert') {
    const expert = record as { name?: string; title?: string; institution?: string }
    return [expert.name, expert.title, expert.institution].filter(Boolean).join(' ')
  }
  return record.title ?? ''
}

/**
 * The rows of one query record against every target, kinds in the given order.
 *
 * @param query The query record.
 * @param queryKind Its kind.
 * @param targets The searched indexes.
 * @param options Match options (topK, filters, hard constraints).
 */
export function matchRows(query: AnyRecord, queryKind: RecordKind, targets: readonly Target[], options: MatchOptions): MatchRow[] {
  return targets.flatMap((target) => toRows(query, queryKind, target, target.matcher.match(query, { ...options, queryKind })))
}

/**
 * The rows of one query record's results against one target.
 *
 * @param query The query record.
 * @param queryKind Its kind.
 * @param target The target the results come from (it names the matched records).
 * @param results The target's results for the query, ranked.
 */
export function toRows(query: AnyRecord, queryKind: RecordKind, target: Target, results: readonly MatchResult[]): MatchRow[] {
  return results.map((result, i) => ({
    queryId: query.id,
    queryKind,
    kind: target.kind,
    id: result.id,
    rank: i + 1,
    score: result.matchScore,
    band: result.band,
    title: displayTitle(target.matcher.index.get(result.id), target.kind),
    reasons: result.reasons,
  }))
}

/** The row as a JSON Lines object: the query id under its kind's column, then the spec's columns. */
export function toOutputObject(row: MatchRow, queryIdColumn: string): Record<string, unknown> {
  return {
    [queryIdColumn]: row.queryId,
    kind: row.kind,
    id: row.id,
    rank: row.rank,
    score: row.score,
    band: row.band,
    title: row.title,
    reasons: row.reasons,
  }
}
