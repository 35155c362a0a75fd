import { beforeAll, describe, expect, it } from 'vitest'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { loadMini } from '../../test/helpers/mini.js'
import { buildTargets, type TargetOptions } from './targets.js'
import type { LoadedInputs } from './load.js'

let inputs: LoadedInputs
let analyzer: Analyzer

beforeAll(async () => {
  const mini = await loadMini()
  inputs = { ...mini, rejects: [], stats: [] }
  analyzer = createAnalyzer()
})

const expertRanking = (options: TargetOptions) => {
  const { queries, targets } = buildTargets(inputs, 'demand-to-supply', analyzer, options)
  const experts = targets.find((t) => t.kind === 'expert')!.matcher
  return queries.map((q) => experts.rank(q, { queryKind: 'need' }))
}

describe('buildTargets', () => {
  it('reads the Model-2 weight from linkWeight or from the linked.weight of a tuned config', () => {
    const off = expertRanking({ linkWeight: 0 })
    expect(expertRanking({ linked: { weight: 0 } } as unknown as TargetOptions)).toEqual(off)
    expect(expertRanking({})).not.toEqual(off) // by default experts also gain their team's achievements
  })
})
