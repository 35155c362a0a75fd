/**
 * MiniSearch 7: BM25+ (k1 1.2, b 0.7, d 0.5). Documents are the tokens joined by spaces,
 * tokenize splits on the space and processTerm is the identity; queries combine terms with OR.
 */
import MiniSearch from 'minisearch'
import { TOP_K, type Peer } from './types.js'

export const miniSearchPeer: Peer = {
  name: 'MiniSearch',
  tokenizes: false,
  bm25Family: true,
  build({ docs }) {
    const index = new MiniSearch<{ id: string; body: string }>({
      fields: ['body'],
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
      searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
    })
    index.addAll(docs.map((d) => ({ id: d.id, body: d.tokens.join(' ') })))
    return { search: (q) => index.search(q.tokens.join(' ')).slice(0, TOP_K).map((r) => String(r.id)) }
  },
}
