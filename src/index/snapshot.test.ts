import { describe, expect, it } from 'vitest'
import type { Achievement } from '../types.js'
import { whitespaceAnalyzer } from '../../test/helpers/whitespace-analyzer.js'
import { buildIndex } from './document-index.js'
import { fromSnapshot, toSnapshot, SNAPSHOT_FORMAT_VERSION } from './snapshot.js'

const records: Achievement[] = [
  { id: 'A1', title: '石墨烯 涂层', summary: '防腐 涂层 盐雾' },
  { id: 'A2', title: '滴灌 系统', summary: '节水 滴灌' },
]

describe('toSnapshot / fromSnapshot', () => {
  it('round-trips records, statistics and keyword phrases without re-analysing', () => {
    const analyzer = whitespaceAnalyzer()
    const index = buildIndex(records, { kind: 'achievement', analyzer })
    index.remove('A2')
    index.add({ id: 'A3', title: '猕猴桃 溃疡病', keywords: ['溃疡病'] })
    const loaded = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(index))), { ...analyzer, analyze: () => { throw new Error('re-analysed') } })
    expect([...loaded.values()].map((r) => r.id)).toEqual(['A1', 'A3'])
    expect(loaded.terms.docCount).toBe(2)
    expect(loaded.terms.docFreq(loaded.terms.termId('涂层'))).toBe(1)
    expect(loaded.terms.avgFieldLength(0)).toBe(index.terms.avgFieldLength(0))
    expect(loaded.keywords.phrasesOf(loaded.docIndexOf('A3'))).toEqual(index.keywords.phrasesOf(index.docIndexOf('A3')))
  })

  it('refuses another format version with SNAPSHOT_VERSION', () => {
    const snapshot = { ...toSnapshot(buildIndex(records, { kind: 'achievement', analyzer: whitespaceAnalyzer() })), formatVersion: 99 }
    expect(() => fromSnapshot(snapshot, whitespaceAnalyzer())).toThrow(`snapshot formatVersion 99 is not supported, expected ${SNAPSHOT_FORMAT_VERSION}`)
    try {
      fromSnapshot(snapshot, whitespaceAnalyzer())
    } catch (error) {
      expect((error as { code: string }).code).toBe('SNAPSHOT_VERSION')
    }
  })

  it('refuses an analyzer other than the one the snapshot was made with', () => {
    const snapshot = toSnapshot(buildIndex(records, { kind: 'achievement', analyzer: whitespaceAnalyzer() }))
    expect(() => fromSnapshot(snapshot, { ...whitespaceAnalyzer(), name: 'jieba+domain' })).toThrow('invalid analyzer: "jieba+domain", the snapshot was made with "whitespace"')
  })
})
