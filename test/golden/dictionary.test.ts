/**
 * Every term of the shipped domain dictionary comes out of the default analyzer as exactly one
 * term, itself: the dictionary really takes effect (no BOM, CRLF or weighting surprises).
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import type { Analyzer } from '../../src/tokenize/analyzer-types.js'
import { createAnalyzer } from '../../src/tokenize/analyzer.js'
import { createJiebaTokenizer } from '../../src/tokenize/jieba.js'
import { parseDictionary } from '../../src/tokenize/dictionary.js'
import { domainDictionaryFiles } from '../../src/tokenize/domain-dictionary.js'

let analyzer: Analyzer
beforeAll(() => {
  // Segmentation, not search mode: search mode adds the parts of a term after the whole term.
  analyzer = createAnalyzer({ tokenizer: createJiebaTokenizer({ searchMode: false }) })
})

describe('domain dictionary through the default analyzer', () => {
  for (const file of domainDictionaryFiles()) {
    it(`keeps every term of ${basename(file)} whole`, () => {
      const terms = parseDictionary(readFileSync(file, 'utf8'))
      const broken = terms.filter((term) => {
        const out = analyzer.analyze(term)
        return out.length !== 1 || out[0] !== term
      })
      expect(broken.map((term) => `${term} → ${analyzer.analyze(term).join('/')}`)).toEqual([])
    })
  }
})
