import { describe, expect, it } from 'vitest'
import { KeywordIndex } from './keyword-index.js'

describe('KeywordIndex.findIn', () => {
  it('finds phrases contained in the text whatever the segmentation', () => {
    const index = new KeywordIndex()
    index.add(0, ['烟气消白', '余热回收'], 'owner')
    expect(index.findIn('锅炉烟气消白和余热回收').map((h) => h.phrase)).toEqual(['烟气消白', '余热回收'])
  })
  it('regression: does not match a number inside a longer number ("10" in "100万元")', () => {
    const index = new KeywordIndex()
    index.add(0, ['10', 'igbt'], 'extracted')
    expect(index.findIn('预算100万元').map((h) => h.phrase)).toEqual([])
    expect(index.findIn('需要igbt模块，10台').map((h) => h.phrase)).toEqual(['igbt', '10'])
    expect(index.findIn('igbts').map((h) => h.phrase)).toEqual([])
  })
  it('keeps the more trusted source when a phrase is added twice to a document', () => {
    const index = new KeywordIndex()
    index.add(3, ['滴灌'], 'extracted')
    index.add(3, ['滴灌'], 'owner')
    expect(index.phrasesOf(3)).toEqual([{ phrase: '滴灌', source: 'owner' }])
    index.remove(3)
    expect(index.size).toBe(0)
  })
})
