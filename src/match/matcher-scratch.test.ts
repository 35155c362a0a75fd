import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DocumentIndex } from '../index/document-index.js'
import type { Achievement, Need } from '../types.js'
import { loadSampleIndex } from '../../test/helpers/mini.js'
import { DocList } from './doc-list.js'
import { createMatcher, type MatchOptions } from './matcher.js'

let index: DocumentIndex<Achievement>
let needs: Need[]

beforeAll(async () => {
  ;({ index, needs } = await loadSampleIndex())
})

describe('matcher scratch buffers', () => {
  it('a matcher reused for any sequence of queries gives each the results of a fresh matcher', () => {
    const reused = createMatcher(index)
    const query = fc.record({
      need: fc.integer({ min: 0, max: needs.length - 1 }),
      topK: fc.integer({ min: 0, max: 25 }),
      region: fc.option(fc.constantFrom('陕西省', '广西壮族自治区'), { nil: undefined }),
      exhaustive: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 6 }), (queries) => {
        for (const q of queries) {
          const options: MatchOptions = { topK: q.topK, exhaustive: q.exhaustive, ...(q.region ? { filters: { region: q.region } } : {}) }
          // Exact equality (scores to the bit, reasons, 匹配度): nothing of an earlier query may linger.
          expect(reused.match(needs[q.need]!, options)).toEqual(createMatcher(index).match(needs[q.need]!, options))
        }
      }),
      { numRuns: 15 },
    )
  })
})

describe('DocList', () => {
  it('holds what was pushed, in order, across growth and reuse', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 300 }), { maxLength: 5 }), (batches) => {
        const list = new DocList(2)
        for (const batch of batches) {
          list.length = 0
          for (const d of batch) list.push(d)
          expect(Array.from(list.ids.subarray(0, list.length))).toEqual(batch)
        }
      }),
    )
  })
})
