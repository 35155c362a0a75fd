import fc from 'fast-check'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildIndex, type DocumentIndex } from '../index/document-index.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Achievement, Need } from '../types.js'
import { loadSample } from '../../test/helpers/mini.js'
import { DEFAULT_MATCHER_OPTIONS } from './matcher.js'
import { DEFAULT_KEYWORD_SOURCE_WEIGHTS } from './keyword-scorer.js'
import { DEFAULT_QUERY_FIELDS } from './query.js'
import { ScoreArena } from './score-arena.js'
import { TextChannels, type TextChannelSettings } from './text-channels.js'

let achievements: Achievement[]
let needs: Need[]

beforeAll(async () => {
  const sample = await loadSample()
  achievements = sample.achievements
  needs = [...sample.needs, ...sample.hardNeeds]
})

afterEach(() => {
  vi.restoreAllMocks()
})

const settings: TextChannelSettings = {
  bm25: { k1: 1.2, b: 0.75 },
  weights: DEFAULT_MATCHER_OPTIONS.channels,
  keywordSources: DEFAULT_KEYWORD_SOURCE_WEIGHTS,
  feedback: DEFAULT_MATCHER_OPTIONS.feedback,
  associations: DEFAULT_MATCHER_OPTIONS.associations,
}

/** Every document's fused text score for a need (the scratch is cleared again, as the matcher does). */
function scoresOf(channels: TextChannels, index: DocumentIndex, need: Need): number[] {
  const slots = index.terms.slotCount
  const scores = channels.scoreScratch(slots)
  channels.score(need, DEFAULT_QUERY_FIELDS.need, scores, undefined)
  const out = Array.from(scores.subarray(0, slots))
  scores.fill(0, 0, slots)
  return out
}

describe('TextChannels', () => {
  it('scores with the WebAssembly kernel exactly as in JavaScript, to the bit, also after removals and an addition', () => {
    const add = vi.spyOn(ScoreArena.prototype, 'add')
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: needs.length - 1 }), { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 143 }), { maxLength: 30 }),
        fc.boolean(),
        (queries, removals, addOne) => {
          const index = buildIndex(achievements, { kind: 'achievement', analyzer: createAnalyzer() })
          const wasm = new TextChannels(index, settings)
          const js = new TextChannels(index, { ...settings, wasm: false })
          const check = () => {
            for (const q of queries) expect(scoresOf(wasm, index, needs[q]!)).toEqual(scoresOf(js, index, needs[q]!))
          }
          check()
          // Removals keep the index flat (postings compacted in place): the kernel goes on.
          for (const r of removals) index.remove(achievements[r % achievements.length]!.id)
          check()
          // An addition leaves the flat form and outgrows the arena's scores: JavaScript then.
          if (addOne) {
            index.add({ ...achievements[0]!, id: 'added' })
            check()
          }
        },
      ),
      { numRuns: 8 },
    )
    expect(add).toHaveBeenCalled()
  })
})
