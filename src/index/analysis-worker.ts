/**
 * The worker-thread side of parallel index builds: it re-creates the index's analyzers from
 * their specs (on the caller's jieba dictionaries, in shared memory), then turns each chunk of field texts it is sent into forward batches (see
 * ForwardBatch) and posts them back on its port, transferring the arrays. Its builders go on
 * from chunk to chunk (ForwardBatchBuilder.take): a batch lists only the terms this thread had
 * not met in its earlier chunks. After each reply it
 * bumps a shared counter so that a main thread blocked in Atomics.wait wakes up.
 *
 * Started by parallel-analysis.ts only; it is not part of the public API.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { adoptLexicons } from '../tokenize/jieba.js'
import { answer } from '../worker-threads.js'
import { analyzerFromSpec } from './analyzer-spec.js'
import { ForwardBatchBuilder, type ForwardBatch } from './forward-batch.js'
import type { AnalysisRequest, AnalysisResult, AnalysisWorkerData } from './parallel-analysis.js'

const data = workerData as AnalysisWorkerData
const port = data.port

function transferables(batch: ForwardBatch | undefined): ArrayBuffer[] {
  if (!batch) return []
  return [batch.termEnds.buffer, batch.docTermCounts.buffer, batch.termIds.buffer, batch.tfs.buffer, batch.fieldLengths.buffer] as ArrayBuffer[]
}

function reply(result: AnalysisResult): void {
  answer(data, result, [...transferables(result.words), ...transferables(result.chars)])
}

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
      reply({ chunk: request.chunk, words: wordBuilder.take(), ...(charBuilder ? { chars: charBuilder.take() } : {}) })
    } catch (error) {
      reply({ chunk: request.chunk, error: error instanceof Error ? error.message : String(error) })
    }
  })
} catch (error) {
  reply({ chunk: -1, error: error instanceof Error ? error.message : String(error) })
}
parentPort?.unref()
