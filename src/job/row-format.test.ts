import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCsvWriter } from '../io/write-csv.js'
import { createJsonlWriter } from '../io/write-jsonl.js'
import { toOutputObject, type MatchRow } from './match-rows.js'
import { createRowFormat, outputColumns } from './row-format.js'

const text = fc.oneof(fc.string(), fc.constantFrom('=SUM(A1)', '-3.5', '+86 138', '换行\n与"引号",逗号', '𠀀生僻字', '@x'))
const row: fc.Arbitrary<MatchRow> = fc.record({
  queryId: text,
  queryKind: fc.constant('need' as const),
  kind: fc.constantFrom('achievement' as const, 'expert' as const),
  id: text,
  rank: fc.integer({ min: 1, max: 50 }),
  score: fc.double({ min: 0, max: 100, noNaN: true }),
  band: fc.constantFrom('高度匹配', '弱相关'),
  title: text,
  reasons: fc.array(text, { maxLength: 3 }),
})

describe('createRowFormat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duijie-rows-'))
  let n = 0

  it('encodes rows, query by query, into the bytes io writers write for all of them at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(row, { maxLength: 3 }), { maxLength: 4 }), fc.constantFrom('utf8' as const, 'gbk' as const, 'gb18030' as const), async (queries, encoding) => {
        const rows = queries.flat()
        const jsonl = join(dir, `${++n}.jsonl`)
        const csv = join(dir, `${n}.csv`)
        const jsonWriter = createJsonlWriter(jsonl)
        const csvWriter = createCsvWriter(csv, { columns: outputColumns('need'), encoding })
        for (const r of rows) {
          await jsonWriter.write(toOutputObject(r, 'needId'))
          await csvWriter.write({ ...toOutputObject(r, 'needId'), reasons: r.reasons.join('；') })
        }
        await jsonWriter.close()
        await csvWriter.close()
        for (const [format, path] of [['jsonl', jsonl], ['csv', csv]] as const) {
          const rowFormat = createRowFormat(format, 'need', encoding)
          const bytes = Buffer.concat([rowFormat.header, ...queries.map((q) => rowFormat.encode(q))])
          expect(bytes.equals(readFileSync(path))).toBe(true)
        }
      }),
      { numRuns: 40 },
    )
  })

  it('opens a UTF-8 CSV with a BOM and the header, and a JSON Lines file with nothing', () => {
    expect(Buffer.from(createRowFormat('csv', 'achievement').header).toString('utf8')).toBe('\ufeffachievementId,kind,id,rank,score,band,title,reasons\r\n')
    expect(createRowFormat('jsonl', 'need').header.byteLength).toBe(0)
  })
})
