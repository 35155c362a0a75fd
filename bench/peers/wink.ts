/**
 * wink-bm25-text-search: BM25 (k1 1.2, b 0.75) over one field, its single prep task splitting
 * on the space. The package ships no types; the little used here is typed locally.
 */
import { createRequire } from 'node:module'
import { TOP_K, type Peer } from './types.js'

interface WinkBm25 {
  defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean
  definePrepTasks(tasks: ((s: string) => string[])[]): number
  addDoc(doc: Record<string, string>, id: string | number): number
  consolidate(fp?: number): boolean
  search(text: string, limit?: number): [string | number, number][]
}

const createWink = createRequire(import.meta.url)('wink-bm25-text-search') as () => WinkBm25

export const winkPeer: Peer = {
  name: 'wink-bm25',
  tokenizes: false,
  bm25Family: true,
  build({ docs }) {
    const engine = createWink()
    engine.defineConfig({ fldWeights: { body: 1 }, bm25Params: { k1: 1.2, b: 0.75, k: 1 } })
    engine.definePrepTasks([(s) => s.split(' ')])
    docs.forEach((d, i) => engine.addDoc({ body: d.tokens.join(' ') }, i))
    engine.consolidate()
    return { search: (q) => engine.search(q.tokens.join(' '), TOP_K).map(([i]) => docs[Number(i)]!.id) }
  },
}
