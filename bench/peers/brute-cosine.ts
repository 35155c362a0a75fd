/**
 * Brute force: cosine similarity (ml-distance) between the query's and every document's raw
 * term-frequency vector over the whole vocabulary, top 10 kept. Dense vectors, O(docs ×
 * vocabulary) per query: run at 10k documents only.
 */
import { similarity } from 'ml-distance'
import { TOP_K, type Peer } from './types.js'
import { topK } from './top-k.js'

export const bruteCosinePeer: Peer = {
  name: 'brute cosine (ml-distance)',
  tokenizes: false,
  bm25Family: false,
  maxDocs: 10_000,
  build({ docs }) {
    const vocabulary = new Map<string, number>()
    for (const d of docs) for (const t of d.tokens) if (!vocabulary.has(t)) vocabulary.set(t, vocabulary.size)
    const vectors = docs.map((d) => {
      const v = new Float64Array(vocabulary.size)
      for (const t of d.tokens) v[vocabulary.get(t)!]!++
      return v
    })
    return {
      search: (q) => {
        const query = new Float64Array(vocabulary.size)
        for (const t of q.tokens) {
          const i = vocabulary.get(t)
          if (i !== undefined) query[i]!++
        }
        const scores = vectors.map((v) => similarity.cosine(query as unknown as number[], v as unknown as number[]))
        return topK(scores, TOP_K).map((i) => docs[i]!.id)
      },
    }
  },
}
