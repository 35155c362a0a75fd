/**
 * Building the searched side of a job: one index and matcher per target kind.
 */
import { buildIndex } from '../index/document-index.js'
import { linkExperts } from '../match/expert-links.js'
import { createMatcher, type MatcherOptions } from '../match/matcher.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { AnyRecord, RecordKind } from '../types.js'
import type { Direction } from './directions.js'
import type { LoadedInputs } from './load.js'
import type { Target } from './match-rows.js'

/**
 * Weight of the achievements linked to an expert (Model 2) in the expert's score. Measured on the
 * sample data (experts nDCG@10, dev / dev-hard): 0 → 0.983 / 0.354, 1 → 0.978 / 0.511,
 * 2 → 0.961 / 0.555.
 */
export const DEFAULT_LINK_WEIGHT = 1

/** Matcher options for the targets of a job, plus the weight of experts' linked achievements. */
export interface TargetOptions extends Omit<MatcherOptions, 'linked'> {
  /** Weight of Model-2 evidence for experts (0: off). Default {@link DEFAULT_LINK_WEIGHT}. */
  readonly linkWeight?: number
}

/** The query records and the targets of a direction, from loaded inputs. */
export function buildTargets(
  inputs: LoadedInputs,
  direction: Direction,
  analyzer: Analyzer,
  targetOptions: TargetOptions = {},
): { queries: readonly AnyRecord[]; queryKind: RecordKind; targets: Target[] } {
  // `linked` needs live objects (a matcher, links): a job builds it itself, from linkWeight or
  // from the `linked.weight` a tuned config file carries.
  const { linkWeight: linkWeightOption, ...rest } = targetOptions as TargetOptions & { linked?: { weight?: unknown } }
  const { linked, ...matcherOptions } = rest
  const linkOption = linkWeightOption ?? (typeof linked?.weight === 'number' ? linked.weight : undefined)
  const target = (kind: RecordKind, records: readonly AnyRecord[], options: MatcherOptions = matcherOptions): Target[] =>
    records.length === 0 ? [] : [{ kind, matcher: createMatcher(buildIndex(records, { kind, analyzer }), options), options }]
  switch (direction) {
    case 'demand-to-supply': {
      const achievements = target('achievement', inputs.achievements)
      // Experts are also found through their team's achievements (Model 2), when both are given.
      const achievementMatcher = achievements[0]?.matcher
      const linkWeight = linkOption ?? DEFAULT_LINK_WEIGHT
      const experts =
        achievementMatcher && inputs.experts.length > 0 && linkWeight > 0
          ? target('expert', inputs.experts, {
              ...matcherOptions,
              linked: { matcher: achievementMatcher, links: linkExperts(inputs.experts, achievementMatcher), weight: linkWeight },
            })
          : target('expert', inputs.experts)
      return { queries: inputs.needs, queryKind: 'need', targets: [...achievements, ...experts] }
    }
    case 'supply-to-demand':
      return { queries: inputs.achievements, queryKind: 'achievement', targets: target('need', inputs.needs) }
    case 'expert-to-demand':
      return { queries: inputs.experts, queryKind: 'expert', targets: target('need', inputs.needs) }
  }
}
