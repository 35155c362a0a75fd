import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignFolds, crossValidate, stableHash } from './cross-validate.js'
import { needKey, type NeedEvaluator, type NeedMetrics, type NeedRef } from './objective.js'
import { getParameter, settingKey, type Parameter, type TunableOptions } from './space.js'

const perfect = { ndcg10: 1, recall20: 1, mrr10: 1, p1: 1 }
const zero = { ndcg10: 0, recall20: 0, mrr10: 0, p1: 0 }
const choice: Parameter = { path: 'choice', values: [1, 2, 3] }

/**
 * Synthetic data: each need prefers one value of `choice` and scores 1 (achievements) exactly
 * under it, 0 otherwise. The spy records every call: the setting and the needs it was shown.
 */
function spyEvaluator(preferred: ReadonlyMap<string, number>) {
  const calls: { key: string; needs: string[] }[] = []
  const evaluate: NeedEvaluator<TunableOptions> = (options, needs) => {
    calls.push({ key: settingKey(options), needs: needs.map(needKey) })
    const value = (getParameter(options, choice) as number | undefined) ?? 1
    return needs.map((n): NeedMetrics => ({ ...n, achievement: preferred.get(needKey(n)) === value ? perfect : zero }))
  }
  return { calls, evaluate }
}

const needsOf = (set: string, count: number): NeedRef[] => Array.from({ length: count }, (_, i) => ({ set, id: `N${String(i + 1).padStart(4, '0')}` }))

describe('stableHash', () => {
  it('is 32-bit FNV-1a over UTF-8', () => {
    expect(stableHash('')).toBe(0x811c9dc5)
    expect(stableHash('a')).toBe(0xe40c292c)
    expect(stableHash('foobar')).toBe(0xbf9cf968)
    expect(stableHash('需求')).toBe(stableHash('需求'))
  })
})

describe('assignFolds', () => {
  it('partitions the needs into folds whose sizes, overall and per set, differ by at most one, whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ set: fc.constantFrom('dev', 'hard'), id: fc.string({ minLength: 1, maxLength: 6 }) }), {
          minLength: 2,
          maxLength: 60,
          selector: (n) => needKey(n),
        }),
        fc.integer({ min: 2, max: 7 }),
        fc.integer(),
        (needs, k, seed) => {
          fc.pre(k <= needs.length)
          const folds = assignFolds(needs, k)
          expect(folds.flat().map(needKey).sort()).toEqual(needs.map(needKey).sort())
          const sizes = folds.map((f) => f.length)
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
          for (const set of ['dev', 'hard']) {
            const perSet = folds.map((f) => f.filter((n) => n.set === set).length)
            expect(Math.max(...perSet) - Math.min(...perSet)).toBeLessThanOrEqual(1)
          }
          // A fold depends on the ids only, not on the order of the input.
          const shuffled = [...needs].sort((a, b) => stableHash(needKey(a) + seed) - stableHash(needKey(b) + seed))
          const foldOf = (split: NeedRef[][]) => new Map(split.flatMap((f, i) => f.map((n) => [needKey(n), i] as const)))
          expect(foldOf(assignFolds(shuffled, k))).toEqual(foldOf(folds))
        },
      ),
    )
  })

  it('rejects fewer than two folds and more folds than needs', () => {
    expect(() => assignFolds(needsOf('dev', 3), 1)).toThrow('invalid folds: 1, must be an integer ≥ 2')
    expect(() => assignFolds(needsOf('dev', 3), 4)).toThrow('invalid folds: 4, must be at most the number of labelled needs (3)')
  })
})

describe('crossValidate', () => {
  const needs = [...needsOf('dev', 12), ...needsOf('hard', 6)]
  // Most needs prefer 2; a few prefer 3 or 1, so folds can disagree.
  const preferred = new Map(needs.map((n, i) => [needKey(n), i % 5 === 0 ? 3 : i % 7 === 0 ? 1 : 2]))

  it('never shows a fold its held-out needs while tuning it, and measures the tuned options on exactly those needs', () => {
    const spy = spyEvaluator(preferred)
    const result = crossValidate(needs, spy.evaluate, { space: [choice], folds: 3 })
    const split = assignFolds(needs, 3)
    let call = 0
    for (const [f, heldOut] of split.entries()) {
      const held = new Set(heldOut.map(needKey))
      const train = needs.map(needKey).filter((k) => !held.has(k))
      // Tuning calls: the other folds' needs, every time.
      let tuningCalls = 0
      while (call < spy.calls.length && spy.calls[call]!.needs.some((k) => !held.has(k))) {
        expect(spy.calls[call]!.needs).toEqual(train)
        tuningCalls++
        call++
      }
      expect(tuningCalls).toBeGreaterThan(0)
      // Then the tuned options and the start options on the held-out needs.
      expect(spy.calls[call]).toEqual({ key: settingKey(result.folds[f]!.options), needs: heldOut.map(needKey) })
      expect(spy.calls[call + 1]).toEqual({ key: settingKey({}), needs: heldOut.map(needKey) })
      call += 2
      expect(result.folds[f]!.heldOutNeeds).toEqual(heldOut)
      expect(result.folds[f]!.trainNeedCount).toBe(train.length)
    }
    expect(call).toBe(spy.calls.length)
  })

  it("tunes each fold to its training needs' majority, and reports the pooled held-out means, not the training ones", () => {
    const spy = spyEvaluator(preferred)
    const result = crossValidate(needs, spy.evaluate, { space: [choice], folds: 3 })
    const split = assignFolds(needs, 3)
    let tunedHits = 0
    let startHits = 0
    for (const [f, heldOut] of split.entries()) {
      const held = new Set(heldOut.map(needKey))
      const votes = new Map<number, number>()
      for (const n of needs) if (!held.has(needKey(n))) votes.set(preferred.get(needKey(n))!, (votes.get(preferred.get(needKey(n))!) ?? 0) + 1)
      const best = Math.max(...votes.values())
      expect(votes.get(getParameter(result.folds[f]!.options, choice) as number)).toBe(best)
      tunedHits += heldOut.filter((n) => preferred.get(needKey(n)) === getParameter(result.folds[f]!.options, choice)).length
      startHits += heldOut.filter((n) => preferred.get(needKey(n)) === 1).length
      expect(result.folds[f]!.train.tuned).toBeGreaterThan(result.folds[f]!.train.start)
    }
    // The objective weighs each set equally: mean over sets of the held-out hit rate per set.
    const hitRate = (set: string, option: (f: number) => number) => {
      const inSet = split.flatMap((fold, f) => fold.filter((n) => n.set === set).map((n) => (preferred.get(needKey(n)) === option(f) ? 1 : 0)))
      return inSet.reduce((a: number, b) => a + b, 0) / inSet.length
    }
    const tunedOf = (f: number) => getParameter(result.folds[f]!.options, choice) as number
    expect(result.tuned['dev']!.achievement!.ndcg10).toBeCloseTo(hitRate('dev', tunedOf), 12)
    expect(result.tuned['hard']!.achievement!.ndcg10).toBeCloseTo(hitRate('hard', tunedOf), 12)
    expect(result.objective.tuned).toBeCloseTo((hitRate('dev', tunedOf) + hitRate('hard', tunedOf)) / 2, 12)
    expect(result.objective.start).toBeCloseTo((hitRate('dev', () => 1) + hitRate('hard', () => 1)) / 2, 12)
    expect(tunedHits + startHits).toBeGreaterThan(0)
    expect(Object.keys(result.tuned)).toEqual(['dev', 'hard'])
  })

  it('gives the same result twice', () => {
    const a = crossValidate(needs, spyEvaluator(preferred).evaluate, { space: [choice], folds: 4 })
    const b = crossValidate(needs, spyEvaluator(preferred).evaluate, { space: [choice], folds: 4 })
    expect(a).toEqual(b)
  })
})
