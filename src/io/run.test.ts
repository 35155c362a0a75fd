import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataFormatError, MatchError } from '../errors.js'
import { formatRun, parseRun, readRun, toRunRows, writeRun, type RunRow } from './run.js'

function errorOf(parse: () => unknown): DataFormatError {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(DataFormatError)
    return error as DataFormatError
  }
  throw new Error('expected a DataFormatError')
}

describe('formatRun', () => {
  it('writes needId Q0 targetId rank score tag, one row per line, scores to six decimals', () => {
    const rows: RunRow[] = [
      { needId: 'N0001', targetId: 'A0024', rank: 1, score: 12.7 },
      { needId: 'N0001', targetId: 'A0082', rank: 2, score: 3.14159265 },
      { needId: 'N0002', targetId: 'E0021', rank: 1, score: 0 },
    ]
    expect(formatRun(rows)).toBe(
      'N0001 Q0 A0024 1 12.700000 duijie\nN0001 Q0 A0082 2 3.141593 duijie\nN0002 Q0 E0021 1 0.000000 duijie\n',
    )
  })

  it('uses the given tag and precision', () => {
    expect(formatRun([{ needId: 'N1', targetId: 'A1', rank: 1, score: 2.5 }], { tag: 'bm25', scoreDigits: 2 })).toBe('N1 Q0 A1 1 2.50 bm25\n')
  })

  it('prints −0 and tiny negative scores as 0, without a minus sign', () => {
    expect(formatRun([{ needId: 'N1', targetId: 'A1', rank: 1, score: -0 }])).toBe('N1 Q0 A1 1 0.000000 duijie\n')
    expect(formatRun([{ needId: 'N1', targetId: 'A1', rank: 1, score: -1e-9 }])).toBe('N1 Q0 A1 1 0.000000 duijie\n')
  })

  it('gives an empty file for no rows', () => {
    expect(formatRun([])).toBe('')
  })

  it('rejects rows that would not read back', () => {
    expect(() => formatRun([{ needId: 'N 1', targetId: 'A1', rank: 1, score: 1 }])).toThrow(
      'invalid needId: "N 1", must be non-empty and contain no whitespace',
    )
    expect(() => formatRun([{ needId: 'N1', targetId: 'A1', rank: 1, score: Number.NaN }])).toThrow(
      'invalid score of N1 A1: null, must be finite',
    )
    expect(() => formatRun([{ needId: 'N1', targetId: 'A1', rank: 1.5, score: 1 }])).toThrow(
      'invalid rank of N1 A1: 1.5, must be a non-negative integer',
    )
    expect(() => formatRun([], { tag: '' })).toThrow('invalid tag: "", must be non-empty and contain no whitespace')
    const error = (() => {
      try {
        formatRun([], { scoreDigits: -1 })
      } catch (caught) {
        return caught
      }
    })()
    expect((error as MatchError).code).toBe('INVALID_OPTION')
  })
})

describe('toRunRows', () => {
  it('numbers each need’s results from rank 1 in the given order', () => {
    const results = new Map([
      ['N2', [{ id: 'A9', score: 5 }, { id: 'A1', score: 4 }]],
      ['N1', [{ id: 'E3', score: 1 }]],
    ])
    expect(toRunRows(results)).toEqual([
      { needId: 'N2', targetId: 'A9', rank: 1, score: 5 },
      { needId: 'N2', targetId: 'A1', rank: 2, score: 4 },
      { needId: 'N1', targetId: 'E3', rank: 1, score: 1 },
    ])
  })
})

describe('parseRun', () => {
  it('groups targets by need, ordered by rank', () => {
    const text = 'N1 Q0 A3 3 1.0 t\nN1 Q0 A1 1 9.5 t\nN2 Q0 E1 1 2 t\nN1 Q0 A2 2 4.25 t\n'
    expect([...parseRun(text)]).toEqual([
      ['N1', ['A1', 'A2', 'A3']],
      ['N2', ['E1']],
    ])
  })

  it('breaks rank ties by score descending, then by line order', () => {
    const text = 'N1 Q0 A1 1 1.0 t\nN1 Q0 A2 1 2.0 t\nN1 Q0 A3 1 2.0 t\nN1 Q0 A0 0 0 t\n'
    expect(parseRun(text).get('N1')).toEqual(['A0', 'A2', 'A3', 'A1'])
  })

  it('accepts tabs, a BOM, CRLF, blank lines, comments and scientific notation', () => {
    const text = '\uFEFF# run\r\nN1\tQ0\tA1\t1\t1e-3\tbm25\r\n\r\nN1 0 A2 2 -2.5 bm25'
    expect(parseRun(text).get('N1')).toEqual(['A1', 'A2'])
  })

  it('reads back what formatRun writes', () => {
    const rowsArb = fc
      .uniqueArray(
        fc.record({
          needId: fc.constantFrom('N1', 'N2', 'N3'),
          targetId: fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/),
        }),
        { selector: (row) => `${row.needId}\t${row.targetId}`, maxLength: 30 },
      )
      .map((pairs) => {
        const nextRank = new Map<string, number>()
        return pairs.map((pair) => {
          const rank = (nextRank.get(pair.needId) ?? 0) + 1
          nextRank.set(pair.needId, rank)
          return { ...pair, rank, score: 100 - rank }
        })
      })
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const expected = new Map<string, string[]>()
        for (const row of rows) expected.set(row.needId, [...(expected.get(row.needId) ?? []), row.targetId])
        expect(parseRun(formatRun(rows))).toEqual(expected)
      }),
    )
  })

  it('rejects a wrong column count with file and line', () => {
    const error = errorOf(() => parseRun('N1 Q0 A1 1 2.0 t\nN1 Q0 A2 2 1.0\n', 'runs/bm25.txt'))
    expect(error.code).toBe('DATA_FORMAT')
    expect(error.line).toBe(2)
    expect(error.message).toBe('runs/bm25.txt:2: expected 6 columns (needId Q0 targetId rank score tag), got 5')
  })

  it('rejects a rank that is not a non-negative integer', () => {
    expect(errorOf(() => parseRun('N1 Q0 A1 first 2.0 t', 'r.txt')).message).toBe('r.txt:1: rank must be a non-negative integer, got "first"')
    expect(errorOf(() => parseRun('N1 Q0 A1 -1 2.0 t', 'r.txt')).message).toBe('r.txt:1: rank must be a non-negative integer, got "-1"')
  })

  it('rejects a score that is not a finite number', () => {
    expect(errorOf(() => parseRun('N1 Q0 A1 1 NaN t', 'r.txt')).message).toBe('r.txt:1: score must be a finite number, got "NaN"')
    expect(errorOf(() => parseRun('\nN1 Q0 A1 1 Infinity t', 'r.txt')).message).toBe(
      'r.txt:2: score must be a finite number, got "Infinity"',
    )
  })

  it('rejects a target listed twice for one need, as trec_eval does', () => {
    const text = 'N1 Q0 A1 1 2.0 t\nN2 Q0 A1 1 2.0 t\nN1 Q0 A1 2 1.0 t\n'
    expect(errorOf(() => parseRun(text, 'r.txt')).message).toBe('r.txt:3: duplicate target A1 for N1, first on line 1')
  })
})

describe('writeRun and readRun', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duijie-run-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('write a file that reads back, byte-identical on a second write', async () => {
    const path = join(dir, 'run.txt')
    const rows = toRunRows(new Map([['N1', [{ id: 'A2', score: 1 / 3 }, { id: 'A1', score: 0.1 }]]]))
    await writeRun(path, rows, { tag: 'test' })
    const first = await readFile(path, 'utf8')
    expect(first).toBe('N1 Q0 A2 1 0.333333 test\nN1 Q0 A1 2 0.100000 test\n')
    await writeRun(path, rows, { tag: 'test' })
    expect(await readFile(path, 'utf8')).toBe(first)
    expect([...(await readRun(path))]).toEqual([['N1', ['A2', 'A1']]])
  })

  it('report io failures as MatchError IO', async () => {
    const missing = join(dir, 'no-such-dir', 'run.txt')
    await expect(readRun(missing)).rejects.toMatchObject({ code: 'IO' })
    await expect(writeRun(missing, [])).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(`cannot write run file ${missing}`) })
  })
})
