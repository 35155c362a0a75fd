/**
 * natural's TfIdf: documents added as token arrays (no tokenizer, no stopwords); a query is
 * scored against every document with `tfidfs` (sum over query terms of tf × idf), top 10 kept.
 */
import natural from 'natural'
import { TOP_K, type Peer } from './types.js'
import { topK } from './top-k.js'

export const naturalTfIdfPeer: Peer = {
  name: 'natural TfIdf',
  tokenizes: false,
  bm25Family: false,
  build({ docs }) {
    const tfidf = new natural.TfIdf()
    for (const d of docs) tfidf.addDocument([...d.tokens])
    return {
      search: (q) => topK(tfidf.tfidfs([...q.tokens]), TOP_K).map((i) => docs[i]!.id),
    }
  },
}
