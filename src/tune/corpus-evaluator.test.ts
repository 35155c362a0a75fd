import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { readQrels } from '../io/qrels.js'
import { runEvalJob } from '../job/eval-job.js'
import { loadInputs, type LoadedInputs } from '../job/load.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { Qrels } from '../types.js'
import { buildCorpusIndexes, corpusMatchers, createCorpusEvaluator } from './corpus-evaluator.js'
import { summarize, TARGET_KINDS } from './objective.js'
import { DEFAULT_SEARCH_SPACE, parameterName, setParameter, type TunableOptions } from './space.js'

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))

let mini: LoadedInputs
let qrels: Qrels
let analyzer: Analyzer

beforeAll(async () => {
  mini = await loadInputs({ demand: fixture('mini/needs.jsonl'), supply: fixture('mini/achievements.jsonl'), experts: fixture('mini/experts.jsonl') })
  qrels = await readQrels(fixture('tune/mini-qrels.tsv'))
  analyzer = createAnalyzer()
})

describe('createCorpusEvaluator', () => {
  it('measures what duijie eval measures, for the defaults and for tuned options', () => {
    const evaluator = createCorpusEvaluator(mini, [{ name: 'mini', needs: mini.needs, qrels }], { analyzer })
    const settings: TunableOptions[] = [{}, { matcher: { penalties: { budget: 1 } } }, { matcher: { bm25: { k1: 0.6 }, channels: { chars: 0 } } }]
    for (const setting of settings) {
      const summary = summarize(evaluator.evaluate(setting, evaluator.needs))['mini']!
      const job = runEvalJob(mini, qrels, { analyzer, matcher: setting.matcher })
      for (const kind of TARGET_KINDS) {
        expect(summary[kind]!.ndcg10, `${JSON.stringify(setting)} ${kind}`).toBeCloseTo(job[kind]!.mean.ndcg10, 12)
        expect(summary[kind]!.recall20).toBeCloseTo(job[kind]!.mean.recall20, 12)
        expect(summary[kind]!.needCount).toBe(job[kind]!.needCount)
      }
    }
    // The budget penalty demotes A01, which these qrels grade above its twin A02: no penalty scores higher.
    const achievements = (setting: TunableOptions) => summarize(evaluator.evaluate(setting, evaluator.needs))['mini']!.achievement!.ndcg10
    expect(achievements({ matcher: { penalties: { budget: 1 } } })).toBeGreaterThan(achievements({}))
  })

  it('builds the indexes once for settings that change only matcher options, and again for an index option', () => {
    const evaluator = createCorpusEvaluator(mini, [{ name: 'mini', needs: mini.needs, qrels }], { analyzer })
    evaluator.evaluate({}, evaluator.needs)
    evaluator.evaluate({ matcher: { bm25: { k1: 0.9 } } }, evaluator.needs)
    evaluator.evaluate({ matcher: { penalties: { budget: 1 } } }, evaluator.needs)
    expect(evaluator.stats()).toEqual({ indexBuilds: 1, matchers: 3, needsMatched: 6 })
    evaluator.evaluate({ index: { extractedKeywords: 0 } }, evaluator.needs)
    expect(evaluator.stats().indexBuilds).toBe(2)
  })

  it('matches each (setting, need) pair once, however often it is asked for', () => {
    const evaluator = createCorpusEvaluator(mini, [{ name: 'mini', needs: mini.needs, qrels }], { analyzer })
    const first = evaluator.evaluate({ matcher: { bm25: { k1: 0.9 } } }, evaluator.needs)
    const again = evaluator.evaluate({ matcher: { bm25: { k1: 0.9 } } }, [...evaluator.needs].reverse())
    expect(again).toEqual([...first].reverse())
    expect(evaluator.stats().needsMatched).toBe(2)
  })

  it('lists the judged needs, per set, and the judged ids missing from the needs', () => {
    const extra = new Map([...qrels, ['N99', new Map([['A01', 3]])]])
    const evaluator = createCorpusEvaluator(mini, [
      { name: 'a', needs: mini.needs, qrels: extra },
      { name: 'b', needs: mini.needs.slice(0, 1), qrels },
    ])
    expect(evaluator.needs).toEqual([
      { set: 'a', id: 'N01' },
      { set: 'a', id: 'N02' },
      { set: 'b', id: 'N01' },
    ])
    expect(evaluator.missing).toEqual([
      { set: 'a', id: 'N99' },
      { set: 'b', id: 'N02' },
    ])
    expect(() => evaluator.evaluate({}, [{ set: 'c', id: 'N01' }])).toThrow('invalid need: "c/N01", is not a labelled need of this evaluator')
  })

  it('rejects a duplicate set name and a depth below 20', () => {
    expect(() => createCorpusEvaluator(mini, [{ name: 'x', needs: [], qrels }, { name: 'x', needs: [], qrels }])).toThrow('invalid set name: "x", must be unique')
    expect(() => createCorpusEvaluator(mini, [], { depth: 10 })).toThrow('invalid depth: 10, must be an integer ≥ 20')
  })
})

describe('DEFAULT_SEARCH_SPACE', () => {
  it('holds only values the matcher accepts and can rank with', () => {
    const indexes = buildCorpusIndexes(mini, analyzer)
    for (const parameter of DEFAULT_SEARCH_SPACE) {
      for (const value of parameter.values) {
        const setting = setParameter({}, parameter, value)
        const matchers = corpusMatchers(indexes, mini, setting.matcher)
        for (const kind of TARGET_KINDS) {
          expect(() => matchers[kind]!.match(mini.needs[0]!, { queryKind: 'need' }), `${parameterName(parameter)} = ${JSON.stringify(value)}`).not.toThrow()
        }
      }
    }
  })
})
