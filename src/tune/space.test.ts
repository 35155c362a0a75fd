import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getParameter, parameterName, sameValue, setParameter, settingKey, toSearchSpace, type TunableOptions } from './space.js'

describe('setParameter / getParameter', () => {
  it('sets a nested path in a copy, keeping the siblings and never mutating the input', () => {
    const start: TunableOptions = { matcher: { bm25: { k1: 1.2, b: 0.75 }, penalties: { budget: 0.9 } } }
    const frozen = JSON.stringify(start)
    const next = setParameter(start, { path: 'bm25.k1' }, 0.9)
    expect(next).toEqual({ matcher: { bm25: { k1: 0.9, b: 0.75 }, penalties: { budget: 0.9 } } })
    expect(JSON.stringify(start)).toBe(frozen)
    expect(getParameter(next, { path: 'bm25.k1' })).toBe(0.9)
    expect(getParameter(next, { path: 'channels.chars' })).toBeUndefined()
  })

  it('creates missing objects, replaces a whole object value, and writes the index scope apart', () => {
    expect(setParameter({}, { path: 'channels.chars' }, 0.5)).toEqual({ matcher: { channels: { chars: 0.5 } } })
    expect(setParameter({ matcher: { queryFields: { need: { title: 2, description: 1 } } } }, { path: 'queryFields.need' }, { title: 3, description: 1 })).toEqual({
      matcher: { queryFields: { need: { title: 3, description: 1 } } },
    })
    expect(setParameter({ matcher: { keywordSources: { owner: 2 } } }, { path: 'extractedKeywords', scope: 'index' }, 0)).toEqual({
      matcher: { keywordSources: { owner: 2 } },
      index: { extractedKeywords: 0 },
    })
    expect(parameterName({ path: 'extractedKeywords', scope: 'index' })).toBe('index.extractedKeywords')
  })

  it('reads back what it set, for any path and value', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), (keys, value) => {
        const parameter = { path: keys.join('.') }
        expect(getParameter(setParameter({ matcher: { a: { z: 1 } } as never }, parameter, value), parameter)).toBe(value)
      }),
    )
  })
})

describe('settingKey', () => {
  it('is the same for equal settings written in any key order, and ignores undefined values', () => {
    expect(settingKey({ matcher: { bm25: { k1: 1, b: 0.5 }, channels: { chars: 1 } } })).toBe(settingKey({ matcher: { channels: { chars: 1 }, bm25: { b: 0.5, k1: 1 } }, index: undefined }))
    expect(settingKey({ matcher: { bm25: { k1: 1 } } })).not.toBe(settingKey({ matcher: { bm25: { k1: 1.5 } } }))
    expect(sameValue({ title: 2, description: 1 }, { description: 1, title: 2 })).toBe(true)
    expect(sameValue(1, undefined)).toBe(false)
  })
})

describe('toSearchSpace', () => {
  it('accepts a space of paths, grids and scopes', () => {
    const space = [{ path: 'bm25.k1', values: [0.9, 1.2] }, { path: 'extractedKeywords', values: [0, 5], scope: 'index' }]
    expect(toSearchSpace(space)).toBe(space)
  })

  it('names what is wrong', () => {
    expect(() => toSearchSpace([])).toThrow('invalid space: [], must be a non-empty array of { path, values, scope? }')
    expect(() => toSearchSpace([{ path: 'bm25.k1', values: [] }])).toThrow('invalid space[0].values: [], must be a non-empty array')
    expect(() => toSearchSpace([{ path: 'bm25..k1', values: [1] }])).toThrow('invalid space[0].path: "bm25..k1", must be a dot path such as bm25.k1')
    expect(() => toSearchSpace([{ path: 'k1', value: [1] }])).toThrow('invalid space[0]: "value", unknown key; expected path, values, scope')
    expect(() => toSearchSpace([{ path: 'k1', values: [1], scope: 'analyzer' }])).toThrow(`invalid space[0].scope: "analyzer", must be 'matcher' or 'index'`)
    expect(() => toSearchSpace([{ path: 'k1', values: [Number.NaN] }])).toThrow('invalid k1: null, candidate values must be finite numbers, booleans, strings or objects')
    expect(() => toSearchSpace([{ path: 'bm25', values: [{ k1: 1 }] }, { path: 'bm25.k1', values: [1] }])).toThrow(
      'invalid space[1].path: "bm25.k1", overlaps bm25: a path may appear once and not inside another',
    )
    // The same path in two scopes is two parameters.
    expect(() => toSearchSpace([{ path: 'x', values: [1] }, { path: 'x', values: [1], scope: 'index' }])).not.toThrow()
  })
})
