/**
 * Every shipped thesaurus file (`dict/thesaurus/*.txt`, whichever exist) is well formed and big
 * enough to cover its field's general vocabulary, and the built-in thesaurus bridges the
 * examples of the issue that belong to the fields shipped here.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

import { describe, expect, it } from 'vitest'

import { parseThesaurus, THESAURUS_PHRASE_MAX_LENGTH, THESAURUS_PHRASE_MIN_LENGTH } from '../../src/thesaurus/parse.js'
import { createThesaurus, thesaurusFiles } from '../../src/thesaurus/thesaurus.js'
import { normalize } from '../../src/tokenize/normalize.js'

/** Fewer entries than this cannot cover a field's general vocabulary. */
const MIN_ENTRIES_PER_FILE = 200

/** The phrases of a content line exactly as written, before normalization. */
function rawPhrases(line: string): string[] {
  return line.split('=>').flatMap((side) => side.split('|')).map((phrase) => phrase.trim())
}

const files = thesaurusFiles()

describe('shipped thesaurus files', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0)
  })

  for (const file of files) {
    const name = basename(file)
    const text = readFileSync(file, 'utf8')
    const contentLines = text
      .split('\n')
      .map((line, index) => ({ line: index + 1, content: line.trim() }))
      .filter(({ content }) => content.length > 0 && !content.startsWith('#'))

    describe(name, () => {
      it('is UTF-8 without BOM, with LF line ends, and opens with a comment naming its field', () => {
        expect(text.startsWith('\uFEFF')).toBe(false)
        expect(text.includes('\r')).toBe(false)
        expect(text.startsWith('# ')).toBe(true)
      })

      it(`parses, with at least ${MIN_ENTRIES_PER_FILE} entries and no two lines with the same source phrases`, () => {
        const entries = parseThesaurus(text, name)
        expect(entries.length).toBeGreaterThanOrEqual(MIN_ENTRIES_PER_FILE)
        // parseThesaurus merges such lines silently; in a shipped file they are a slip.
        expect(entries.length).toBe(contentLines.length)
      })

      it(`writes every phrase normalized, with ${THESAURUS_PHRASE_MIN_LENGTH} to ${THESAURUS_PHRASE_MAX_LENGTH} characters`, () => {
        const bad: string[] = []
        for (const { line, content } of contentLines) {
          for (const phrase of rawPhrases(content)) {
            const ok =
              normalize(phrase) === phrase &&
              phrase.length >= THESAURUS_PHRASE_MIN_LENGTH &&
              phrase.length <= THESAURUS_PHRASE_MAX_LENGTH
            if (!ok) bad.push(`${name}:${line}: "${phrase}"`)
          }
        }
        expect(bad).toEqual([])
      })

      it('maps no phrase only to itself', () => {
        const selfOnly = parseThesaurus(text, name)
          .filter((entry) => entry.from.some((phrase) => entry.to.every((target) => target === phrase)))
          .map((entry) => `${name}:${entry.line}`)
        expect(selfOnly).toEqual([])
      })
    })
  }
})

describe('built-in thesaurus', () => {
  const thesaurus = createThesaurus()

  it('holds every phrase of every file', () => {
    const phrases = new Set<string>()
    for (const file of files) {
      for (const entry of parseThesaurus(readFileSync(file, 'utf8'), basename(file))) {
        for (const phrase of entry.from) phrases.add(phrase)
      }
    }
    expect(thesaurus.size).toBe(phrases.size)
  })

  // The issue's examples from the fields shipped with this layer.
  it.each([
    ['糖友', '糖尿病患者'],
    ['披锋', '飞边'],
    ['矽钢片', '硅钢'],
    ['玻璃胶', '硅酮密封胶'],
    ['plc', '可编程逻辑控制器'],
    ['mes', '制造执行系统'],
  ])('bridges %s to %s', (phrase, target) => {
    expect(thesaurus.expansionsOf(phrase)).toContain(target)
  })

  it('bridges the symptoms of a need written in enterprise language', () => {
    const need = normalize('我厂注塑件披锋多、缩水痕明显，人工目检漏检严重，想上一套PLC联网的检测设备')
    const hits = thesaurus.expand(need)
    const added = new Set(hits.flatMap((hit) => hit.expansions))
    expect(hits.map((hit) => hit.phrase)).toEqual(expect.arrayContaining(['披锋', '缩水痕', '人工目检', 'plc']))
    for (const term of ['飞边', '缩痕', '机器视觉', '可编程逻辑控制器']) expect(added.has(term)).toBe(true)
  })
})
