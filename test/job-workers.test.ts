/**
 * A streamed match job writes the same bytes whether the pooled targets are matched in this
 * thread or in worker threads (achievements in the pool, experts with Model-2 linked evidence
 * kept in this thread).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { describeCommand } from '../src/job/checkpoint.js'
import { runStreamedMatchJob } from '../src/job/streamed-match-job.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const files = {
  demand: join(root, 'fixtures/sample/needs.jsonl'),
  supply: join(root, 'fixtures/sample/achievements.jsonl'),
  experts: join(root, 'fixtures/sample/experts.jsonl'),
}

describe('runStreamedMatchJob with workers', () => {
  it('writes the same CSV bytes with 0 and 2 matching threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duijie-workers-'))
    const analyzer = createAnalyzer()
    const command = await describeCommand({ format: 'csv' }, files)
    const run = async (workers: number, freeMemory?: () => number) => {
      const out = join(dir, `w${workers}${freeMemory ? 'low' : ''}.csv`)
      const summary = await runStreamedMatchJob({ files, analyzer, workers, chunkSize: 7, out, format: 'csv', rejects: `${out}.rejects.jsonl`, command, ...(freeMemory ? { freeMemory } : {}) })
      return { summary, bytes: readFileSync(out) }
    }
    const inThread = await run(0)
    const threaded = await run(2)
    expect(inThread.summary.workers).toBe(0)
    expect(threaded.summary.workers).toBe(2) // the achievements target did go to the pool
    expect(threaded.summary.targets.map((t) => t.kind)).toEqual(['achievement', 'expert'])
    expect(inThread.summary.rows).toBe(48 * 20)
    expect(threaded.bytes.equals(inThread.bytes)).toBe(true)
    // Too little free memory for the threads' shared snapshot: this thread matches, same bytes.
    const lowMemory = await run(2, () => 1024)
    expect(lowMemory.summary.workers).toBe(0)
    expect(lowMemory.bytes.equals(inThread.bytes)).toBe(true)
  }, 120_000)
})
