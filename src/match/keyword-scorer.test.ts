import { beforeAll, describe, expect, it } from 'vitest'
import type { DocumentIndex } from '../index/document-index.js'
import { idf } from '../score/index.js'
import { normalize } from '../tokenize/normalize.js'
import type { Achievement, Need } from '../types.js'
import { loadSampleIndex } from '../../test/helpers/mini.js'
import { DEFAULT_KEYWORD_SOURCE_WEIGHTS, PhraseMatches } from './keyword-scorer.js'
import { DEFAULT_QUERY_FIELDS, queryText } from './query.js'

let index: DocumentIndex<Achievement>
let needs: Need[]

beforeAll(async () => {
  ;({ index, needs } = await loadSampleIndex())
})

/** The plain definition: the document's own phrases that the text contains, by value desc then phrase. */
function expected(text: string, docIndex: number): { phrase: string; source: string; value: number }[] {
  const found = new Set(index.keywords.findIn(text).map((h) => h.phrase))
  return index.keywords
    .phrasesOf(docIndex)
    .filter(({ phrase, source }) => found.has(phrase) && DEFAULT_KEYWORD_SOURCE_WEIGHTS[source] > 0)
    .map(({ phrase, source }) => ({ phrase, source, value: DEFAULT_KEYWORD_SOURCE_WEIGHTS[source] * idf(index.keywords.docFreq(phrase), index.terms.docCount) }))
    .sort((a, b) => b.value - a.value || (a.phrase < b.phrase ? -1 : 1))
}

describe('PhraseMatches', () => {
  it("lists for every document exactly its own phrases that the query text contains, largest value first", () => {
    let listed = 0
    for (const need of needs) {
      const text = normalize(queryText(need, DEFAULT_QUERY_FIELDS.need))
      const matches = new PhraseMatches(index, text, DEFAULT_KEYWORD_SOURCE_WEIGHTS)
      for (let d = 0; d < index.terms.slotCount; d++) {
        const got = matches.get(d)
        expect(got).toEqual(expected(text, d))
        listed += got.length
      }
    }
    // The fixtures do match phrases: the comparison above is not of empty lists only.
    expect(listed).toBeGreaterThan(100)
  })

  it('lists an expansion phrase added after a first look after the own ones, marked as from the thesaurus', () => {
    const need = needs[0]!
    const text = normalize(queryText(need, DEFAULT_QUERY_FIELDS.need))
    const own = new Set(index.keywords.findIn(text).map((h) => h.phrase))
    // A phrase some record carries as its owner keyword and the need does not contain.
    const phrase = index.keywords.phrasesOf(0).find((p) => p.source === 'owner' && !own.has(p.phrase))!.phrase
    const matches = new PhraseMatches(index, text, DEFAULT_KEYWORD_SOURCE_WEIGHTS)
    const before = matches.get(0)
    matches.addExpansion(phrase, 0.5)
    const after = matches.get(0)
    expect(after.slice(0, before.length)).toEqual(before)
    expect(after.slice(before.length)).toEqual([
      { phrase, source: 'owner', value: 0.5 * idf(index.keywords.docFreq(phrase), index.terms.docCount), via: 'thesaurus' },
    ])
  })
})
