/**
 * The worker-thread side of placing a bulk build's postings in parallel: it receives one flat
 * forward index and the room for its postings, both in shared memory, inverts it into the room
 * (invertForward) and posts back only where each term's postings start.
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
    const { forward, room, fieldCount } = request
    const { postingOffsets } = invertForward(forward.forwardOffsets, forward.termIds, forward.tfs, forward.termCount, fieldCount, room)
    const result: InvertResult = { postingOffsets }
    answer(data, result, [postingOffsets.buffer] as ArrayBuffer[])
  } catch (error) {
    answer(data, { error: error instanceof Error ? error.message : String(error) } satisfies InvertResult)
  }
})
parentPort?.unref()
