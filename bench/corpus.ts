/**
 * A seeded generator of synthetic 科技成果 and 企业技术需求 for speed benchmarks.
 *
 * It learns from the sample datasets (fixtures/sample/*.jsonl): word frequencies counted with
 * duijie's own analyzer, sentence skeletons of real titles, summaries and need descriptions
 * (the text between words kept, each word a slot), per-field vocabularies, and the marginal
 * distributions of the structured fields. A record is a skeleton whose slots keep the original
 * word or draw a new one, from the record's field vocabulary or the whole vocabulary, each with
 * the sample's (Zipf-like) word frequencies. Needs and achievements of one field therefore share
 * vocabulary, so queries have plausible answers.
 *
 * It is not a quality corpus: the text is fluent only locally, the vocabulary is the sample's
 * (a few thousand words, so postings are longer than in a real corpus of the same size), and
 * there are no relevance judgements.
 *
 * Deterministic for a given seed (mulberry32). Builds 100k achievements in a few seconds.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import { normalize } from '../src/tokenize/normalize.js'
import type { Achievement, Need } from '../src/types.js'

/** What to generate. */
export interface CorpusOptions {
  readonly achievements: number
  readonly needs: number
  readonly seed: number
}

/** A generated corpus. */
export interface Corpus {
  readonly achievements: Achievement[]
  readonly needs: Need[]
}

type Random = () => number

import { mulberry32 } from '../test/helpers/random.js'

export { mulberry32 }

/** A weighted vocabulary sampled by binary search over cumulative counts. */
interface Vocabulary {
  readonly words: string[]
  readonly cumulative: Float64Array
}

function vocabulary(counts: Map<string, number>): Vocabulary {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const cumulative = new Float64Array(entries.length)
  let sum = 0
  entries.forEach(([, c], i) => (cumulative[i] = sum += c))
  return { words: entries.map(([w]) => w), cumulative }
}

function draw(vocab: Vocabulary, random: Random): string {
  const target = random() * vocab.cumulative[vocab.cumulative.length - 1]!
  let lo = 0
  let hi = vocab.cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (vocab.cumulative[mid]! > target) hi = mid
    else lo = mid + 1
  }
  return vocab.words[lo]!
}

/** A sentence with its words as slots: literals[0] words[0] literals[1] … words[n-1] literals[n]. */
interface Skeleton {
  readonly literals: string[]
  readonly words: string[]
  readonly field: string
}

const analyzer = createAnalyzer()

/** Cuts normalized text into a skeleton of non-overlapping analyzer tokens (search mode's parts skipped). */
function skeleton(text: string, field: string, counts: Map<string, number>[]): Skeleton {
  const normalized = normalize(text)
  const literals: string[] = []
  const words: string[] = []
  let end = 0
  for (const token of analyzer.tokens(normalized)) {
    if (token.start < end) continue
    literals.push(normalized.slice(end, token.start))
    words.push(token.text)
    for (const c of counts) c.set(token.text, (c.get(token.text) ?? 0) + 1)
    end = token.end
  }
  literals.push(normalized.slice(end))
  return { literals, words, field }
}

/** Sentences of a text, each keeping its closing punctuation. */
function sentences(text: string): string[] {
  return text.match(/[^。；！？]+[。；！？]?/g)?.filter((s) => s.length >= 6) ?? []
}

type Row = Readonly<Record<string, unknown>>

function readSample(name: string): Row[] {
  const path = fileURLToPath(new URL(`../fixtures/sample/${name}.jsonl`, import.meta.url))
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Row)
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** Everything learned from the sample, computed once per process. */
interface Model {
  readonly global: Vocabulary
  readonly byField: Map<string, Vocabulary>
  readonly achievementTitles: Skeleton[]
  readonly summarySentences: Skeleton[]
  readonly needTitles: Skeleton[]
  readonly needSentences: Skeleton[]
  readonly achievementRows: Row[]
  readonly needRows: Row[]
  readonly fields: string[]
}

let model: Model | undefined

function learn(): Model {
  const achievementRows = readSample('achievements')
  const needRows = readSample('needs')
  const expertRows = readSample('experts')
  const global = new Map<string, number>()
  const fieldCounts = new Map<string, Map<string, number>>()
  const countsFor = (field: string) => {
    let c = fieldCounts.get(field)
    if (c === undefined) fieldCounts.set(field, (c = new Map()))
    return [global, c]
  }
  const achievementTitles: Skeleton[] = []
  const summarySentences: Skeleton[] = []
  for (const r of achievementRows) {
    const field = str(r.field)
    achievementTitles.push(skeleton(str(r.title), field, countsFor(field)))
    for (const s of sentences(str(r.summary))) summarySentences.push(skeleton(s, field, countsFor(field)))
  }
  const needTitles: Skeleton[] = []
  const needSentences: Skeleton[] = []
  for (const r of needRows) {
    const field = str(r.field)
    needTitles.push(skeleton(str(r.title), field, countsFor(field)))
    for (const s of sentences(str(r.description))) needSentences.push(skeleton(s, field, countsFor(field)))
  }
  for (const r of expertRows) {
    const fields = Array.isArray(r.fields) ? (r.fields as string[]) : []
    for (const s of sentences(str(r.bio))) skeleton(s, fields[0] ?? '', countsFor(fields[0] ?? ''))
  }
  const byField = new Map([...fieldCounts].map(([f, c]) => [f, vocabulary(c)] as const))
  const fields = achievementRows.map((r) => str(r.field)).filter((f) => f !== '')
  return { global: vocabulary(global), byField, achievementTitles, summarySentences, needTitles, needSentences, achievementRows, needRows, fields }
}

/** Probability that a slot keeps the skeleton's own word. */
const KEEP = 0.35
/** Probability that a drawn word comes from the record's field vocabulary (else the global one). */
const IN_FIELD = 0.7

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!
}

function render(s: Skeleton, field: Vocabulary, m: Model, random: Random, used: string[]): string {
  let out = s.literals[0]!
  for (let i = 0; i < s.words.length; i++) {
    const r = random()
    const w = r < KEEP ? s.words[i]! : draw(random() < IN_FIELD ? field : m.global, random)
    used.push(w)
    out += w + s.literals[i + 1]!
  }
  return out
}

/** Text of `min`–`max` characters: a rendered title, cut or re-drawn to fit. */
function title(source: readonly Skeleton[], fieldName: string, m: Model, random: Random, min: number, max: number): string {
  const field = m.byField.get(fieldName) ?? m.global
  let text = ''
  for (let attempt = 0; attempt < 4; attempt++) {
    text = render(pick(source, random), field, m, random, [])
    if (text.length >= min && text.length <= max) return text
  }
  while (text.length < min) text += render(pick(source, random), field, m, random, [])
  return text.slice(0, max)
}

/** Sentences rendered until a length drawn uniformly from [min, max] is reached; never longer than max. */
function paragraph(source: readonly Skeleton[], fieldName: string, m: Model, random: Random, min: number, max: number, used: string[]): string {
  const field = m.byField.get(fieldName) ?? m.global
  const target = min + Math.floor(random() * (max - min + 1))
  let text = ''
  while (text.length < target) text += render(pick(source, random), field, m, random, used)
  return text.length > max ? text.slice(0, max - 1) + '。' : text
}

/** Caches the in-field skeleton lists so that generation does not filter per record. */
function byField(pool: readonly Skeleton[]): (field: string) => readonly Skeleton[] {
  const cache = new Map<string, readonly Skeleton[]>()
  return (field) => {
    let s = cache.get(field)
    if (s === undefined) {
      const inField = pool.filter((x) => x.field === field)
      cache.set(field, (s = inField.length >= 3 ? inField : pool))
    }
    return s
  }
}

/**
 * Generates `achievements` achievements and `needs` needs, deterministically from `seed`.
 *
 * Lengths: achievement titles 10–30 characters, summaries 120–270, need titles 8–30,
 * descriptions 60–200. Structured fields (maturity, cooperation, institution, region, price,
 * year; needs: region, budget, cooperation, company, deadline) are each copied from a random
 * sample record, so their marginal distributions are the sample's.
 */
export function generateCorpus(options: CorpusOptions): Corpus {
  const m = (model ??= learn())
  const random = mulberry32(options.seed)
  const summaries = byField(m.summarySentences)
  const descriptions = byField(m.needSentences)
  const achievementTitles = byField(m.achievementTitles)
  const needTitles = byField(m.needTitles)
  const achievements: Achievement[] = []
  for (let i = 0; i < options.achievements; i++) {
    const field = pick(m.fields, random)
    const used: string[] = []
    const t = title(achievementTitles(field), field, m, random, 10, 30)
    const summary = paragraph(summaries(field), field, m, random, 120, 270, used)
    const long = used.filter((w) => w.length >= 2 && !/^[\d.]+$/.test(w))
    const keywords = [...new Set(Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(long.length > 0 ? long : used, random)))]
    const r = (key: string) => pick(m.achievementRows, random)[key]
    achievements.push({
      id: `GA${String(i + 1).padStart(7, '0')}`,
      title: t,
      summary,
      keywords,
      field,
      maturity: r('maturity') as string | undefined,
      cooperation: r('cooperation') as string[] | undefined,
      institution: r('institution') as string | undefined,
      institutionType: r('institutionType') as string | undefined,
      region: r('region') as string | undefined,
      price: r('price') as number | undefined,
      year: r('year') as number | undefined,
    })
  }
  const needs: Need[] = []
  for (let i = 0; i < options.needs; i++) {
    const field = pick(m.fields, random)
    const r = (key: string) => pick(m.needRows, random)[key]
    needs.push({
      id: `GN${String(i + 1).padStart(7, '0')}`,
      title: title(needTitles(field), field, m, random, 8, 30),
      description: paragraph(descriptions(field), field, m, random, 60, 200, []),
      field,
      region: r('region') as string | undefined,
      budget: r('budget') as number | undefined,
      cooperation: r('cooperation') as string[] | undefined,
      company: r('company') as string | undefined,
      deadline: r('deadline') as string | undefined,
    })
  }
  return { achievements, needs }
}

/** Total characters of the text fields (title, summary, keywords; title, description). */
export function corpusCharacters(corpus: Corpus): { achievements: number; needs: number } {
  let a = 0
  for (const r of corpus.achievements) a += r.title.length + (r.summary?.length ?? 0) + (r.keywords?.join('').length ?? 0)
  let n = 0
  for (const r of corpus.needs) n += r.title.length + (r.description?.length ?? 0)
  return { achievements: a, needs: n }
}

// `npx tsx bench/corpus.ts [achievements] [needs]`: prints counts, characters, time and a sample.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const achievements = Number(process.argv[2] ?? 100_000)
  const needs = Number(process.argv[3] ?? 1_000)
  generateCorpus({ achievements: 1, needs: 1, seed: 1 }) // learn the sample once, outside the timing
  const t0 = performance.now()
  const corpus = generateCorpus({ achievements, needs, seed: 42 })
  const ms = performance.now() - t0
  const chars = corpusCharacters(corpus)
  console.log(`${corpus.achievements.length} achievements (${chars.achievements} chars), ${corpus.needs.length} needs (${chars.needs} chars) in ${(ms / 1000).toFixed(2)} s`)
  console.log(JSON.stringify(corpus.achievements[0]))
  console.log(JSON.stringify(corpus.needs[0]))
}
