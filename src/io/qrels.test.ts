import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataFormatError, MatchError } from '../errors.js'
import { parseQrels, readQrels } from './qrels.js'

/** Runs `parse` and returns the error it throws, failing the test if it does not throw. */
function errorOf(parse: () => unknown): DataFormatError {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(DataFormatError)
    return error as DataFormatError
  }
  throw new Error('expected a DataFormatError')
}

const toObject = (qrels: ReadonlyMap<string, ReadonlyMap<string, number>>): Record<string, Record<string, number>> =>
  Object.fromEntries([...qrels].map(([needId, judged]) => [needId, Object.fromEntries(judged)]))

describe('parseQrels', () => {
  it('reads the three-column TSV form of SCHEMA.md', () => {
    const qrels = parseQrels('N0001\tA0024\t3\nN0001\tE0007\t3\nN0002\tA0110\t0\n')
    expect(toObject(qrels)).toEqual({ N0001: { A0024: 3, E0007: 3 }, N0002: { A0110: 0 } })
  })

  it('reads the four-column TREC form, ignoring the iteration column', () => {
    const qrels = parseQrels('N0001 0 A0024 3\nN0001 Q0 A0082 2\n')
    expect(toObject(qrels)).toEqual({ N0001: { A0024: 3, A0082: 2 } })
  })

  it('accepts a BOM, CRLF and CR line ends, blank lines, comments and trailing spaces', () => {
    const text = '\uFEFF# judged by hand\r\nN0001\tA0024\t3  \r\n\r\n   \n  # indented comment\rN0002\tA0001\t1'
    expect(toObject(parseQrels(text))).toEqual({ N0001: { A0024: 3 }, N0002: { A0001: 1 } })
  })

  it('keeps needs in the order of first appearance', () => {
    expect([...parseQrels('N2\tA1\t1\nN1\tA1\t1\nN2\tA2\t1\n').keys()]).toEqual(['N2', 'N1'])
  })

  it('accepts an identical repeated judgment', () => {
    expect(toObject(parseQrels('N1\tA1\t2\nN1\tA1\t2\n'))).toEqual({ N1: { A1: 2 } })
  })

  it('rejects a wrong column count with file and line', () => {
    const error = errorOf(() => parseQrels('N1\tA1\t1\nN1\tA2\n', 'dev/qrels.tsv'))
    expect(error.code).toBe('DATA_FORMAT')
    expect(error.file).toBe('dev/qrels.tsv')
    expect(error.line).toBe(2)
    expect(error.message).toBe(
      'dev/qrels.tsv:2: expected 3 columns (needId, targetId, grade) or 4 (needId, iteration, targetId, grade), got 2',
    )
    expect(errorOf(() => parseQrels('N1 0 A1 1 extra')).message).toBe(
      '<qrels>:1: expected 3 columns (needId, targetId, grade) or 4 (needId, iteration, targetId, grade), got 5',
    )
  })

  it('rejects a grade that is not a non-negative integer', () => {
    expect(errorOf(() => parseQrels('N1\tA1\t2.5', 'q.tsv')).message).toBe('q.tsv:1: grade must be a non-negative integer, got "2.5"')
    expect(errorOf(() => parseQrels('# c\nN1\tA1\t-1', 'q.tsv')).message).toBe('q.tsv:2: grade must be a non-negative integer, got "-1"')
    expect(errorOf(() => parseQrels('N1\tA1\thigh', 'q.tsv')).message).toBe('q.tsv:1: grade must be a non-negative integer, got "high"')
  })

  it('rejects the same pair judged twice with different grades, naming both lines', () => {
    const error = errorOf(() => parseQrels('N1\tA1\t3\nN1\tA2\t1\r\nN1 0 A1 2\n', 'q.tsv'))
    expect(error.line).toBe(3)
    expect(error.message).toBe('q.tsv:3: conflicting grades for N1 A1: 2 here, 3 on line 1')
  })

  it('round-trips any judgments written as TSV', () => {
    const idArb = fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/).filter((id) => !id.startsWith('#'))
    const qrelsArb = fc.dictionary(idArb, fc.dictionary(idArb, fc.integer({ min: 0, max: 3 }), { minKeys: 1 }))
    fc.assert(
      fc.property(qrelsArb, (record) => {
        const text = Object.entries(record)
          .flatMap(([needId, judged]) => Object.entries(judged).map(([targetId, grade]) => `${needId}\t${targetId}\t${grade}`))
          .join('\n')
        expect(toObject(parseQrels(text))).toEqual(record)
      }),
    )
  })
})

const DEV_QRELS = '/work/shared/datasets/dev/qrels.tsv'

describe('readQrels', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duijie-qrels-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads a file and names it in errors', async () => {
    const good = join(dir, 'good.tsv')
    await writeFile(good, '\uFEFFN1\tA1\t3\r\n')
    expect(toObject(await readQrels(good))).toEqual({ N1: { A1: 3 } })
    const bad = join(dir, 'bad.tsv')
    await writeFile(bad, 'N1\tA1\n')
    await expect(readQrels(bad)).rejects.toThrow(`${bad}:1: expected 3 columns`)
  })

  it('wraps a missing file as MatchError IO with the fs error as cause', async () => {
    const missing = join(dir, 'missing.tsv')
    const error = await readQrels(missing).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(MatchError)
    expect((error as MatchError).code).toBe('IO')
    expect((error as MatchError).message).toContain(`cannot read qrels file ${missing}`)
    expect((error as MatchError).cause).toMatchObject({ code: 'ENOENT' })
  })

  // The shared dataset is not part of the package: skipped where it is absent.
  it.skipIf(!existsSync(DEV_QRELS))('reads the dev qrels of the shared dataset', async () => {
    // datasets/dev/README.md: 175 rows over 48 needs; the first row is N0001 A0024 3.
    const qrels = await readQrels(DEV_QRELS)
    let rows = 0
    for (const judged of qrels.values()) rows += judged.size
    expect(rows).toBe(175)
    expect(qrels.size).toBe(48)
    expect(qrels.get('N0001')?.get('A0024')).toBe(3)
  })
})
