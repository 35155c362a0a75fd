/**
 * Batch matching in worker threads: one index, many queries, every core. The index is sent
 * once as a binary snapshot in shared memory; each worker loads it and builds the same matcher
 * (analyzers, thesaurus and options re-created from their specs), and answers batches of
 * queries. Results come back in query order and equal a single-threaded matcher's.
 *
 * It does not decide when threads pay off (starting one loads jieba's dictionary and the
 * snapshot, seconds): callers such as the match job do.
 */
import { freemem } from 'node:os'
import { MessageChannel } from 'node:worker_threads'
import { MatchError } from '../errors.js'
import { planBinarySnapshotParts } from '../index/binary-snapshot.js'
import type { DocumentIndex } from '../index/document-index.js'
import type { ThesaurusOptions } from '../thesaurus/thesaurus.js'
import type { AnalyzerSpec } from '../tokenize/analyzer-types.js'
import { shareLexicons, type SharedLexicons } from '../tokenize/jieba.js'
import type { AnyRecord } from '../types.js'
import { startWorker, type WorkerChannel } from '../worker-threads.js'
import type { MatcherOptions, MatchOptions, MatchResult } from './matcher.js'

/** Matcher options as data: the thesaurus as its options (or false). @internal */
export type MatcherOptionsData = Omit<MatcherOptions, 'thesaurus' | 'linked'> & { readonly thesaurus: ThesaurusOptions | false }

/** What a match worker is started with (the index follows in a {@link SnapshotMessage}). @internal */
export interface MatchWorkerData extends WorkerChannel {
  readonly analyzer: AnalyzerSpec
  readonly charAnalyzer?: AnalyzerSpec
  readonly options: MatcherOptionsData
  /** This thread's jieba dictionaries in shared memory: the workers start from them. */
  readonly lexicons: SharedLexicons
}

/**
 * A worker's first message: the index, as the binary snapshot's parts, each in shared memory.
 * Threads start before it is made, so that their start-up (loading code, analyzers, thesaurus)
 * overlaps the copy of the index into shared memory. @internal
 */
export interface SnapshotMessage {
  readonly snapshot: readonly SharedArrayBuffer[]
}

/** A batch of queries. @internal */
export interface MatchRequest {
  readonly batch: number
  readonly queries: readonly AnyRecord[]
  readonly options: MatchOptions
}

/** A worker's answer. @internal */
export interface MatchAnswer {
  readonly batch: number
  readonly results?: MatchResult[][]
  readonly error?: string
}

/** Matches many queries in worker threads. */
export interface MatcherPool {
  /** Ranks each query as `createMatcher(index, options).match(query, matchOptions)` would; results in query order. */
  matchAll(queries: readonly AnyRecord[], matchOptions?: MatchOptions): Promise<MatchResult[][]>
  /** Stops the threads. */
  close(): Promise<void>
}

/** Queries per message to a worker. */
const BATCH = 16

/**
 * The share of the free memory the threads' shared snapshot may take: the rest is for what each
 * thread adds (its analyzers, tf~ arrays, parsed records) and for the caller.
 */
export const POOL_MEMORY_SHARE = 0.5

/**
 * The options as data, or undefined when they cannot be sent to a thread: Model-2 linked
 * evidence (it holds another index), a thesaurus or analyzers without a spec.
 * @internal
 */
export function matcherOptionsData(index: DocumentIndex, options: MatcherOptions): MatcherOptionsData | undefined {
  if (options.linked !== undefined) return undefined
  if (index.analyzer.spec === undefined || (index.charAnalyzer !== undefined && index.charAnalyzer.spec === undefined)) return undefined
  const { thesaurus, linked: _linked, ...rest } = options
  if (thesaurus === false) return { ...rest, thesaurus: false }
  if (thesaurus === undefined) return { ...rest, thesaurus: {} }
  return thesaurus.spec === undefined ? undefined : { ...rest, thesaurus: thesaurus.spec }
}

/**
 * Starts `workers` threads matching against `index`.
 *
 * @param index The index; later changes to it do not reach the threads.
 * @param options The matcher options (see {@link matcherOptionsData} for what can go to threads).
 * @param workers How many threads, at least 1.
 * @param internal (@internal, for tests) `snapshotPartBytes`: the size the snapshot's parts stay
 *   within (small: threads load an index from many parts); `freeMemory`: what os.freemem says.
 * @throws MatchError INVALID_OPTION when the options cannot be sent to threads; OUT_OF_MEMORY,
 *   before any thread starts, when the shared snapshot would take more than
 *   {@link POOL_MEMORY_SHARE} of the free memory (match in the caller's thread instead).
 */
export function createMatcherPool(
  index: DocumentIndex,
  options: MatcherOptions,
  workers: number,
  internal: { readonly snapshotPartBytes?: number; readonly freeMemory?: () => number } = {},
): MatcherPool {
  const data = matcherOptionsData(index, options)
  if (data === undefined) throw new MatchError('INVALID_OPTION', 'these matcher options cannot be used in worker threads (linked evidence, or an analyzer or thesaurus without a spec)')
  // In parts: past ~4·10^5 records one array could not hold it. The caller keeps its index, so
  // the snapshot is extra memory (8.8 GB at 10^6 generated records beside a 12 GB process: a
  // pool started that way took 13 minutes in a machine out of memory).
  const maxBytes = Math.floor((internal.freeMemory ?? freemem)() * POOL_MEMORY_SHARE)
  // Sized (and refused) before any thread starts; copied while they start.
  const planned = planBinarySnapshotParts(index, {
    shared: true,
    maxBytes,
    ...(internal.snapshotPartBytes ? { maxPartBytes: internal.snapshotPartBytes } : {}),
  })
  const signal = new SharedArrayBuffer(4)

  const pending = new Map<number, { resolve: (results: MatchResult[][]) => void; reject: (error: Error) => void }>()
  let failure: Error | undefined
  const fail = (error: Error) => {
    failure ??= error
    for (const { reject } of pending.values()) reject(failure)
    pending.clear()
  }
  const lexicons = shareLexicons()
  const threads = Array.from({ length: Math.max(1, workers) }, () => {
    const { port1, port2 } = new MessageChannel()
    const workerData: MatchWorkerData = {
      port: port2,
      signal,
      analyzer: index.analyzer.spec!,
      ...(index.charAnalyzer ? { charAnalyzer: index.charAnalyzer.spec! } : {}),
      options: data,
      lexicons,
    }
    const worker = startWorker(import.meta.url, 'match-worker', workerData, [port2])
    worker.on('error', (error) => fail(error))
    port1.on('message', (message: MatchAnswer) => {
      if (message.error !== undefined) {
        const error = new MatchError('INVALID_OPTION', `a matching thread failed: ${message.error}`)
        if (message.batch < 0) return fail(error)
        pending.get(message.batch)?.reject(error)
      } else {
        pending.get(message.batch)?.resolve(message.results!)
      }
      pending.delete(message.batch)
    })
    return { worker, port: port1 }
  })
  let snapshot: SharedArrayBuffer[]
  try {
    snapshot = planned.pack().map((part) => part.buffer as SharedArrayBuffer)
  } catch (error) {
    for (const { worker, port } of threads) {
      port.close()
      void worker.terminate()
    }
    throw error
  }
  const message: SnapshotMessage = { snapshot }
  for (const { port } of threads) port.postMessage(message)

  let nextBatch = 0
  const run = (thread: (typeof threads)[number], queries: readonly AnyRecord[], matchOptions: MatchOptions): Promise<MatchResult[][]> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure)
      const batch = nextBatch++
      pending.set(batch, { resolve, reject })
      const request: MatchRequest = { batch, queries, options: matchOptions }
      thread.port.postMessage(request)
    })

  return {
    async matchAll(queries, matchOptions = {}) {
      const out = new Array<MatchResult[]>(queries.length)
      let next = 0
      // Each thread takes the next batch when it answers: a slow batch does not hold the others.
      await Promise.all(
        threads.map(async (thread) => {
          while (next < queries.length) {
            const start = next
            next = Math.min(queries.length, next + BATCH)
            const results = await run(thread, queries.slice(start, next), matchOptions)
            for (let i = 0; i < results.length; i++) out[start + i] = results[i]!
          }
        }),
      )
      return out
    },
    async close() {
      for (const { port } of threads) port.close()
      await Promise.all(threads.map(({ worker }) => worker.terminate()))
    },
  }
}
