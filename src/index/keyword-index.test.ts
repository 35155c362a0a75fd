import fc from 'fast-check'
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

describe('KeywordIndex.findIn', () => {
  // The definition: every phrase of the index contained in the text, not starting or ending
  // inside an alphanumeric run, each once, by start then longest first.
  const naive = (index: KeywordIndex, phrases: readonly string[], text: string) => {
    const alnum = (i: number) => i >= 0 && i < text.length && /[0-9a-zA-Z]/.test(text[i]!)
    const out: string[] = []
    for (let start = 0; start < text.length; start++) {
      if (alnum(start) && alnum(start - 1)) continue
      for (let end = Math.min(text.length, start + 16); end >= start + 2; end--) {
        if (alnum(end - 1) && alnum(end)) continue
        const p = text.slice(start, end)
        if (phrases.includes(p) && index.docFreq(p) > 0 && !out.includes(p)) out.push(p)
      }
    }
    return out
  }

  it('finds exactly the indexed phrases a naive scan of every substring finds, after adds and removes', () => {
    const piece = fc.constantFrom('烟气', '消白', '烟气消白', '石墨烯', 'igbt', 'igbt模块', '10', '100', 'a', '的', '涂层', '防腐涂层', '墨烯')
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 3 }), { maxLength: 8 }), fc.array(piece, { maxLength: 12 }), fc.nat(), (docs, words, removed) => {
        const index = new KeywordIndex()
        const text = words.join('')
        // A first look half-way (findIn keeps a table of the phrases from then on), then more
        // adds, a removal and the removed document's phrases again under another document.
        const half = docs.length >> 1
        docs.slice(0, half).forEach((phrases, d) => index.add(d, phrases, 'owner'))
        index.findIn(text)
        docs.slice(half).forEach((phrases, d) => index.add(half + d, phrases, 'owner'))
        const all = [...new Set(docs.flat())]
        if (docs.length > 0) {
          index.remove(removed % docs.length)
          expect(index.findIn(text).map((h) => h.phrase)).toEqual(naive(index, all, text))
          index.add(docs.length, docs[removed % docs.length]!, 'owner')
        }
        const hits = index.findIn(text)
        expect(hits.map((h) => h.phrase)).toEqual(naive(index, all, text))
        for (const h of hits) expect(h.docs.size).toBe(index.docFreq(h.phrase))
      }),
    )
  })
})

describe('KeywordIndex.export', () => {
  it('gives what load takes: the loaded index has the exported documents (renumbered) with the same phrases and sources, in order', () => {
    const SOURCES = ['owner', 'direction', 'field', 'extracted'] as const
    const piece = fc.constantFrom('烟气消白', '石墨烯', 'igbt模块', '防腐涂层', '滴灌', '水肥一体化', '热误差')
    const docArb = fc.array(fc.tuple(piece, fc.constantFrom(...SOURCES)), { maxLength: 5 })
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (docs, keep) => {
        const index = new KeywordIndex()
        docs.forEach((phrases, d) => phrases.forEach(([phrase, source]) => index.add(d, [phrase], source)))
        const slots = docs.map((_, d) => d).filter((d) => keep[d] ?? true)
        const { phrases, byPhrase, byDoc } = index.export(slots, { owner: 0, direction: 1, field: 2, extracted: 3 })
        const loaded = new KeywordIndex()
        // A look before the load: what it made must not hide the loaded phrases.
        const text = '烟气消白石墨烯igbt模块防腐涂层滴灌水肥一体化热误差'
        expect(loaded.findIn(text)).toEqual([])
        loaded.load(phrases, SOURCES, byPhrase, byDoc)
        slots.forEach((slot, d) => expect(loaded.phrasesOf(d)).toEqual(index.phrasesOf(slot)))
        expect(loaded.findIn(text).map((h) => h.phrase)).toEqual(phrases.filter((p) => text.includes(p)).sort((a, b) => text.indexOf(a) - text.indexOf(b)))
        // Each phrase's documents ascending, each phrase once, every occurrence counted.
        expect(new Set(phrases).size).toBe(phrases.length)
        for (let p = 0; p < phrases.length; p++) {
          const docsOf = [...byPhrase.docs.subarray(byPhrase.offsets[p]!, byPhrase.offsets[p + 1]!)]
          expect(docsOf).toEqual([...docsOf].sort((a, b) => a - b))
          expect(docsOf.length).toBe(loaded.docFreq(phrases[p]!))
        }
      }),
    )
  })
})
