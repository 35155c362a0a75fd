/**
 * Sharded match jobs: shards 1…n, merged, give the bytes of the single-machine job (JSON Lines
 * and CSV, including a GBK CSV and a query file with rejects); merge refuses sets of shards
 * that are incomplete, mixed or unfinished. And a checkpoint left by another command is refused.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { MatchError } from '../src/errors.js'
import { checkpointPath, describeCommand, fingerprintOf } from '../src/job/checkpoint.js'
import { mergeShards } from '../src/job/merge.js'
import { shardIndexPath, type Shard } from '../src/job/shard.js'
import { runStreamedMatchJob, type StreamedMatchJobOptions } from '../src/job/streamed-match-job.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import type { Analyzer } from '../src/tokenize/analyzer-types.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const supply = join(root, 'fixtures/sample/achievements.jsonl')

describe('duijie merge of match shards', () => {
  let dir: string
  let needs: string
  let analyzer: Analyzer

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duijie-shard-'))
    analyzer = createAnalyzer()
    // 48 needs with two rejects among them: a shard owns rejected positions too.
    const lines = readFileSync(join(root, 'fixtures/sample/needs.jsonl'), 'utf8').trim().split('\n')
    lines.splice(5, 0, 'not json')
    lines.splice(20, 0, lines[2]!)
    needs = join(dir, 'needs.jsonl')
    writeFileSync(needs, lines.join('\n') + '\n')
  })

  const job = async (out: string, extra: Partial<StreamedMatchJobOptions> & { shard?: Shard } = {}) => {
    const options = { top: 4, format: extra.format ?? 'jsonl', encoding: extra.encoding ?? 'utf8', ...(extra.shard ? { shard: `${extra.shard.index}/${extra.shard.count}` } : {}) }
    return runStreamedMatchJob({
      files: { demand: needs, supply },
      topK: 4,
      analyzer,
      workers: 0,
      chunkSize: 5,
      rejects: `${out}.rejects.jsonl`,
      out,
      command: await describeCommand(options, { demand: needs, supply }),
      ...extra,
    })
  }

  it.each([
    { name: 'JSON Lines', ext: 'jsonl', format: 'jsonl', encoding: 'utf8', shards: 3 },
    { name: 'CSV with BOM', ext: 'csv', format: 'csv', encoding: 'utf8', shards: 4 },
    { name: 'GBK CSV', ext: 'csv', format: 'csv', encoding: 'gbk', shards: 2 },
  ] as const)('merges $shards shards of $name into the bytes of the single run', async ({ ext, format, encoding, shards }) => {
    const single = join(dir, `single-${encoding}.${ext}`)
    const summary = await job(single, { format, encoding })
    expect(summary.queries).toBe(48)
    expect(summary.rejects).toBe(2)
    const parts: string[] = []
    let queries = 0
    for (let i = shards; i >= 1; i--) {
      const part = join(dir, `part-${encoding}-${i}.${ext}`)
      queries += (await job(part, { format, encoding, shard: { index: i, count: shards } })).queries
      parts.push(part)
    }
    expect(queries).toBe(48) // every query in exactly one shard
    const merged = join(dir, `merged-${encoding}.${ext}`)
    const result = await mergeShards(merged, parts)
    expect(result).toEqual({ shards, items: 50, bytes: readFileSync(single).length })
    expect(readFileSync(merged).equals(readFileSync(single))).toBe(true)
  })

  it('refuses a missing shard, a shard given twice, shards of different jobs and an unfinished shard', async () => {
    const part = (i: number, n: number, extra: Partial<StreamedMatchJobOptions> = {}) => {
      const path = join(dir, `refuse-${i}-${n}-${extra.topK ?? 4}.jsonl`)
      return job(path, { shard: { index: i, count: n }, ...extra }).then(() => path)
    }
    const [a, b, c] = [await part(1, 3), await part(2, 3), await part(3, 3)]
    const out = join(dir, 'refused.jsonl')
    await expect(mergeShards(out, [a, c])).rejects.toThrow('missing shard 2/3')
    await expect(mergeShards(out, [a, b, b, c])).rejects.toThrow(/given twice/)
    const other = await job(join(dir, 'other-2-3.jsonl'), { shard: { index: 2, count: 3 }, command: await describeCommand({ top: 5 }, { demand: needs, supply }) }).then(() => join(dir, 'other-2-3.jsonl'))
    await expect(mergeShards(out, [a, other, c])).rejects.toThrow(/of a different job/)
    writeFileSync(checkpointPath(c), '{}')
    await expect(mergeShards(out, [a, b, c])).rejects.toThrow(/not finished/)
    expect(existsSync(out)).toBe(false)
    expect(existsSync(shardIndexPath(a))).toBe(true)
  })

  it('refuses to resume a checkpoint left by another command, naming what differs, and starts over with restart', async () => {
    const out = join(dir, 'stale.jsonl')
    const reference = join(dir, 'stale-reference.jsonl')
    await job(reference)
    // A checkpoint as a killed run of `top 4` would leave it, after 10 records.
    await job(out)
    const command = await describeCommand({ top: 4, format: 'jsonl', encoding: 'utf8' }, { demand: needs, supply })
    writeFileSync(
      checkpointPath(out),
      JSON.stringify({ format: 'duijie-checkpoint', formatVersion: 1, fingerprint: fingerprintOf(command), command, consumed: 10, outputBytes: 100, rejectsBytes: 0, counts: { queries: 9, rows: 36, unmatched: 0, rejects: 1 } }),
    )
    const changed = await describeCommand({ top: 5, format: 'jsonl', encoding: 'utf8' }, { demand: needs, supply })
    const refusal = await job(out, { topK: 5, command: changed }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(MatchError)
    expect((refusal as MatchError).code).toBe('INVALID_OPTION')
    expect((refusal as MatchError).message).toBe(`${checkpointPath(out)} was left by a different command (top: 4 → 5): run the same command to resume it, or add --restart to start over`)
    await job(out, { topK: 5, command: changed, restart: true })
    expect(existsSync(checkpointPath(out))).toBe(false)
    const five = join(dir, 'five.jsonl')
    await job(five, { topK: 5, command: changed })
    expect(readFileSync(out).equals(readFileSync(five))).toBe(true)
    expect(readFileSync(out).equals(readFileSync(reference))).toBe(false)
  })
})
