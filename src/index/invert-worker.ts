/**
 * The worker-thread side of placing a bulk build's postings in parallel: it receives one flat
 * forward index (its arrays transferred), inverts it (invertForward) and posts the forward
 * arrays back with the postings, all transferred: nothing is copied either way.
 *
 * Started by parallel-invert.ts only; it is not part of the public API.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { answer, type WorkerChannel } from '../worker-threads.js'
import { invertForward } from './invert-forward.js'
import type { InvertRequest, InvertResult } from './parallel-invert.js'

const data = workerData as WorkerChannel

data.port.on('message', (request: InvertRequest) => {
  try {
    const { forward, fieldCount } = request
    const postings = invertForward(forward.forwardOffsets, forward.termIds, forward.tfs, forward.termCount, fieldCount)
    const result: InvertResult = { forward, postings }
    answer(data, result, [forward.forwardOffsets.buffer, forward.termIds.buffer, forward.tfs.buffer, postings.postingOffsets.buffer, postings.postingDocs.buffer, postings.postingTfs.buffer] as ArrayBuffer[])
  } catch (error) {
    answer(data, { error: error instanceof Error ? error.message : String(error) } satisfies InvertResult)
  }
})
parentPort?.unref()
