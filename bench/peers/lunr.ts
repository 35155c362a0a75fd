/**
 * lunr 2: BM25 (k1 1.2, b 0.75). The pipelines are emptied (no stemmer, stopwords or trimmer)
 * and documents are given as token arrays, which lunr's tokenizer takes as they are; queries
 * are built term by term through the query API (no query-string parsing), every term optional.
 */
import lunr from 'lunr'
import { TOP_K, type Peer } from './types.js'

export const lunrPeer: Peer = {
  name: 'lunr',
  tokenizes: false,
  bm25Family: true,
  build({ docs }) {
    const index = lunr(function () {
      this.ref('id')
      this.field('body')
      this.pipeline.reset()
      this.searchPipeline.reset()
      for (const d of docs) this.add({ id: d.id, body: d.tokens })
    })
    return {
      search: (q) =>
        index
          .query((query) => {
            for (const term of q.tokens) query.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE })
          })
          .slice(0, TOP_K)
          .map((r) => r.ref),
    }
  },
}
