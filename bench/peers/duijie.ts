/**
 * duijie's own conditions: plain BM25 (words channel only, every other mechanism off, over one
 * concatenated title + keywords + summary field, as bench/quality/baselines.ts) and the
 * defaults (BM25F fields, character bigrams, keyword phrases, feedback, thesaurus).
 * Both builds include jieba tokenization. Queries use `matcher.rank()`: the same ranking as
 * `match()` (every mechanism on), returning ids and scores as the peers do, without 匹配度 and
 * 推荐理由 (which cost about 20% more per query; see bench/match-latency.ts for match()).
 */
import { buildIndex, type DocumentIndex } from '../../src/index/document-index.js'
import { createMatcher } from '../../src/match/matcher.js'
import { createAnalyzer } from '../../src/tokenize/analyzer.js'
import type { Achievement } from '../../src/types.js'
import { TOP_K, type Peer } from './types.js'
import { PLAIN_BM25_OPTIONS } from '../quality/baselines.js'


/** Title + keywords + summary as one field, the same text the peers index. */
export function documentText(r: Achievement): string {
  return [r.title, ...(r.keywords ?? []), r.summary ?? ''].join(' ')
}

/** Bytes of the index's flat arrays that are views on SharedArrayBuffers (what each view covers). */
export function sharedBytes(index: DocumentIndex): number {
  let bytes = 0
  for (const channel of [index.terms, index.chars]) {
    const flat = channel?.exactFlatArrays()
    if (!flat) continue
    for (const array of Object.values(flat)) if (ArrayBuffer.isView(array) && array.buffer instanceof SharedArrayBuffer) bytes += array.byteLength
  }
  return bytes
}

export const duijiePlain: Peer = {
  name: 'duijie plain BM25',
  tokenizes: true,
  bm25Family: true,
  build({ records }) {
    const index = buildIndex(
      records.map((r) => ({ id: r.id, title: '', summary: documentText(r) })),
      { kind: 'achievement', analyzer: createAnalyzer(), fields: { summary: 1 }, extractedKeywords: 0, charNgrams: false },
    )
    const matcher = createMatcher(index, PLAIN_BM25_OPTIONS)
    return { search: (q) => matcher.rank(q.need, { topK: TOP_K, queryKind: 'need' }).map((r) => r.id) }
  },
}

export const duijieDefault: Peer = {
  name: 'duijie default',
  tokenizes: true,
  bm25Family: false,
  build({ records }) {
    const index = buildIndex(records, { kind: 'achievement' })
    const matcher = createMatcher(index)
    return { search: (q) => matcher.rank(q.need, { topK: TOP_K, queryKind: 'need' }).map((r) => r.id), sharedBytes: () => sharedBytes(index) }
  },
}
