/**
 * The worker-thread side of parallel index builds: it re-creates the index's analyzers from
 * their specs (on the caller's jieba dictionaries, in shared memory), then turns each chunk of
 * field texts it is sent into forward batches (see ForwardBatch) and writes them into the
 * shared buffer of the slot the request names (shared-batch.ts: a slot's buffer is made here on
 * its first use, or when a batch outgrows it, and sent along once; after that only the layout
 * is posted). Its builders go on from chunk to chunk (ForwardBatchBuilder.take): a batch lists
 * only the terms this thread had not met in its earlier chunks. After each reply it bumps a
 * shared counter so that a main thread blocked in Atomics.wait wakes up.
 *
 * Started by parallel-analysis.ts only; it is not part of the public API.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { adoptLexicons } from '../tokenize/jieba.js'
import { answer } from '../worker-threads.js'
import { analyzerFromSpec } from './analyzer-spec.js'
import { ForwardBatchBuilder } from './forward-batch.js'
import { sharedBatchBytes, writeSharedBatch } from './shared-batch.js'
import type { AnalysisRequest, AnalysisResult, AnalysisWorkerData } from './parallel-analysis.js'

const data = workerData as AnalysisWorkerData
const port = data.port

/** Room to spare when a slot's buffer is made: later chunks list fewer new terms, but may have longer records. */
const SLOT_MARGIN = 1.25

/** This thread's slot buffers, by slot number. */
const slots = new Map<number, SharedArrayBuffer>()

try {
  adoptLexicons(data.lexicons)
  const words = analyzerFromSpec(data.words)
  const chars = data.chars ? analyzerFromSpec(data.chars) : undefined
  const wordBuilder = new ForwardBatchBuilder(data.fieldCount)
  const charBuilder = chars ? new ForwardBatchBuilder(data.fieldCount) : undefined
  port.on('message', (request: AnalysisRequest) => {
    try {
      const F = data.fieldCount
      for (let i = 0; i < request.texts.length; i += F) {
        const texts = request.texts.slice(i, i + F)
        wordBuilder.addTexts(texts, words)
        charBuilder?.addTexts(texts, chars!)
      }
      const wordBatch = wordBuilder.take()
      const charBatch = charBuilder?.take()
      const bytes = sharedBatchBytes(wordBatch, F) + (charBatch ? sharedBatchBytes(charBatch, F) : 0)
      let buffer = slots.get(request.slot)
      const fresh = buffer === undefined || buffer.byteLength < bytes
      if (fresh) slots.set(request.slot, (buffer = new SharedArrayBuffer(Math.ceil((bytes * SLOT_MARGIN) / 8) * 8)))
      const wordLayout = writeSharedBatch(wordBatch, F, buffer!, 0)
      const result: AnalysisResult = {
        chunk: request.chunk,
        slot: request.slot,
        words: wordLayout,
        ...(charBatch ? { chars: writeSharedBatch(charBatch, F, buffer!, wordLayout.end) } : {}),
        ...(fresh ? { buffer } : {}),
      }
      answer(data, result)
    } catch (error) {
      answer(data, { chunk: request.chunk, error: error instanceof Error ? error.message : String(error) })
    }
  })
} catch (error) {
  answer(data, { chunk: -1, error: error instanceof Error ? error.message : String(error) })
}
parentPort?.unref()
