/**
 * The duijie command end to end, run from the sources with tsx: bad input is set aside, never
 * lost, and errors are one line on stderr with a documented exit code.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const duijie = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const readJsonl = (path: string) => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)

describe('duijie match', () => {
  it('matches the good rows of a GBK CSV with Chinese headers and broken rows, and sets the bad rows aside with their lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duijie-'))
    const out = join(dir, 'matches.jsonl')
    const r = duijie('match', '--demand', 'fixtures/io/needs-gbk.csv', '--supply', 'fixtures/sample/achievements.jsonl', '--top', '3', '--out', out)
    expect(r.code).toBe(3) // done, with rejects
    // Good rows: N0001, N0002 (multi-line quoted description, 50万), N0005 (面议 = no budget), N0006 (1,200).
    expect(r.stderr).toContain('needs-gbk.csv: 4 records (gb18030, csv), 4 rejected')
    const rows = readJsonl(out)
    expect([...new Set(rows.map((row) => row.needId))]).toEqual(['N0001', 'N0002', 'N0005', 'N0006'])
    // N0005's text (预算面议 / 描述) names no technology: it shares single characters at most, so
    // every match it gets is flagged weak.
    for (const row of rows.filter((r) => r.needId === 'N0005')) expect(row.band).toBe('弱相关')
    expect(rows.some((row) => String(row.title).includes('镀锌'))).toBe(true) // the GBK text was decoded right
    expect(rows.filter((row) => row.needId === 'N0001').map((row) => row.rank)).toEqual([1, 2, 3])
    const rejects = readJsonl(`${out}.rejects.jsonl`)
    // Line numbers are the file's physical lines: header 1, N0002's description spans 3-4
    // (a CRLF inside quotes), an empty row is 8. In file order, each with field and reason.
    expect(rejects.map((x) => [x.file, x.line, x.field, x.reason])).toEqual([
      ['fixtures/io/needs-gbk.csv', 5, undefined, '9 cells, header has 8'], // N0003: one cell too many
      ['fixtures/io/needs-gbk.csv', 6, 'budget', 'not a number: "约五十万"'],
      ['fixtures/io/needs-gbk.csv', 10, 'id', 'duplicate id "N0001", first at line 2'],
      ['fixtures/io/needs-gbk.csv', 11, 'title', 'missing title'], // no 需求名称
    ])
    // The raw text of each reject is the GBK line decoded right.
    expect(rejects[1]!.raw).toContain('约五十万')
  })

  it('gives the physical line of every bad row of a GBK achievements CSV, after quoted cells of two and three lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duijie-'))
    const out = join(dir, 'matches.jsonl')
    const supply = 'fixtures/io/hostile/achievements-gbk.csv'
    const r = duijie('match', '--supply', supply, '--demand', 'fixtures/sample/needs.jsonl', '--top', '50', '--out', out, '--quiet')
    expect(r.code).toBe(3)
    const matched = new Set(readJsonl(out).map((row) => row.id))
    // Good rows: A0101; A0102 (summary on lines 3-5, 面议); A0108 ("" inside quotes, 1.2亿); A0110 ("1,200").
    expect([...matched].filter((id) => String(id).startsWith('A01')).sort()).toEqual(['A0101', 'A0102', 'A0108', 'A0110'])
    const rejects = readJsonl(`${out}.rejects.jsonl`)
    expect(rejects.map((x) => [x.file, x.line, x.field ?? null, x.reason])).toEqual([
      [supply, 6, null, '5 cells, header has 6'],
      [supply, 7, null, '7 cells, header has 6'],
      [supply, 8, 'title', 'missing title'], // empty 成果名称
      [supply, 9, 'price', 'not a number: "约五十万"'],
      [supply, 10, 'price', 'negative amount: "-5"'], // a row whose summary runs over lines 10-11
      [supply, 13, null, 'unbalanced quote: the row would run over lines 13–14 with 5 cells (header has 6); the lines after this one are read again'],
    ])
  })

  it('reads a JSON Lines file with a broken line, a missing title and a duplicate id, keeping every good record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duijie-'))
    const out = join(dir, 'leads.csv')
    const r = duijie('match', '--direction', 'supply-to-demand', '--supply', 'fixtures/io/achievements-broken.jsonl', '--demand', 'fixtures/sample/needs.jsonl', '--out', out, '--quiet')
    expect(r.code).toBe(3)
    const rejects = readJsonl(`${out}.rejects.jsonl`)
    const reasons = rejects.map((x) => `${x.line}:${x.field ?? ''}`)
    expect(reasons).toEqual(expect.arrayContaining(['4:', '5:title', '6:id']))
    const csv = readFileSync(out, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff) // BOM: Excel reads UTF-8
    expect(csv.split('\r\n')[0]).toBe('\ufeffachievementId,kind,id,rank,score,band,title,reasons')
  })

  it('treats an empty input file as zero records, not an error', () => {
    const r = duijie('match', '--demand', 'fixtures/io/empty.jsonl', '--supply', 'fixtures/sample/achievements.jsonl')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('0 records')
  })

  it('fails with one line on stderr and exit 1 for a missing file, exit 2 for a bad option', () => {
    const missing = duijie('match', '--demand', 'nope.jsonl', '--supply', 'fixtures/sample/achievements.jsonl')
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).toContain('nope.jsonl')
    const bad = duijie('match', '--demand', 'fixtures/sample/needs.jsonl', '--supply', 'fixtures/sample/achievements.jsonl', '--top', '0')
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe('duijie: invalid --top: "0", must be an integer ≥ 1')
  })

  it('has --help on every command', () => {
    for (const command of ['match', 'eval', 'demo']) {
      const r = duijie(command, '--help')
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Usage: duijie ${command}`)
    }
  })
})

describe('duijie eval', () => {
  it('prints nDCG@10, Recall@20, MRR@10 and P@1 for achievements and experts', () => {
    const r = duijie('eval', '--demand', 'fixtures/sample/needs.jsonl', '--supply', 'fixtures/sample/achievements.jsonl', '--experts', 'fixtures/sample/experts.jsonl', '--qrels', 'fixtures/sample/qrels.tsv', '--json')
    expect(r.code).toBe(0)
    const result = JSON.parse(r.stdout) as Record<string, { mean: Record<string, number>; needCount: number }>
    for (const kind of ['achievement', 'expert']) {
      expect(Object.keys(result[kind]!.mean).sort()).toEqual(['mrr10', 'ndcg10', 'p1', 'recall20'])
      // Plain BM25 over jieba words scores ≈ 0.94 (achievements) on this set; we must not fall below.
      expect(result[kind]!.mean.ndcg10).toBeGreaterThan(0.9)
    }
    expect(result.achievement!.needCount).toBe(45) // 3 needs have only experts as answers
  })
})
