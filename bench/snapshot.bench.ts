/**
 * Snapshot size and speed: the JSON snapshot (toSnapshot + JSON.stringify, JSON.parse +
 * fromSnapshot) against the binary one (toBinarySnapshot, fromBinarySnapshot).
 *
 * Corpus: the sample achievements replicated to `--records` (ids made unique, as in
 * match-latency.ts), or with `--generated` that many records of bench/corpus.ts (seed 42: a
 * realistic vocabulary, ~770k character terms at 100k records), indexed with the default
 * analyzers. Reports size, save ms and load ms (median of `--rounds`); binary snapshots parse
 * records on first access, so it also reports a load followed by reading every record. Checks
 * that each loaded index has the original's statistics and answers the sample needs with the
 * same ids, scores and 匹配度, and fails otherwise.
 * Run: npx tsx bench/snapshot.bench.ts [--records 100000] [--rounds 3] [--generated]
 */
import { fromBinarySnapshot, toBinarySnapshot } from '../src/index/binary-snapshot.js'
import { buildIndex, type DocumentIndex } from '../src/index/document-index.js'
import type { InvertedIndex } from '../src/index/inverted-index.js'
import { fromSnapshot, toSnapshot } from '../src/index/snapshot.js'
import { loadInputs } from '../src/job/load.js'
import { generateCorpus } from './corpus.js'
import { createMatcher } from '../src/match/matcher.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const recordCount = arg('records', 100_000)
const rounds = arg('rounds', 3)

const sample = await loadInputs({ demand: 'fixtures/sample/needs.jsonl', supply: 'fixtures/sample/achievements.jsonl' })
const generated = process.argv.includes('--generated')
const records = generated
  ? generateCorpus({ achievements: recordCount, needs: 0, seed: 42 }).achievements
  : Array.from({ length: recordCount }, (_, i) => {
      const a = sample.achievements[i % sample.achievements.length]!
      return { ...a, id: `${a.id}-${Math.floor(i / sample.achievements.length)}` }
    })
const analyzer = createAnalyzer()
let t0 = performance.now()
const index = buildIndex(records, { kind: 'achievement', analyzer })
console.log(`corpus: ${index.size} ${generated ? 'generated' : 'replicated sample'} achievements, built in ${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${rounds} rounds`)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function time<T>(run: () => T): { ms: number; value: T } {
  const samples: number[] = []
  let value: T | undefined
  for (let r = 0; r < rounds; r++) {
    value = undefined // let the previous round's result go before the next
    const t = performance.now()
    value = run()
    samples.push(performance.now() - t)
  }
  return { ms: median(samples), value: value! }
}

const queries = sample.needs.slice(0, 5)
const answers = (i: DocumentIndex) => {
  const matcher = createMatcher(i)
  return JSON.stringify(queries.map((n) => matcher.match(n, { topK: 10 }).map((r) => [r.id, r.score.toFixed(9), r.matchScore])))
}
const stats = (inverted: InvertedIndex) => {
  const docFreq = new Map<string, number>()
  for (let t = 0; t < inverted.termCount; t++) if (inverted.docFreq(t) > 0) docFreq.set(inverted.term(t), inverted.docFreq(t))
  return JSON.stringify([inverted.docCount, [...docFreq].sort(), Array.from({ length: inverted.fieldCount }, (_, f) => inverted.avgFieldLength(f))])
}
const expected = { answers: answers(index), words: stats(index.terms), chars: stats(index.chars!) }
function check(name: string, loaded: DocumentIndex): void {
  if (stats(loaded.terms) !== expected.words || stats(loaded.chars!) !== expected.chars) throw new Error(`${name}: statistics differ`)
  if (answers(loaded) !== expected.answers) throw new Error(`${name}: answers differ`)
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)
const rows: string[] = []

t0 = performance.now()
const jsonSave = time(() => JSON.stringify(toSnapshot(index)))
const jsonBytes = Buffer.byteLength(jsonSave.value)
const jsonLoad = time(() => fromSnapshot(JSON.parse(jsonSave.value), analyzer))
check('JSON', jsonLoad.value)
rows.push(`JSON    ${mb(jsonBytes).padStart(7)} MB  save ${jsonSave.ms.toFixed(0).padStart(6)} ms  load ${jsonLoad.ms.toFixed(0).padStart(6)} ms`)
jsonLoad.value = undefined as never
jsonSave.value = undefined as never

const binarySave = time(() => toBinarySnapshot(index))
const binaryLoad = time(() => fromBinarySnapshot(binarySave.value, analyzer))
check('binary', binaryLoad.value)
binaryLoad.value = undefined as never
const binaryRead = time(() => {
  const loaded = fromBinarySnapshot(binarySave.value, analyzer)
  let n = 0
  for (const record of loaded.values()) n += record.id.length > 0 ? 1 : 0
  if (n !== index.size) throw new Error(`binary: ${n} records read, expected ${index.size}`)
  return n
})
rows.push(`binary  ${mb(binarySave.value.length).padStart(7)} MB  save ${binarySave.ms.toFixed(0).padStart(6)} ms  load ${binaryLoad.ms.toFixed(0).padStart(6)} ms  load + read every record ${binaryRead.ms.toFixed(0)} ms`)

for (const row of rows) console.log(row)
console.log(`binary load ${(jsonLoad.ms / binaryLoad.ms).toFixed(1)}× faster; loaded indexes have the original's statistics and answers (${queries.length} needs, top 10)`)
