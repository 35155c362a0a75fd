/**
 * Incremental updates: records added to, replaced in and removed from a built index one at a
 * time, as a platform does when its records change, with queries in between; against
 * MiniSearch (`add`, `discard`) and FlexSearch (`add`, `remove`) doing the same to an index of
 * the same records' tokens (duijie's analyzer, run once outside their timing; lunr and
 * wink-bm25 cannot change a built index). duijie's times include tokenization.
 *
 * Corpus: bench/corpus.ts (seed 7), `--records` built in bulk, then `--changes` new records
 * added one by one, as many existing ones replaced (same id, other text) and removed; then
 * `--cycles` rounds of "add one record, answer one need" (every change invalidates what the
 * matcher derived from the statistics: this shows what a query pays after one).
 * Sanity (exit code 1): after all changes, duijie's index has the final records' count and its
 * text channels answer the needs with the same ids and scores (to 1e-9) as an index built in
 * bulk from the final records (the keyword channel is left out of that comparison: a record
 * added alone has its keywords extracted with the statistics of that moment, a bulk build with
 * the final ones).
 * Defaults are 20,000 records and 200 changes: FlexSearch's remove and update take ~50 ms each
 * at 20,000 records and grow with the index.
 *
 * Run: npx tsx bench/incremental.bench.ts [--records 20000] [--changes 200] [--cycles 20]
 */
import { Encoder, Index } from 'flexsearch'
import MiniSearch from 'minisearch'
import { buildIndex } from '../src/index/document-index.js'
import { createMatcher } from '../src/match/matcher.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import type { Achievement } from '../src/types.js'
import { generateCorpus } from './corpus.js'
import { documentText } from './peers/duijie.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const N = arg('records', 20_000)
const M = arg('changes', 200)
const CYCLES = arg('cycles', 20)

const corpus = generateCorpus({ achievements: N + 2 * M + CYCLES, needs: 50, seed: 7 })
const initial = corpus.achievements.slice(0, N)
const added = corpus.achievements.slice(N, N + M).map((r, i) => ({ ...r, id: `ADD-${i}` }))
// Replacements: existing ids with the text of other generated records.
const replaced = corpus.achievements.slice(N + M, N + 2 * M).map((r, i) => ({ ...r, id: initial[i * Math.floor(N / M)]!.id }))
const removed = Array.from({ length: M }, (_, i) => initial[i * Math.floor(N / M) + 1]!.id)
const cycled = corpus.achievements.slice(N + 2 * M).map((r, i) => ({ ...r, id: `CYCLE-${i}` }))
const needs = corpus.needs

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3))
const timeEach = <T>(items: readonly T[], f: (item: T) => void): number[] =>
  items.map((item) => {
    const t = performance.now()
    f(item)
    return performance.now() - t
  })
/** Adds each item, then answers one query; returns the query times. */
const queriesAfterAdds = <T>(items: readonly T[], add: (item: T) => void, query: (i: number) => void): number[] =>
  items.map((item, i) => {
    add(item)
    const t = performance.now()
    query(i)
    return performance.now() - t
  })
const rows: string[] = []
const row = (name: string, op: string, times: number[]) =>
  rows.push(`| ${name} | ${op} | ${times.length} | ${fmt(quantile(times, 0.5))} | ${fmt(quantile(times, 0.95))} | ${fmt(Math.max(...times))} | ${Math.round(times.length / (times.reduce((a, b) => a + b, 0) / 1000))} |`)

console.log(`corpus: ${N} records built in bulk; ${M} added, ${M} replaced, ${M} removed one by one; ${CYCLES} add-then-query cycles`)

// duijie
let t0 = performance.now()
const index = buildIndex(initial, { kind: 'achievement' })
const matcher = createMatcher(index)
console.log(`duijie: bulk build + matcher ${fmt((performance.now() - t0) / 1000)} s`)
for (const need of needs.slice(0, 10)) matcher.rank(need)
const firstAdd = timeEach(added.slice(0, 1), (r) => index.add(r))
console.log(`duijie: first add after the bulk build (per-term views made): ${fmt(firstAdd[0]!)} ms`)
row('duijie', 'add', timeEach(added.slice(1), (r) => index.add(r)))
row('duijie', 'replace', timeEach(replaced, (r) => index.add(r)))
row('duijie', 'remove', timeEach(removed, (id) => void index.remove(id)))
row('duijie', 'query after an add', queriesAfterAdds(cycled, (r) => index.add(r), (i) => void matcher.rank(needs[i % needs.length]!)))
row('duijie', 'query, no change', timeEach(needs, (need) => void matcher.rank(need)))

// The sanity check: the changed index ranks as one built in bulk from the final records.
const finalRecords = new Map<string, Achievement>(initial.map((r) => [r.id, r]))
for (const r of [...added, ...replaced]) finalRecords.set(r.id, r)
for (const id of removed) finalRecords.delete(id)
for (const r of cycled) finalRecords.set(r.id, r)
const textOnly = { channels: { keywords: 0 } }
const changed = createMatcher(index, textOnly)
const fresh = createMatcher(buildIndex([...finalRecords.values()], { kind: 'achievement' }), textOnly)
let mismatches = 0
if (index.size !== finalRecords.size) mismatches++
for (const need of needs) {
  const a = changed.rank(need)
  const b = fresh.rank(need)
  if (a.length !== b.length || a.some((x, i) => x.id !== b[i]!.id || Math.abs(x.score - b[i]!.score) > 1e-9 * Math.max(1, b[i]!.score))) mismatches++
}
console.log(`duijie: after the changes, ${needs.length - mismatches} of ${needs.length} needs ranked (text channels) as by an index built from the final records; ${index.size} records`)

// Peers, on duijie's tokens of the same text.
const analyzer = createAnalyzer()
const tokens = (r: Achievement) => analyzer.analyze(documentText(r)).join(' ')
const initialText = initial.map(tokens)
const text = (rs: readonly Achievement[]) => rs.map((r) => ({ id: r.id, body: tokens(r) }))
const [addedText, replacedText, cycledText] = [text(added), text(replaced), text(cycled)]
const needText = needs.map((n) => analyzer.analyze(`${n.title} ${n.description ?? ''}`).join(' '))

{
  const mini = new MiniSearch<{ id: string; body: string }>({
    fields: ['body'],
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
    searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
  })
  t0 = performance.now()
  mini.addAll(initial.map((r, i) => ({ id: r.id, body: initialText[i]! })))
  console.log(`MiniSearch: bulk build ${fmt((performance.now() - t0) / 1000)} s`)
  row('MiniSearch', 'add', timeEach(addedText.slice(1), (d) => mini.add(d)))
  row('MiniSearch', 'replace', timeEach(replacedText, (d) => mini.replace(d)))
  row('MiniSearch', 'remove', timeEach(removed, (id) => mini.discard(id)))
  row('MiniSearch', 'query after an add', queriesAfterAdds(cycledText, (d) => mini.add(d), (i) => void mini.search(needText[i % needText.length]!)))
}
{
  const flex = new Index({ tokenize: 'strict', encoder: new Encoder({ split: ' ', normalize: false, dedupe: false, numeric: false }) })
  t0 = performance.now()
  initial.forEach((r, i) => flex.add(r.id, initialText[i]!))
  console.log(`FlexSearch: bulk build ${fmt((performance.now() - t0) / 1000)} s`)
  row('FlexSearch', 'add', timeEach(addedText.slice(1), (d) => flex.add(d.id, d.body)))
  row('FlexSearch', 'replace', timeEach(replacedText, (d) => flex.update(d.id, d.body)))
  row('FlexSearch', 'remove', timeEach(removed, (id) => flex.remove(id)))
  row(
    'FlexSearch',
    'query after an add',
    queriesAfterAdds(cycledText, (d) => flex.add(d.id, d.body), (i) => void flex.search(needText[i % needText.length]!, { limit: 10, suggest: true })),
  )
}

console.log('\n| ranker | operation | count | p50 ms | p95 ms | max ms | per s |')
console.log('|---|---|---:|---:|---:|---:|---:|')
for (const r of rows) console.log(r)
if (mismatches > 0) {
  console.error(`FAILED: ${mismatches} needs (or the record count) differ from an index built from the final records`)
  process.exit(1)
}
