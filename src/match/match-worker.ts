/**
 * The worker-thread side of batch matching. At start it re-creates what needs no index: the
 * analyzers (on the caller's jieba dictionaries, in shared memory) and the thesaurus, from their
 * specs, while the caller copies the index into shared memory. Its first message is that index,
 * a binary snapshot (loaded as typed-array views on the shared bytes where the format allows:
 * the postings are not copied per worker), from which it makes the matcher; it then answers
 * each batch of queries with their results, in order.
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
import type { MatchRequest, MatchWorkerData, SnapshotMessage } from './parallel-match.js'

const data = workerData as MatchWorkerData
let matcher: Matcher | undefined
/** Makes the matcher from the snapshot; undefined when the start-up failed (already reported). */
let start: ((snapshot: readonly SharedArrayBuffer[]) => Matcher) | undefined
const fail = (error: unknown) => {
  answer(data, { batch: -1, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
}
try {
  // What needs no index is made while the caller copies the index into shared memory.
  adoptLexicons(data.lexicons)
  const analyzer = analyzerFromSpec(data.analyzer)
  const charAnalyzer = data.charAnalyzer ? analyzerFromSpec(data.charAnalyzer) : undefined
  const { thesaurus, ...options } = data.options
  const madeThesaurus = thesaurus === false ? false : createThesaurus(thesaurus)
  start = (snapshot) => {
    const index = fromBinarySnapshot(snapshot.map((part) => new Uint8Array(part)), analyzer, charAnalyzer)
    return createMatcher(index, { ...options, thesaurus: madeThesaurus })
  }
} catch (error) {
  fail(error)
}
data.port.on('message', (message: MatchRequest | SnapshotMessage) => {
  if ('snapshot' in message) {
    if (!start) return
    try {
      matcher = start(message.snapshot)
    } catch (error) {
      fail(error)
    }
    return
  }
  const request = message
  try {
    if (!matcher) throw new Error('the matcher could not be created')
    answer(data, { batch: request.batch, results: request.queries.map((q) => matcher!.match(q, request.options)) })
  } catch (error) {
    answer(data, { batch: request.batch, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  }
})
parentPort?.unref()
