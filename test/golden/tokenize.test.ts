/**
 * Tokenizer golden file: `fixtures/tokenize.jsonl`, one `{ text, tokens }` per line, where
 * `tokens` is what the analyzer without stopwords and without search mode returns: normalization
 * and segmentation (jieba with the domain dictionary), no stopword removal.
 *
 * Pinned: jieba's default dictionary (dict/jieba/, from nodejieba 3.5.8) and dict/domain/. A change of either shows up
 * here as a diff to review. Regenerate with `UPDATE_GOLDEN=1` (npm run golden:update) only.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { beforeAll, describe, expect, it } from 'vitest'

import type { Analyzer } from '../../src/tokenize/analyzer-types.js'
import { createAnalyzer } from '../../src/tokenize/analyzer.js'
import { createJiebaTokenizer } from '../../src/tokenize/jieba.js'

interface GoldenCase {
  readonly text: string
  readonly tokens: readonly string[]
}

const GOLDEN_FILE = fileURLToPath(new URL('../../fixtures/tokenize.jsonl', import.meta.url))
const cases: GoldenCase[] = readFileSync(GOLDEN_FILE, 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as GoldenCase)

let analyzer: Analyzer
beforeAll(() => {
  analyzer = createAnalyzer({ tokenizer: createJiebaTokenizer({ searchMode: false }), stopwords: false })
  if (process.env.UPDATE_GOLDEN === '1') {
    const lines = cases.map(({ text }) => JSON.stringify({ text, tokens: analyzer.analyze(text) }))
    writeFileSync(GOLDEN_FILE, `${lines.join('\n')}\n`)
    cases.splice(0, cases.length, ...lines.map((line) => JSON.parse(line) as GoldenCase))
  }
})

describe('tokenize golden file', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  for (const [index, { text }] of cases.entries()) {
    it(`line ${index + 1}: ${JSON.stringify(text)}`, () => {
      expect(analyzer.analyze(text)).toEqual((cases[index] as GoldenCase).tokens)
    })
  }
})
