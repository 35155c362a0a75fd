import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { MatchError } from '../errors.js'
import { decodeFile, detectEncoding, detectFileEncoding, DETECTION_WINDOW, parseEncoding } from './encoding.js'

const dir = mkdtempSync(join(tmpdir(), 'duijie-encoding-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileCount = 0
function tempFile(bytes: Uint8Array | string): string {
  const path = join(dir, `f${fileCount++}`)
  writeFileSync(path, bytes)
  return path
}

const SENTENCE = '一种基于深度学习的轴承故障诊断方法，准确率达到98%以上，已在风电场应用。'

describe('detectEncoding', () => {
  it('trusts a BOM', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf8', reason: 'bom', bomLength: 3 })
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toEqual({ encoding: 'utf16le', reason: 'bom', bomLength: 2 })
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toEqual({ encoding: 'utf16be', reason: 'bom', bomLength: 2 })
  })

  it('reads ASCII and empty input as UTF-8', () => {
    expect(detectEncoding(Buffer.from('{"id": "A1"}\n'))).toEqual({ encoding: 'utf8', reason: 'ascii', bomLength: 0 })
    expect(detectEncoding(new Uint8Array(0))).toEqual({ encoding: 'utf8', reason: 'ascii', bomLength: 0 })
  })

  it('tells UTF-8 Chinese from GBK and GB18030 Chinese', () => {
    expect(detectEncoding(Buffer.from(SENTENCE)).encoding).toBe('utf8')
    expect(detectEncoding(iconv.encode(SENTENCE, 'gbk')).encoding).toBe('gb18030')
    expect(detectEncoding(iconv.encode(`成果名称,预算（万元）\n${SENTENCE}`, 'gb18030')).encoding).toBe('gb18030')
  })

  it('reads UTF-8 with a few invalid bytes as UTF-8, not as GB18030 mojibake', () => {
    const text = `编号,需求名称\n${SENTENCE}\n`
    const withBadBytes = Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe]), Buffer.from(text), Buffer.from([0xc3]), Buffer.from(text)])
    expect(detectEncoding(withBadBytes).encoding).toBe('utf8')
    // GBK text is invalid UTF-8 at many of its characters, far above the tolerance.
    expect(detectEncoding(Buffer.concat([iconv.encode(text, 'gbk'), Buffer.from([0xff])])).encoding).toBe('gb18030')
  })

  it('reads GBK Chinese as GB18030, however little of it there is', () => {
    const chinese = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code)), minLength: 8, maxLength: 200 })
    fc.assert(
      fc.property(chinese, (text) => {
        expect(detectEncoding(iconv.encode(text, 'gbk')).encoding).toBe('gb18030')
      }),
    )
  })

  it('does not hold a character cut at the end of an incomplete window against UTF-8', () => {
    const cut = Buffer.from('石墨烯').subarray(0, 7)
    expect(detectEncoding(cut, false).encoding).toBe('utf8')
    expect(detectEncoding(cut, true).encoding).toBe('gb18030')
  })

  it('finds UTF-16 without BOM by its NUL bytes', () => {
    expect(detectEncoding(Buffer.from('{"id": "N1", "title": "x"}', 'utf16le')).encoding).toBe('utf16le')
    const be = Buffer.from('{"id": "N1"}', 'utf16le').swap16()
    expect(detectEncoding(be).encoding).toBe('utf16be')
  })

  it('reads any valid UTF-8 text as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = Buffer.from(text.replace(/\0/g, ''))
        expect(detectEncoding(bytes).encoding).toBe('utf8')
      }),
    )
  })
})

describe('detectFileEncoding', () => {
  it('scans past a first window of pure ASCII to the first Chinese text', async () => {
    const ascii = Buffer.from(`${'{"id": "A1", "title": "ascii"}\n'.repeat(4000)}`)
    expect(ascii.length).toBeGreaterThan(DETECTION_WINDOW)
    const path = tempFile(Buffer.concat([ascii, iconv.encode(`{"id": "A2", "title": "${SENTENCE}"}\n`, 'gbk')]))
    expect(await detectFileEncoding(path)).toEqual({ encoding: 'gb18030', reason: 'gb18030', bomLength: 0 })
  })

  it('reads UTF-8 whose window ends inside a character as UTF-8', async () => {
    const text = `a${'中'.repeat(30_000)}`
    expect((Buffer.byteLength(text) - 1) % 3).toBe(0)
    expect(DETECTION_WINDOW % 3).not.toBe(0)
    expect((await detectFileEncoding(tempFile(text))).encoding).toBe('utf8')
  })

  it('reads an empty file as UTF-8 and a BOM as what it says', async () => {
    expect((await detectFileEncoding(tempFile(''))).reason).toBe('ascii')
    expect(await detectFileEncoding(tempFile(Buffer.from([0xff, 0xfe, 0x41, 0x00])))).toEqual({ encoding: 'utf16le', reason: 'bom', bomLength: 2 })
  })

  it('throws MatchError IO for a missing file', async () => {
    const missing = join(dir, 'missing.jsonl')
    await expect(detectFileEncoding(missing)).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(`cannot read ${missing}: ENOENT`) })
  })
})

describe('decodeFile', () => {
  it('never cuts a GBK character at a chunk boundary', async () => {
    // Files are read in 64 KiB chunks; with this prefix a double-byte character straddles the first boundary.
    const text = `xy${SENTENCE.repeat(3000)}`
    const bytes = iconv.encode(text, 'gbk')
    expect(iconv.decode(bytes.subarray(0, 64 * 1024), 'gbk').endsWith('\ufffd')).toBe(true)
    const path = tempFile(bytes)
    let decoded = ''
    for await (const chunk of decodeFile(path, 'gbk')) decoded += chunk
    expect(decoded).toBe(text)
  })

  it('drops a BOM, also a stray one in GB18030', async () => {
    let text = ''
    for await (const chunk of decodeFile(tempFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('编号')])), 'utf8')) text += chunk
    expect(text).toBe('编号')
    text = ''
    for await (const chunk of decodeFile(tempFile(iconv.encode('\ufeff编号', 'gb18030')), 'gb18030')) text += chunk
    expect(text).toBe('编号')
  })

  it('decodes UTF-16BE', async () => {
    let text = ''
    for await (const chunk of decodeFile(tempFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('需求', 'utf16le').swap16()])), 'utf16be')) text += chunk
    expect(text).toBe('需求')
  })
})

describe('parseEncoding', () => {
  it.each([
    ['UTF-8', 'utf8'], ['utf8', 'utf8'], ['GBK', 'gbk'], ['gb2312', 'gbk'], ['CP936', 'gbk'], ['GB18030', 'gb18030'],
    ['utf-16le', 'utf16le'], ['UTF16BE', 'utf16be'], ['auto', 'auto'],
  ])('reads %j as %j', (name, encoding) => {
    expect(parseEncoding(name)).toBe(encoding)
  })

  it('throws INVALID_OPTION for an unknown name, listing the known ones', () => {
    expect(() => parseEncoding('big5')).toThrow(MatchError)
    expect(() => parseEncoding('big5')).toThrow('invalid encoding: "big5", must be one of auto, utf8, utf16le, utf16be, gbk, gb18030')
    expect(() => parseEncoding(8)).toThrow('invalid encoding: 8')
  })
})
