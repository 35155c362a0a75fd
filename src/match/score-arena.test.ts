import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileWat } from '../../scripts/compile-wat.js'
import { ACCUMULATE_WASM } from './accumulate-wasm.js'
import { PostingRegion, ScoreArena } from './score-arena.js'

/** The plain definition: scores[docs[i]] += factor · sats[i], in order, in doubles. */
function addPlain(region: PostingRegion, from: number, to: number, factor: number, scores: Float64Array): void {
  for (let i = from; i < to; i++) scores[region.docs[i]!]! += factor * region.sats[i]!
}

/** A stretch of postings: distinct documents below `slots` (a term's postings), saturations in [0, 1). */
const stretchArb = (slots: number) =>
  fc.record({
    docs: fc.uniqueArray(fc.integer({ min: 0, max: slots - 1 }), { maxLength: 40 }),
    sats: fc.array(fc.float({ min: 0, max: Math.fround(0.999), noNaN: true }), { minLength: 40, maxLength: 40 }),
    factor: fc.double({ min: 0, max: 50, noNaN: true }),
    skip: fc.nat({ max: 3 }),
  })

describe('ScoreArena', () => {
  it('ships the bytes of accumulate.wat (run `npm run wasm` after changing it)', async () => {
    const source = readFileSync(join(import.meta.dirname, 'accumulate.wat'), 'utf8')
    expect(Buffer.from(await compileWat(source)).toString('base64')).toBe(ACCUMULATE_WASM)
  })

  it('its kernel adds any stretches of postings exactly as the plain loop does, to the bit', () => {
    const slots = 64
    fc.assert(
      fc.property(fc.array(stretchArb(slots), { maxLength: 6 }), (stretches) => {
        const sizes = stretches.map((s) => s.skip + s.docs.length)
        const arena = ScoreArena.create(slots, sizes)!
        const expected = new Float64Array(slots)
        stretches.forEach((s, r) => {
          const region = arena.regions[r]!
          // The stretch starts `skip` postings into its region, as a term's postings start at its offset.
          region.docs.set(s.docs, s.skip)
          region.sats.set(s.sats.slice(0, s.docs.length), s.skip)
          arena.add(region, s.skip, s.skip + s.docs.length, s.factor)
          addPlain(region, s.skip, s.skip + s.docs.length, s.factor, expected)
        })
        expect([...arena.scores]).toEqual([...expected])
      }),
      { numRuns: 300 },
    )
  })

  it('places the scores and every region apart in one memory', () => {
    const arena = ScoreArena.create(10, [3, 0, 5])!
    expect(arena.scores.length).toBe(10)
    expect(arena.regions.map((r) => [r.docs.length, r.sats.length])).toEqual([[3, 3], [0, 0], [5, 5]])
    arena.regions[0]!.sats.fill(1)
    arena.regions[2]!.docs.fill(9)
    expect([...arena.scores].every((s) => s === 0)).toBe(true)
    expect([...arena.regions[0]!.docs, ...arena.regions[2]!.sats].every((v) => v === 0)).toBe(true)
  })

  it('is not made when the scores and postings would not fit in one WebAssembly memory (4 GiB)', () => {
    expect(ScoreArena.create(1_000_000, [300_000_000, 300_000_000])).toBeUndefined()
  })
})
