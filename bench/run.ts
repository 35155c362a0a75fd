/**
 * Speed at scale: index build, single-query latency and heap of duijie (plain BM25 and the
 * defaults) and peer libraries over a generated corpus (bench/corpus.ts) of 10k and 100k
 * achievements (1M with `--full`), queried with generated needs.
 *
 * duijie's builds include jieba tokenization; peers get duijie's tokens, computed once before
 * their builds (that time is printed on its own line) and after duijie's conditions have run. Ratios are peer time ÷ duijie time
 * (> 1: the peer is slower). Overlap is the mean share of a ranker's top 10 that is also in
 * duijie plain BM25's top 10, over the queries both ran.
 *
 * Each ranker runs the queries in order until all are done or QUERY_BUDGET_MS (8 s, `--budget`)
 * has passed, but at least 20: slow peers are timed on fewer queries (the table says how many).
 * Before them it answers warm-up needs of another seed for at least 1 s (see WARMUP_MS).
 * Heap is heapUsed + external after two forced collections, minus the same before the build,
 * plus what the ranker holds in SharedArrayBuffers (`Ranker.sharedBytes`): `external`, not
 * `arrayBuffers`, because buffers transferred from worker threads count in the first only, and
 * shared buffers in neither `external` nor reliably in `arrayBuffers`.
 *
 * GC % of query time: V8's garbage collection during the timed queries (PerformanceObserver 'gc'
 * entries) over the sum of their times.
 *
 * Sanity checks (the run fails loudly): every ranker returns 10 results for at least 80% of
 * queries; lunr, MiniSearch and wink (BM25 family) overlap duijie plain BM25 by more than 0.3.
 *
 * Run: npm run bench [-- --full] [-- --queries 200] [-- --sizes 10000,100000]
 */
import { PerformanceObserver } from 'node:perf_hooks'
import { generateCorpus, corpusCharacters } from './corpus.js'
import { RANKERS, documentText, type BenchQuery, type Peer, type TokenizedDoc } from './peers/index.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import { buildIndex } from '../src/index/document-index.js'
import { createMatcherPool } from '../src/match/parallel-match.js'
import { createMatcher } from '../src/match/matcher.js'
import { autoWorkerCount } from '../src/worker-threads.js'

const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(`--${name}`)
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}
const QUERIES = Number(option('queries') ?? 200)
const SIZES = option('sizes')?.split(',').map(Number) ?? (flag('full') ? [10_000, 100_000, 1_000_000] : [10_000, 100_000])
const SEED = 20_251_122
/**
 * Before its timed queries each ranker answers warm-up needs of another seed (never timed) until
 * WARMUP_MS has passed and at least WARMUP_MIN were answered, WARMUP_NEEDS at most: JIT
 * compilation and first-use caches are paid before timing, by every ranker alike, as in a
 * long-running service. (Until 2026-11-23 it was the first 5 timed queries: duijie's p50 over
 * its 200 queries then still included ~1–1.5 ms of warm-up at 100k.)
 */
const WARMUP_MIN = 5
const WARMUP_MS = 1_000
const WARMUP_NEEDS = 100
/** Each ranker's queries stop after this many ms (but not before MIN_QUERIES): slow peers run fewer. */
const QUERY_BUDGET_MS = Number(option('budget') ?? 8_000)
/** Needs in the batch run (all defaults, top 10, worker threads); 0 skips it. */
const BATCH_NEEDS = Number(option('batch') ?? 10_000)
const MIN_QUERIES = 20

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) console.warn('warning: run with node --expose-gc for heap figures (npm run bench does)')
function heapMb(): number {
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  return (m.heapUsed + m.external) / 2 ** 20
}

interface Measured {
  readonly peer: Peer
  readonly buildMs: number
  readonly heapMb: number
  readonly times: number[]
  readonly results: string[][]
  /** Garbage collection during the timed queries (ms, all kinds). */
  readonly gcMs: number
  /** Warm-up queries answered before the timed ones. */
  readonly warmed: number
}

/** The time V8 spends collecting garbage from now until stop() (entries arrive after the timed code returns to the event loop). */
class GcTime {
  private ms = 0
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.ms += entry.duration
  })

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] })
  }

  async stop(): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve))
    for (const entry of this.observer.takeRecords()) this.ms += entry.duration
    this.observer.disconnect()
    return this.ms
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

async function measure(peer: Peer, records: Parameters<Peer['build']>[0], queries: readonly BenchQuery[], warmups: readonly BenchQuery[]): Promise<Measured> {
  const before = heapMb()
  const t0 = performance.now()
  const ranker = peer.build(records)
  const buildMs = performance.now() - t0
  const heap = heapMb() - before + (ranker.sharedBytes?.() ?? 0) / 2 ** 20
  const w0 = performance.now()
  let warmed = 0
  for (const q of warmups) {
    if (warmed >= WARMUP_MIN && performance.now() - w0 >= WARMUP_MS) break
    ranker.search(q)
    warmed++
  }
  const times: number[] = []
  const results: string[][] = []
  const collections = new GcTime()
  const q0 = performance.now()
  for (const q of queries) {
    if (times.length >= MIN_QUERIES && performance.now() - q0 > QUERY_BUDGET_MS) break
    const s = performance.now()
    results.push(ranker.search(q))
    times.push(performance.now() - s)
  }
  const gcMs = await collections.stop()
  return { peer, buildMs, heapMb: heap, times, results, gcMs, warmed }
}

function overlap(a: readonly string[][], b: readonly string[][]): number {
  const n = Math.min(a.length, b.length)
  let sum = 0
  for (let i = 0; i < n; i++) {
    const ref = new Set(b[i])
    sum += a[i]!.filter((id) => ref.has(id)).length / 10
  }
  return sum / n
}

const fmt = (x: number, digits = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits))
const failures: string[] = []
const started = performance.now()

for (const size of SIZES) {
  const g0 = performance.now()
  const corpus = generateCorpus({ achievements: size, needs: QUERIES, seed: SEED })
  const chars = corpusCharacters(corpus)
  console.log(`\n## ${size.toLocaleString('en')} achievements`)
  console.log(
    `corpus: ${corpus.achievements.length} achievements (${(chars.achievements / 1e6).toFixed(1)}M chars), ` +
      `${corpus.needs.length} needs as queries (${(chars.needs / 1e3).toFixed(0)}k chars); generated in ${fmt((performance.now() - g0) / 1000)} s`,
  )

  // duijie's conditions run first, on the records alone: the peers' token arrays (11M strings
  // at 100k) are their input, not duijie's, and every major collection of a build made while
  // they are alive marks them too (at 100k that made duijie's default build ~50% slower).
  const measured = new Map<Peer, Measured>()
  const run = async (peer: Peer, input: Parameters<Peer['build']>[0], queries: readonly BenchQuery[], warmups: readonly BenchQuery[]) => {
    if (peer.maxDocs !== undefined && size > peer.maxDocs) return console.log(`${peer.name}: skipped at ${size} (run up to ${peer.maxDocs} documents)`)
    const m = await measure(peer, input, queries, warmups)
    measured.set(peer, m)
    console.log(`${peer.name}: built in ${fmt(m.buildMs / 1000)} s, ${m.warmed} warm-up queries, ${m.times.length} queries`)
  }
  const needsOnly: BenchQuery[] = corpus.needs.map((need) => ({ need, tokens: [] }))
  const warmNeeds = generateCorpus({ achievements: 0, needs: WARMUP_NEEDS, seed: SEED + 2 }).needs
  const warmNeedsOnly: BenchQuery[] = warmNeeds.map((need) => ({ need, tokens: [] }))
  for (const peer of RANKERS) if (peer.tokenizes) await run(peer, { records: corpus.achievements, docs: [] }, needsOnly, warmNeedsOnly)

  const analyzer = createAnalyzer()
  const t0 = performance.now()
  const docs: TokenizedDoc[] = corpus.achievements.map((r) => ({ id: r.id, tokens: analyzer.analyze(documentText(r)) }))
  const tokenizeMs = performance.now() - t0
  const tokenized = (need: (typeof corpus.needs)[number]): BenchQuery => ({
    need,
    tokens: [...analyzer.analyze(need.title), ...analyzer.analyze(need.description ?? '')],
  })
  const queries: BenchQuery[] = corpus.needs.map(tokenized)
  const warmQueries: BenchQuery[] = warmNeeds.map(tokenized)
  const terms = docs.reduce((n, d) => n + d.tokens.length, 0)
  console.log(`tokenization for peers (jieba, duijie's analyzer): ${fmt(tokenizeMs / 1000)} s, ${Math.round(size / (tokenizeMs / 1000))} records/s, ${(terms / 1e6).toFixed(1)}M terms`)
  for (const peer of RANKERS) if (!peer.tokenizes) await run(peer, { records: corpus.achievements, docs }, queries, warmQueries)

  const ordered = RANKERS.map((peer) => measured.get(peer)).filter((m): m is Measured => m !== undefined)
  const plain = ordered[0]!
  const dflt = ordered[1]!
  const p50 = (m: Measured) => quantile([...m.times].sort((a, b) => a - b), 0.5)
  const p95 = (m: Measured) => quantile([...m.times].sort((a, b) => a - b), 0.95)
  console.log('')
  // A peer needs the same Chinese tokens to index at all: "incl. tokenization" adds the time of
  // the tokenization pass it was given (one thread) to its build.
  const withTokens = (m: Measured) => m.buildMs + (m.peer.tokenizes ? 0 : tokenizeMs)
  console.log('| ranker | build input | build s | records/s | build ÷ plain | build ÷ default | build incl. tokenization ÷ default | queries | p50 ms | p95 ms | p50 ÷ plain | p50 ÷ default | overlap@10 vs plain | 10 results | heap MB | GC % of query time |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const m of ordered) {
    const full = m.results.filter((r) => r.length === 10).length / m.results.length
    const ov = overlap(m.results, plain.results)
    console.log(
      `| ${m.peer.name} | ${m.peer.tokenizes ? 'raw text' : 'tokens'} | ${fmt(m.buildMs / 1000)} | ${Math.round(size / (m.buildMs / 1000))} | ` +
        `${fmt(m.buildMs / plain.buildMs)} | ${fmt(m.buildMs / dflt.buildMs)} | ${fmt(withTokens(m) / dflt.buildMs)} | ${m.times.length} | ${fmt(p50(m), 3)} | ${fmt(p95(m), 3)} | ` +
        `${fmt(p50(m) / p50(plain))} | ${fmt(p50(m) / p50(dflt))} | ${ov.toFixed(2)} | ${(full * 100).toFixed(0)}% | ${fmt(m.heapMb, 0)} | ${((100 * m.gcMs) / m.times.reduce((a, b) => a + b, 0)).toFixed(1)} |`,
    )
    if (full < 0.8) failures.push(`${size}: ${m.peer.name} returned 10 results for only ${(full * 100).toFixed(0)}% of queries`)
    if (m.peer.bm25Family && m.peer !== plain.peer && ov <= 0.3) failures.push(`${size}: ${m.peer.name} overlaps duijie plain BM25 by only ${ov.toFixed(2)} (BM25 peers must exceed 0.3)`)
  }

  if (BATCH_NEEDS > 0 && size === SIZES[Math.min(1, SIZES.length - 1)]) await batch(corpus.achievements)
}

/**
 * A batch job's core: BATCH_NEEDS generated needs (another seed) against the corpus, all
 * defaults, top 10, in worker threads (one per core), the needs' tokenization included. The
 * index build (with worker threads) and the pool's start (snapshot to shared memory, each
 * thread loading it) are timed on their own lines. Sanity: every need gets results, and a
 * sample of 50 equals a matcher in this thread.
 */
async function batch(records: ReturnType<typeof generateCorpus>['achievements']) {
  const needs = generateCorpus({ achievements: 0, needs: BATCH_NEEDS, seed: SEED + 1 }).needs
  const workers = autoWorkerCount()
  console.log(`\n### batch: ${needs.length.toLocaleString('en')} needs × ${records.length.toLocaleString('en')} achievements, top 10, all defaults, ${workers} worker threads`)
  const b0 = performance.now()
  const index = buildIndex(records, { kind: 'achievement' })
  const b1 = performance.now()
  const pool = createMatcherPool(index, {}, workers)
  // The pool starts lazily per thread; a first small batch waits for every thread to load.
  await pool.matchAll(needs.slice(0, workers * 16), { topK: 10, queryKind: 'need' })
  const b2 = performance.now()
  const results = await pool.matchAll(needs, { topK: 10, queryKind: 'need' })
  const b3 = performance.now()
  await pool.close()
  const empty = results.filter((r) => r.length === 0).length
  const here = createMatcher(index)
  const same = needs.slice(0, 50).every((need, i) => JSON.stringify(here.match(need, { topK: 10, queryKind: 'need' })) === JSON.stringify(results[i]))
  if (!same) failures.push('batch: worker-thread results differ from a matcher in this thread')
  console.log(`index build (worker threads): ${fmt((b1 - b0) / 1000)} s; pool start (snapshot, ${workers} threads loading it, first ${workers * 16} needs): ${fmt((b2 - b1) / 1000)} s`)
  console.log(`batch: ${fmt((b3 - b2) / 1000)} s, ${Math.round(needs.length / ((b3 - b2) / 1000))} needs/s (${fmt((b3 - b2) / needs.length, 3)} ms/need over ${workers} threads); needs without results: ${empty}`)
  if (empty > needs.length * 0.05) failures.push(`batch: ${empty} needs got no result`)
}

console.log(`\ntotal ${fmt((performance.now() - started) / 1000)} s`)
if (failures.length > 0) {
  console.error(`\nSANITY CHECKS FAILED:\n- ${failures.join('\n- ')}`)
  process.exitCode = 1
}
