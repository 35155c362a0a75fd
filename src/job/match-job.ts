/**
 * A match job: every query record of a direction against its targets, rows handed to a sink
 * in a stable order (query order, then target kind, then rank).
 */
import type { MatchOptions } from '../match/matcher.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { RecordKind } from '../types.js'
import { toDirection, type Direction } from './directions.js'
import type { LoadedInputs } from './load.js'
import { matchRows, type MatchRow } from './match-rows.js'
import { buildTargets, type TargetOptions } from './targets.js'

/** Options of {@link runMatchJob}. */
export interface MatchJobOptions {
  /** Default `demand-to-supply`. */
  readonly direction?: Direction
  /** Results per query and target kind. Default 10. */
  readonly topK?: number
  readonly analyzer?: Analyzer
  readonly matcher?: TargetOptions
  /** Filters, hard constraints, minimum 匹配度. */
  readonly match?: Omit<MatchOptions, 'topK' | 'queryKind' | 'explain'>
  /** Called after each query with (done, total). */
  readonly onProgress?: (done: number, total: number) => void
}

/** What a job did. */
export interface MatchJobSummary {
  readonly direction: Direction
  readonly queryKind: RecordKind
  readonly queries: number
  readonly targets: readonly { readonly kind: RecordKind; readonly records: number }[]
  readonly rows: number
  /** Queries that got no match at all. */
  readonly unmatched: number
  readonly indexMs: number
  readonly matchMs: number
}

/**
 * Runs a match job over loaded inputs.
 *
 * @param inputs The records.
 * @param sink Receives each row, awaited in order (backpressure from a file writer).
 * @param options Direction, topK, analyzer and matching options.
 */
export async function runMatchJob(inputs: LoadedInputs, sink: (row: MatchRow) => Promise<void>, options: MatchJobOptions = {}): Promise<MatchJobSummary> {
  const direction = toDirection(options.direction)
  const analyzer = options.analyzer ?? createAnalyzer()
  const started = performance.now()
  const { queries, queryKind, targets } = buildTargets(inputs, direction, analyzer, options.matcher)
  const indexed = performance.now()
  let rows = 0
  let unmatched = 0
  const matchOptions = { ...options.match, topK: options.topK ?? 10 }
  for (let i = 0; i < queries.length; i++) {
    const queryRows = matchRows(queries[i]!, queryKind, targets, matchOptions)
    if (queryRows.length === 0) unmatched++
    for (const row of queryRows) await sink(row)
    rows += queryRows.length
    options.onProgress?.(i + 1, queries.length)
  }
  return {
    direction,
    queryKind,
    queries: queries.length,
    targets: targets.map((t) => ({ kind: t.kind, records: t.matcher.index.size })),
    rows,
    unmatched,
    indexMs: indexed - started,
    matchMs: performance.now() - indexed,
  }
}
