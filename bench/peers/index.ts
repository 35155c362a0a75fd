/**
 * The rankers of `npm run bench`: duijie's two conditions and the peer libraries, all behind
 * one {@link Peer} contract. Not a quality comparison (see bench/quality/).
 */
export type { BenchQuery, BuildInput, Peer, Ranker, TokenizedDoc } from './types.js'
export { duijieDefault, duijiePlain, documentText } from './duijie.js'
import { bruteCosinePeer } from './brute-cosine.js'
import { duijieDefault, duijiePlain } from './duijie.js'
import { flexSearchPeer } from './flexsearch.js'
import { lunrPeer } from './lunr.js'
import { miniSearchPeer } from './minisearch.js'
import { naturalTfIdfPeer } from './natural-tfidf.js'
import type { Peer } from './types.js'
import { winkPeer } from './wink.js'

/** Every ranker, duijie plain BM25 first (the reference of overlap and ratios). */
export const RANKERS: readonly Peer[] = [
  duijiePlain, duijieDefault, lunrPeer, miniSearchPeer, flexSearchPeer, winkPeer, naturalTfIdfPeer, bruteCosinePeer,
]
