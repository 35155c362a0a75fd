/**
 * The grouped view (`duijie match --grouped`): one row per need and matched kind, its top
 * matches side by side. Each grouped row must hold exactly the flat rows of that need, in rank
 * order; shards of a grouped job merge into the single run's bytes.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { describeCommand } from '../src/job/checkpoint.js'
import { mergeShards } from '../src/job/merge.js'
import { groupedColumns } from '../src/job/row-format.js'
import { runStreamedMatchJob, type StreamedMatchJobOptions } from '../src/job/streamed-match-job.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import type { Analyzer } from '../src/tokenize/analyzer-types.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const files = { demand: join(root, 'fixtures/sample/needs.jsonl'), supply: join(root, 'fixtures/sample/achievements.jsonl'), experts: join(root, 'fixtures/sample/experts.jsonl') }
const TOP = 3

describe('duijie match --grouped', () => {
  let dir: string
  let analyzer: Analyzer
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duijie-grouped-'))
    analyzer = createAnalyzer()
  })

  const job = async (out: string, extra: Partial<StreamedMatchJobOptions>) =>
    runStreamedMatchJob({
      files,
      topK: TOP,
      analyzer,
      workers: 0,
      chunkSize: 7,
      rejects: `${out}.rejects.jsonl`,
      out,
      command: await describeCommand({ top: TOP, format: extra.format ?? 'csv', grouped: extra.grouped ?? false, shard: extra.shard ? `${extra.shard.index}/${extra.shard.count}` : '' }, files),
      ...extra,
    })

  it('puts each need’s flat rows, per matched kind and in rank order, into one CSV row', async () => {
    const flat = join(dir, 'flat.csv')
    const grouped = join(dir, 'grouped.csv')
    await job(flat, { format: 'csv' })
    await job(grouped, { format: 'csv', grouped: true })
    const flatRows = parse(readFileSync(flat, 'utf8'), { columns: true, bom: true }) as Record<string, string>[]
    const groupedRows = parse(readFileSync(grouped, 'utf8'), { columns: true, bom: true }) as Record<string, string>[]
    expect(Object.keys(groupedRows[0]!)).toEqual(groupedColumns('need', TOP))
    // Rebuild the flat rows from the grouped ones.
    const rebuilt = groupedRows.flatMap((g) =>
      Array.from({ length: Number(g.matches) }, (_, r) => ({
        needId: g.needId!,
        kind: g.kind!,
        id: g[`top${r + 1}_id`]!,
        rank: String(r + 1),
        score: g[`top${r + 1}_score`]!,
        band: g[`top${r + 1}_band`]!,
        title: g[`top${r + 1}_title`]!,
        reasons: g[`top${r + 1}_reasons`]!,
      })),
    )
    expect(rebuilt).toEqual(flatRows)
    // Both kinds are searched: a need has an achievements row and an experts row.
    expect(new Set(groupedRows.map((g) => g.kind))).toEqual(new Set(['achievement', 'expert']))
    expect(groupedRows.length).toBeLessThanOrEqual(2 * 48)
    expect(groupedRows.length).toBeGreaterThan(48)
  }, 60_000)

  it('writes one JSON line per need and kind, and its shards merge into the single run’s bytes', async () => {
    const single = join(dir, 'grouped.jsonl')
    await job(single, { format: 'jsonl', grouped: true })
    const lines = readFileSync(single, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { needId: string; kind: string; matches: { rank: number }[] })
    for (const line of lines) expect(line.matches.map((m) => m.rank)).toEqual(Array.from({ length: line.matches.length }, (_, i) => i + 1))
    const parts = [1, 2].map((index) => join(dir, `part${index}.jsonl`))
    for (const [i, part] of parts.entries()) await job(part, { format: 'jsonl', grouped: true, shard: { index: i + 1, count: 2 } })
    const merged = join(dir, 'merged.jsonl')
    await mergeShards(merged, parts)
    expect(readFileSync(merged)).toEqual(readFileSync(single))
  }, 60_000)
})
