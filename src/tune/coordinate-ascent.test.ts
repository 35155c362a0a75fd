import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coordinateAscent } from './coordinate-ascent.js'
import { getParameter, settingKey, type Parameter, type SearchSpace, type TunableOptions } from './space.js'

/** A separable objective: Σ_i table_i[value of parameter i]; an unset parameter scores `unset_i`. */
function separable(space: SearchSpace, tables: readonly (readonly number[])[], unset: readonly number[]) {
  return (options: TunableOptions) =>
    space.reduce((sum, p, i) => {
      const v = getParameter(options, p)
      return sum + (v === undefined ? unset[i]! : tables[i]![p.values.indexOf(v as number)]!)
    }, 0)
}

describe('coordinateAscent', () => {
  it('finds the maximum of a separable objective in one round, and stops after a round without change', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 4, maxLength: 4 }),
        (tables, unset) => {
          const space: Parameter[] = tables.map((t, i) => ({ path: `p${i}.x`, values: t.map((_, j) => j * 10 + 1) }))
          const result = coordinateAscent(separable(space, tables, unset), space)
          const best = tables.reduce((s, t, i) => s + Math.max(unset[i]!, ...t), 0)
          expect(result.score).toBe(best)
          expect(result.converged).toBe(true)
          expect(result.rounds.length).toBeLessThanOrEqual(2)
          expect(result.rounds.at(-1)!.changes).toEqual([])
        },
      ),
    )
  })

  it('is deterministic: the same objective and space give the same result', () => {
    const space: Parameter[] = [
      { path: 'bm25.k1', values: [0.6, 0.9, 1.2] },
      { path: 'bm25.b', values: [0.3, 0.75] },
      { path: 'keywordWeight', values: [0, 1, 2] },
    ]
    // Non-separable, with ties: depends on the product k1·b and on keywordWeight only through a step.
    const objective = (o: TunableOptions) => {
      const k1 = (getParameter(o, space[0]!) as number | undefined) ?? 1.2
      const b = (getParameter(o, space[1]!) as number | undefined) ?? 0.75
      const kw = (getParameter(o, space[2]!) as number | undefined) ?? 1
      return Math.round(-Math.abs(k1 * b - 0.45) * 100) / 100 + (kw >= 1 ? 0.5 : 0)
    }
    const a = coordinateAscent(objective, space)
    const b = coordinateAscent(objective, space)
    expect(a).toEqual(b)
    expect(a.options).toEqual({ matcher: { bm25: { k1: 0.6 } } }) // k1·b = 0.45 exactly; b and keywordWeight stay unset on ties
  })

  it('keeps the current value on a tie, and the earlier candidate among equal ones', () => {
    const space: Parameter[] = [{ path: 'x', values: [1, 2, 3] }]
    const flat = () => 0
    expect(coordinateAscent(flat, space).options).toEqual({})
    expect(coordinateAscent(flat, space, { start: { matcher: { x: 3 } as never } }).options).toEqual({ matcher: { x: 3 } })
    // 2 and 3 tie above the start: 2 comes first.
    const plateau = (o: TunableOptions) => ((getParameter(o, space[0]!) as number | undefined) ?? 0) >= 2 ? 1 : 0
    expect(coordinateAscent(plateau, space).options).toEqual({ matcher: { x: 2 } })
  })

  it('takes a step only above minGain', () => {
    const space: Parameter[] = [{ path: 'x', values: [1, 2] }]
    const objective = (o: TunableOptions) => ({ 1: 0.001, 2: 0.01 })[(getParameter(o, space[0]!) as 1 | 2 | undefined) ?? 1] ?? 0
    expect(coordinateAscent(objective, space, { start: { matcher: { x: 1 } as never }, minGain: 0.02 }).options).toEqual({ matcher: { x: 1 } })
    expect(coordinateAscent(objective, space, { start: { matcher: { x: 1 } as never }, minGain: 0.005 }).options).toEqual({ matcher: { x: 2 } })
  })

  it('stops after maxRounds when every round still improves, and says it did not converge', () => {
    // x and y may differ by at most 1, so each round can raise each by one step only.
    const space: Parameter[] = [
      { path: 'x', values: [0, 1, 2, 3, 4, 5] },
      { path: 'y', values: [0, 1, 2, 3, 4, 5] },
    ]
    const value = (o: TunableOptions, p: Parameter) => (getParameter(o, p) as number | undefined) ?? 0
    const objective = (o: TunableOptions) => {
      const x = value(o, space[0]!)
      const y = value(o, space[1]!)
      return x + y - 10 * Math.max(0, Math.abs(x - y) - 1)
    }
    const limited = coordinateAscent(objective, space, { maxRounds: 2 })
    expect(limited.converged).toBe(false)
    expect(limited.rounds).toHaveLength(2)
    expect(limited.options).toEqual({ matcher: { x: 3, y: 4 } })
    const full = coordinateAscent(objective, space, { maxRounds: 10 })
    expect(full.converged).toBe(true)
    expect(full.options).toEqual({ matcher: { x: 5, y: 5 } })
    expect(full.rounds.map((r) => r.changes.map((c) => `${c.parameter}=${String(c.to)}`))).toEqual([['x=1', 'y=2'], ['x=3', 'y=4'], ['x=5', 'y=5'], []])
  })

  it('calls the objective once per distinct setting', () => {
    const space: Parameter[] = [
      { path: 'a', values: [1, 2, 3] },
      { path: 'b', values: [1, 2] },
    ]
    const seen: string[] = []
    const result = coordinateAscent((o) => {
      seen.push(settingKey(o))
      return 0
    }, space)
    expect(new Set(seen).size).toBe(seen.length)
    expect(result.evaluations).toBe(seen.length)
    expect(seen).toHaveLength(1 + 3 + 2) // start, a ∈ {1,2,3}, b ∈ {1,2}; nothing improves, so one round
  })

  it('never mutates the start options', () => {
    const start = { matcher: { bm25: { k1: 1.2 } } }
    const frozen = JSON.stringify(start)
    coordinateAscent((o) => (getParameter(o, { path: 'bm25.k1' }) === 0.9 ? 1 : 0), [{ path: 'bm25.k1', values: [0.9] }], { start })
    expect(JSON.stringify(start)).toBe(frozen)
  })

  it('rejects a bad round limit and a non-finite objective', () => {
    expect(() => coordinateAscent(() => 0, [], { maxRounds: 0 })).toThrow('invalid maxRounds: 0, must be an integer ≥ 1')
    expect(() => coordinateAscent(() => Number.NaN, [])).toThrow(/objective returned NaN/)
  })
})
