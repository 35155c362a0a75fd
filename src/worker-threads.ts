/**
 * Starting duijie's worker threads, and waiting for them synchronously.
 *
 * A worker module sits beside its caller: from the built package both are bundles in dist/
 * (`dist/<name>.js`); from source (tests, benchmarks run through tsx) the worker is a .ts file,
 * loaded through tsx's API by a small CommonJS bootstrap, because a worker does not inherit the
 * parent's --import hooks. A bootstrap that cannot load the module reports it on the worker's
 * port like any other failure (`{ error }`), so a waiting caller wakes up.
 *
 * Not the worker logic itself: see index/analysis-worker.ts and match/match-worker.ts.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker, type MessagePort, type TransferListItem } from 'node:worker_threads'

/** What every duijie worker gets: the port it answers on and the counter it bumps after each answer. */
export interface WorkerChannel {
  readonly port: MessagePort
  readonly signal: SharedArrayBuffer
}

/** tsx's ESM API module, resolved from this package (undefined when tsx is not installed). */
function tsxApi(): string | undefined {
  try {
    // require.resolve gives the CommonJS build; its ESM twin sits beside it.
    const path = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')
    return existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

/** Whether worker threads can run: always from the built package; from source only with tsx installed. */
export function canUseWorkers(): boolean {
  return !import.meta.url.endsWith('.ts') || tsxApi() !== undefined
}

/** The number of worker threads `workers: 'auto'` means: one per core, 2 to 8. */
export function autoWorkerCount(): number {
  return Math.max(2, Math.min(8, availableParallelism()))
}

/**
 * Starts the worker module `name` that sits beside the module at `callerUrl`.
 *
 * @param callerUrl The caller's `import.meta.url`.
 * @param name The worker module's base name (`analysis-worker`).
 * @param data Its workerData: the channel plus anything structured-cloneable.
 * @param transferList The channel's port, and anything else to transfer.
 */
export function startWorker<D extends WorkerChannel>(callerUrl: string, name: string, data: D, transferList: TransferListItem[]): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData: data, transferList })
  const entry = new URL(`./${name}.ts`, callerUrl).href
  const api = tsxApi()
  const bootstrap = `
    const { workerData } = require('node:worker_threads')
    Promise.resolve()
      .then(() => ${api === undefined ? "Promise.reject(new Error('tsx is not installed'))" : `import(${JSON.stringify(pathToFileURL(api).href)})`})
      .then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))
      .catch((error) => {
        workerData.port.postMessage({ chunk: -1, error: String((error && error.stack) || error) })
        const signal = new Int32Array(workerData.signal)
        Atomics.add(signal, 0, 1)
        Atomics.notify(signal, 0)
      })`
  return new Worker(bootstrap, { eval: true, workerData: data, transferList })
}

/** Posts an answer from inside a worker and wakes a caller blocked in Atomics.wait. */
export function answer(channel: WorkerChannel, message: unknown, transferList: TransferListItem[] = []): void {
  channel.port.postMessage(message, transferList)
  const signal = new Int32Array(channel.signal)
  Atomics.add(signal, 0, 1)
  Atomics.notify(signal, 0)
}
