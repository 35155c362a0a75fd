/**
 * Progress on long work: a bar with rate and ETA on a terminal (cli-progress), plain periodic
 * lines otherwise (logs, CI), nothing with --quiet. Always on stderr, so stdout stays data.
 */
import cliProgress from 'cli-progress'

/** Reports (done, total); `stop()` ends the bar. */
export interface Progress {
  update(done: number, total: number): void
  stop(): void
}

/** Creates the progress reporter fitting stderr. */
export function createProgress(label: string, options: { quiet?: boolean; intervalMs?: number } = {}): Progress {
  if (options.quiet) return { update: () => {}, stop: () => {} }
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    const t0 = Date.now()
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0, { rate: '0' })
          started = true
        }
        bar.update(done, { rate: (done / Math.max(0.001, (Date.now() - t0) / 1000)).toFixed(1) })
      },
      stop: () => started && bar.stop(),
    }
  }
  const interval = options.intervalMs ?? 10_000
  let last = Date.now()
  const t0 = last
  return {
    update(done, total) {
      const now = Date.now()
      if (now - last < interval && done < total) return
      last = now
      const rate = done / Math.max(0.001, (now - t0) / 1000)
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0
      process.stderr.write(`${label}: ${done}/${total} (${((100 * done) / Math.max(1, total)).toFixed(1)}%), ${rate.toFixed(1)}/s, ETA ${eta}s\n`)
    },
    stop: () => {},
  }
}
