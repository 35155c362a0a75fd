/**
 * Inverting a flat forward index in a worker thread while the caller's thread does other work
 * (a bulk build places the word channel's postings and extracts keywords meanwhile: the
 * character channel's inversion, the longest step after analysis, then costs no wall time).
 * The forward arrays and the room for the postings are in shared memory (see FlatForwardBuilder):
 * the thread reads and writes them in place and sends back only the postings' offsets (a few MB),
 * so that the caller receives no large buffer. The caller waits synchronously, as buildIndex is
 * synchronous (Atomics.wait on a shared counter, replies taken with receiveMessageOnPort).
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'
import { invariant, MatchError } from '../errors.js'
import { startWorker } from '../worker-threads.js'
import type { FlatForward, FlatPostings, PostingRoom } from './invert-forward.js'

/** What the worker is sent (the arrays in shared memory, the small forward offsets copied). @internal */
export interface InvertRequest {
  readonly forward: FlatForward
  readonly room: PostingRoom
  readonly fieldCount: number
}

/** The worker's reply: where each term's postings start in the room, or why it failed. @internal */
export interface InvertResult {
  readonly postingOffsets?: Uint32Array
  readonly error?: string
}

/** How long the caller waits for the reply before it gives up. */
const STALL_MS = 300_000

/** An inversion under way: {@link wait} returns its arrays (once). */
export interface PendingInversion {
  wait(): { forward: FlatForward; postings: FlatPostings }
}

/** A worker thread started ahead of the inversion it will do: {@link invert} once, or {@link close}. */
export interface Inverter {
  /**
   * Starts inverting `forward` in the thread, its postings written into `room` (both in shared
   * memory: do not use them until `wait()` returns).
   *
   * @throws MatchError INTERNAL from `wait()` when the thread fails or sends nothing for 5 minutes.
   */
  invert(forward: FlatForward, room: PostingRoom, fieldCount: number): PendingInversion
  /** Stops the thread (after `wait()` it is stopped already). */
  close(): void
}

/**
 * Starts a worker thread that will invert one flat forward index. A bulk build starts it before
 * its analysis, so the thread has loaded its module by the time the forward arrays are ready:
 * started then, its start-up (a few hundred ms from source) was part of the build's tail.
 */
export function startInverter(): Inverter {
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = startWorker(import.meta.url, 'invert-worker', { port: port2, signal: signal.buffer as SharedArrayBuffer }, [port2])
  const close = () => {
    port1.close()
    void worker.terminate()
  }
  return {
    close,
    invert(forward, room, fieldCount) {
      invariant(forward.termIds.buffer instanceof SharedArrayBuffer && room.docs.buffer instanceof SharedArrayBuffer, 'the arrays to invert are in shared memory')
      const request: InvertRequest = { forward, room, fieldCount }
      port1.postMessage(request)
      return {
        wait() {
          try {
            for (;;) {
              const seen = Atomics.load(signal, 0)
              const message = receiveMessageOnPort(port1)
              if (message) {
                const result = message.message as InvertResult
                if (result.error !== undefined || !result.postingOffsets) {
                  throw new MatchError('INTERNAL', `a worker thread failed to place postings: ${result.error ?? 'no result'}`)
                }
                return { forward, postings: { postingOffsets: result.postingOffsets, postingDocs: room.docs, postingTfs: room.tfs } }
              }
              if (Atomics.wait(signal, 0, seen, STALL_MS) === 'timed-out') {
                throw new MatchError('INTERNAL', `the worker thread placing postings sent nothing for ${STALL_MS / 1000} s; build with workers: 0`)
              }
            }
          } finally {
            close()
          }
        },
      }
    },
  }
}
