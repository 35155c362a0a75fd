/**
 * The worker-thread side of batch matching: it loads the index from a binary snapshot held in
 * shared memory (typed-array views on the shared bytes where the format allows: the postings
 * are not copied per worker), re-creates the analyzers (on the caller's jieba dictionaries, in
 * shared memory), the thesaurus and the matcher from their specs, then answers each batch of
 * queries with their results, in order.
 *
 * Started by parallel-match.ts only; it is not part of the public API.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { analyzerFromSpec } from '../index/analyzer-spec.js'
import { fromBinarySnapshot } from '../index/binary-snapshot.js'
import { createThesaurus } from '../thesaurus/thesaurus.js'
import { adoptLexicons } from '../tokenize/jieba.js'
import { answer } from '../worker-threads.js'
import { createMatcher, type Matcher } from './matcher.js'
import type { MatchRequest, MatchWorkerData } from './parallel-match.js'

const data = workerData as MatchWorkerData
let matcher: Matcher | undefined
try {
  adoptLexicons(data.lexicons)
  const index = fromBinarySnapshot(data.snapshot.map((part) => new Uint8Array(part)), analyzerFromSpec(data.analyzer), data.charAnalyzer ? analyzerFromSpec(data.charAnalyzer) : undefined)
  const { thesaurus, ...options } = data.options
  matcher = createMatcher(index, { ...options, thesaurus: thesaurus === false ? false : createThesaurus(thesaurus) })
} catch (error) {
  answer(data, { batch: -1, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
}
data.port.on('message', (request: MatchRequest) => {
  try {
    if (!matcher) throw new Error('the matcher could not be created')
    answer(data, { batch: request.batch, results: request.queries.map((q) => matcher!.match(q, request.options)) })
  } catch (error) {
    answer(data, { batch: request.batch, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  }
})
parentPort?.unref()
