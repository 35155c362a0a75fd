import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSample } from '../../test/helpers/mini.js'
import { MatchError } from '../errors.js'
import { toBinarySnapshot } from '../index/binary-snapshot.js'
import { buildIndex } from '../index/document-index.js'
import { createThesaurus } from '../thesaurus/thesaurus.js'
import type { Achievement, Need } from '../types.js'
import { createMatcher, type MatcherOptions } from './matcher.js'
import { createMatcherPool, matcherOptionsData, type MatcherPool } from './parallel-match.js'

let achievements: Achievement[]
let needs: Need[]
let pool: MatcherPool
const OPTIONS: MatcherOptions = { thesaurus: createThesaurus({ builtin: true, entries: [{ from: ['喵喵漆'], to: ['防腐涂料'] }] }), feedback: { docs: 4 } }

beforeAll(async () => {
  const sample = await loadSample()
  achievements = sample.achievements
  needs = [...sample.needs, { id: 'cat', title: '喵喵漆', description: '海边设备用喵喵漆' } as Need]
  // The snapshot goes to the threads in parts of 64 kB (a large index's are 1 GiB): the threads
  // load the index from dozens of shared buffers.
  pool = createMatcherPool(buildIndex(achievements, { kind: 'achievement' }), OPTIONS, 2, { snapshotPartBytes: 64 * 1024 })
}, 60_000)
afterAll(async () => {
  await pool?.close()
})

describe('createMatcherPool', () => {
  it('gives every query the same results in worker threads as a matcher in this thread, in query order', async () => {
    const here = createMatcher(buildIndex(achievements, { kind: 'achievement' }), OPTIONS)
    await fc.assert(
      fc.asyncProperty(fc.subarray(needs, { minLength: 1 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), async (queries, topK, explain) => {
        const options = { topK, explain, queryKind: 'need' as const }
        expect(await pool.matchAll(queries, options)).toEqual(queries.map((q) => here.match(q, options)))
      }),
      { numRuns: 8 },
    )
    // The user entry reached the threads: the coinage finds anti-corrosion coatings.
    const [cat] = await pool.matchAll([needs.at(-1)!], { topK: 3 })
    expect(cat!.length).toBeGreaterThan(0)
  }, 120_000)

  it('refuses to start threads, with OUT_OF_MEMORY, when their shared snapshot would take more than half the free memory', () => {
    const index = buildIndex(achievements.slice(0, 20), { kind: 'achievement' })
    const bytes = toBinarySnapshot(index).length
    let error: unknown
    try {
      createMatcherPool(index, OPTIONS, 2, { freeMemory: () => 2 * bytes - 2 })
    } catch (e) {
      error = e
    }
    expect((error as MatchError).code).toBe('OUT_OF_MEMORY')
    expect((error as MatchError).message).toMatch(/more than the .* GiB allowed/)
  })

  it('refuses options that cannot go to a thread', () => {
    const index = buildIndex(achievements.slice(0, 3), { kind: 'achievement' })
    expect(matcherOptionsData(index, { thesaurus: { size: 0, add() {}, expansionsOf: () => [], expand: () => [] } })).toBeUndefined()
    expect(matcherOptionsData(index, { thesaurus: false })).toEqual({ thesaurus: false })
  })
})
