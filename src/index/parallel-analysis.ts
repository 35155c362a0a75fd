/**
 * Parallel analysis for index builds: records' field texts are cut into chunks, worker threads
 * analyse the chunks into forward batches (jieba segmentation is most of a build), and the
 * main thread receives them in chunk order, so the index built from them is the one a
 * single-threaded build makes (same docIndexes, term ids, statistics).
 *
 * The call is synchronous, like buildIndex: the main thread blocks in Atomics.wait on a shared
 * counter that workers bump after each reply, and takes replies with receiveMessageOnPort.
 * Each worker's batches continue one another (a term is listed by the first of a thread's
 * batches that has it): the caller appends them with one BatchTermIds per thread and channel.
 * A thread writes a chunk's batches into one of its *slots*, shared buffers reused chunk after
 * chunk (shared-batch.ts: no new ArrayBuffer per chunk for the main thread's heap to account
 * for); a request names the slot, which is free again once its chunk was delivered. About three
 * slots a thread are ever made: two chunks in flight, and one waiting for an earlier chunk.
 *
 * It does not index; DocumentIndex.addAll does, with the batches.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'
import { MatchError } from '../errors.js'
import type { AnalyzerSpec } from '../tokenize/analyzer-types.js'
import { shareLexicons, type SharedLexicons } from '../tokenize/jieba.js'
import { startWorker, type WorkerChannel } from '../worker-threads.js'
import type { ForwardBatch } from './forward-batch.js'
import { readSharedBatch, type SharedBatchLayout } from './shared-batch.js'

/** What a worker is started with. @internal */
export interface AnalysisWorkerData extends WorkerChannel {
  readonly fieldCount: number
  readonly words: AnalyzerSpec
  readonly chars?: AnalyzerSpec
  /** This thread's jieba dictionaries in shared memory: the workers start from them. */
  readonly lexicons: SharedLexicons
}

/** A chunk to analyse, and the slot its batches go into: `fieldCount` texts per record, records one after another. @internal */
export interface AnalysisRequest {
  readonly chunk: number
  readonly texts: readonly string[]
  /** The thread's slot (shared buffer) for the reply; free again once the chunk was delivered. */
  readonly slot: number
}

/** A worker's reply: where the chunk's batches are in the slot's buffer, or why it failed. @internal */
export interface AnalysisResult {
  readonly chunk: number
  readonly slot?: number
  readonly words?: SharedBatchLayout
  readonly chars?: SharedBatchLayout
  /** The slot's buffer, when the thread made it for this reply (first use, or too small before). */
  readonly buffer?: SharedArrayBuffer
  readonly error?: string
}

/** A slot whose buffer the thread has not sent yet. */
const EMPTY_SLOT = new SharedArrayBuffer(0)

/** How long the main thread waits for any reply before it gives up on the workers. */
const STALL_MS = 300_000

/**
 * Analyses records' field texts in worker threads.
 *
 * @param chunks Per chunk, `fieldCount` texts per record.
 * @param fieldCount Fields per record.
 * @param specs The analyzers of the word and (optional) character channels.
 * @param workers How many threads.
 * @param onChunk Receives each chunk's word and character batches, in chunk order, as soon as
 *   the chunk and all before it are analysed (the caller indexes while the workers go on), and
 *   the number of the thread that made them (0 … workers − 1): a batch continues the previous
 *   batch of the same thread. The batches' arrays are views on the thread's shared memory,
 *   valid until onChunk returns: the thread reuses them for a later chunk (copy what you keep).
 * @throws MatchError TOKENIZER_INIT when a worker cannot start its analyzers or fails on a chunk.
 */
export function analyzeInWorkers(
  chunks: readonly (readonly string[])[],
  fieldCount: number,
  specs: { words: AnalyzerSpec; chars?: AnalyzerSpec },
  workers: number,
  onChunk: (words: ForwardBatch, chars: ForwardBatch | undefined, thread: number) => void,
): void {
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const count = Math.max(1, Math.min(workers, chunks.length))
  const lexicons = shareLexicons()
  const threads = Array.from({ length: count }, () => {
    const { port1, port2 } = new MessageChannel()
    const data: AnalysisWorkerData = { port: port2, signal: signal.buffer as SharedArrayBuffer, lexicons, fieldCount, words: specs.words, ...(specs.chars ? { chars: specs.chars } : {}) }
    const worker = startWorker(import.meta.url, 'analysis-worker', data, [port2])
    // Slot buffers by number (made by the thread, sent once), and the slots free for a request.
    return { worker, port: port1, buffers: [] as SharedArrayBuffer[], free: [] as number[] }
  })
  const pending = new Map<number, { result: AnalysisResult; thread: number }>()
  let delivered = 0
  try {
    let next = 0
    const send = (t: number) => {
      if (next >= chunks.length) return
      const thread = threads[t]!
      const request: AnalysisRequest = { chunk: next, texts: chunks[next]!, slot: thread.free.pop() ?? thread.buffers.push(EMPTY_SLOT) - 1 }
      thread.port.postMessage(request)
      next++
    }
    // Two chunks in flight per thread: one working, one queued.
    for (let t = 0; t < count; t++) {
      send(t)
      send(t)
    }
    let received = 0
    while (received < chunks.length) {
      const seen = Atomics.load(signal, 0)
      let progressed = false
      for (let t = 0; t < count; t++) {
        for (let message = receiveMessageOnPort(threads[t]!.port); message; message = receiveMessageOnPort(threads[t]!.port)) {
          const result = message.message as AnalysisResult
          if (result.error !== undefined) throw new MatchError('TOKENIZER_INIT', `a worker thread failed to analyse records: ${result.error}`)
          if (result.buffer) threads[t]!.buffers[result.slot!] = result.buffer
          pending.set(result.chunk, { result, thread: t })
          received++
          progressed = true
          send(t)
        }
      }
      for (let ready = pending.get(delivered); ready; ready = pending.get(delivered)) {
        pending.delete(delivered++)
        const { result, thread } = ready
        const buffer = threads[thread]!.buffers[result.slot!]!
        onChunk(readSharedBatch(buffer, result.words!), result.chars ? readSharedBatch(buffer, result.chars) : undefined, thread)
        threads[thread]!.free.push(result.slot!)
      }
      if (!progressed && Atomics.wait(signal, 0, seen, STALL_MS) === 'timed-out') {
        throw new MatchError('TOKENIZER_INIT', `worker threads sent nothing for ${STALL_MS / 1000} s; build with workers: 0`)
      }
    }
  } finally {
    for (const { worker, port } of threads) {
      port.close()
      void worker.terminate()
    }
  }
}
