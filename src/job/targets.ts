/**
 * Building the searched side of a job: one index and matcher per target kind.
 */
import { buildIndex } from '../index/document-index.js'
import { createMatcher, type MatcherOptions } from '../match/matcher.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { AnyRecord, RecordKind } from '../types.js'
import type { Direction } from './directions.js'
import type { LoadedInputs } from './load.js'
import type { Target } from './match-rows.js'

/** The query records and the targets of a direction, from loaded inputs. */
export function buildTargets(
  inputs: LoadedInputs,
  direction: Direction,
  analyzer: Analyzer,
  matcherOptions: MatcherOptions = {},
): { queries: readonly AnyRecord[]; queryKind: RecordKind; targets: Target[] } {
  const target = (kind: RecordKind, records: readonly AnyRecord[]): Target[] =>
    records.length === 0 ? [] : [{ kind, matcher: createMatcher(buildIndex(records, { kind, analyzer }), matcherOptions) }]
  switch (direction) {
    case 'demand-to-supply':
      return {
        queries: inputs.needs,
        queryKind: 'need',
        targets: [...target('achievement', inputs.achievements), ...target('expert', inputs.experts)],
      }
    case 'supply-to-demand':
      return { queries: inputs.achievements, queryKind: 'achievement', targets: target('need', inputs.needs) }
    case 'expert-to-demand':
      return { queries: inputs.experts, queryKind: 'expert', targets: target('need', inputs.needs) }
  }
}
