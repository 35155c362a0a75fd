/**
 * Inverting a flat forward index in a worker thread while the caller's thread does other work
 * (a bulk build places the word channel's postings and extracts keywords meanwhile: the
 * character channel's inversion, the longest step after analysis, then costs no wall time).
 * The arrays are transferred, not copied; the caller waits synchronously, as buildIndex is
 * synchronous (Atomics.wait on a shared counter, replies taken with receiveMessageOnPort).
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'
import { MatchError } from '../errors.js'
import { startWorker } from '../worker-threads.js'
import type { FlatForward, FlatPostings } from './invert-forward.js'

/** What the worker is sent. @internal */
export interface InvertRequest {
  readonly forward: FlatForward
  readonly fieldCount: number
}

/** The worker's reply: the forward arrays back with their postings, or why it failed. @internal */
export interface InvertResult {
  readonly forward?: FlatForward
  readonly postings?: FlatPostings
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
   * Starts inverting `forward` in the thread. The forward arrays are transferred: do not use
   * them until `wait()` gives them back.
   *
   * @throws MatchError INTERNAL from `wait()` when the thread fails or sends nothing for 5
   *   minutes (the arrays are lost with it: the build cannot go on).
   */
  invert(forward: FlatForward, fieldCount: number): PendingInversion
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
    invert(forward, fieldCount) {
      const request: InvertRequest = { forward, fieldCount }
      port1.postMessage(request, [forward.forwardOffsets.buffer, forward.termIds.buffer, forward.tfs.buffer] as ArrayBuffer[])
      return {
        wait() {
          try {
            for (;;) {
              const seen = Atomics.load(signal, 0)
              const message = receiveMessageOnPort(port1)
              if (message) {
                const result = message.message as InvertResult
                if (result.error !== undefined || !result.forward || !result.postings) {
                  throw new MatchError('INTERNAL', `a worker thread failed to place postings: ${result.error ?? 'no result'}`)
                }
                return { forward: result.forward, postings: result.postings }
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
