/**
 * A user's own thesaurus entries take effect: a coinage (喵喵漆) that no dictionary knows finds
 * the anti-corrosion coatings once the user maps it to 防腐涂料.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildIndex, createAnalyzer, createMatcher, createThesaurus } from '../src/index.js'
import { fixture, loadMini } from './helpers/mini.js'

const need = { id: 'N09', title: '想买喵喵漆', description: '刷在铁塔上' }

describe('user thesaurus', () => {
  it('bridges a coinage to the technical term in the library', async () => {
    const { achievements } = await loadMini()
    const index = buildIndex(achievements, { kind: 'achievement', analyzer: createAnalyzer() })
    // 水性环氧防腐涂料 (A03) shares no word with 喵喵漆: at most a weak single-character match.
    const before = createMatcher(index).match(need).find((r) => r.id === 'A03')
    expect(before?.matchScore ?? 0).toBeLessThan(40)
    const thesaurus = createThesaurus({ files: [fixture('thesaurus/user.txt')] })
    const hits = createMatcher(index, { thesaurus }).match(need)
    expect(hits.slice(0, 3).map((r) => r.id)).toEqual(expect.arrayContaining(['A01', 'A02', 'A03']))
    const after = hits.find((r) => r.id === 'A03')!
    expect(after.matchScore).toBeGreaterThan(before?.matchScore ?? 0)
    expect(after.reasons).toContain('同义/俗称关联：喵喵漆→防腐涂料')
  })

  it('takes effect through duijie match --thesaurus', () => {
    const root = fileURLToPath(new URL('..', import.meta.url))
    const out = join(mkdtempSync(join(tmpdir(), 'duijie-')), 'm.jsonl')
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'match', '--demand', 'fixtures/thesaurus/needs.jsonl', '--supply', 'fixtures/mini/achievements.jsonl', '--top', '3', '--out', out, '--quiet', '--thesaurus', 'fixtures/thesaurus/user.txt']
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
    expect(r.status).toBe(0)
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)
    expect(ids).toEqual(expect.arrayContaining(['A01', 'A02', 'A03']))
  })
})
