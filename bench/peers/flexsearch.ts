/**
 * FlexSearch 0.8: an Index with the strict tokenizer and an encoder that only splits on the
 * space (no normalization, no dedupe), searched with `suggest` so that a multi-term query is a
 * partial (OR-like) match rather than an intersection. Its ranking is FlexSearch's own
 * (term position resolution, number of matched terms), not BM25.
 */
import { Encoder, Index } from 'flexsearch'
import { TOP_K, type Peer } from './types.js'

export const flexSearchPeer: Peer = {
  name: 'FlexSearch',
  tokenizes: false,
  bm25Family: false,
  build({ docs }) {
    const index = new Index({
      tokenize: 'strict',
      encoder: new Encoder({ split: ' ', normalize: false, dedupe: false, numeric: false }),
    })
    docs.forEach((d, i) => index.add(i, d.tokens.join(' ')))
    return {
      search: (q) => (index.search(q.tokens.join(' '), { limit: TOP_K, suggest: true }) as number[]).map((i) => docs[i]!.id),
    }
  },
}
