import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MatchError } from '../errors.js'
import { inShard, parseShard } from './shard.js'
import { shardItems } from './streamed-match-job.js'

describe('parseShard', () => {
  it('reads i/n with 1 ≤ i ≤ n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 })
  })

  it.each(['0/4', '5/4', '1/0', '2', 'a/b', '-1/3', '1.5/3'])('refuses %s, naming the flag and the value', (value) => {
    const error = (() => {
      try {
        parseShard(value)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(MatchError)
    expect((error as MatchError).message).toBe(`invalid --shard: ${JSON.stringify(value)}, must be i/n with 1 ≤ i ≤ n, e.g. 2/4`)
  })
})

describe('inShard', () => {
  it('puts every position in exactly one shard, shard i holding positions i-1, i-1+n, …, shardItems of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 60 }), (count, total) => {
        const owners = Array.from({ length: total }, (_, k) => Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(k, { index, count })))
        for (const [k, owner] of owners.entries()) expect(owner).toEqual([(k % count) + 1])
        for (let index = 1; index <= count; index++) expect(shardItems(total, { index, count })).toBe(owners.filter((o) => o[0] === index).length)
      }),
    )
  })

  it('takes every position without a shard', () => {
    expect(inShard(17, undefined)).toBe(true)
  })
})
