import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ShortTermIds } from './short-term-ids.js'

describe('ShortTermIds', () => {
  it('finds every term of one or two code units it was given, with its id and value, and counts them', () => {
    // Characters from a small range so that one- and two-unit terms share units (检 and 检测).
    const unit = fc.integer({ min: 0x68c0, max: 0x68c8 }).map((c) => String.fromCharCode(c))
    const term = fc.oneof(unit, fc.tuple(unit, unit).map(([a, b]) => a + b))
    fc.assert(
      fc.property(fc.uniqueArray(term, { maxLength: 60 }), fc.array(term, { maxLength: 20 }), (added, probes) => {
        const ids = new ShortTermIds()
        added.forEach((t, i) => ids.add(t, 0, t.length, i, 1000 + i))
        expect(ids.size).toBe(added.length)
        for (const t of [...added, ...probes]) {
          const slot = ids.slotOf(t, 0, t.length)
          const i = added.indexOf(t)
          if (i < 0) expect(slot).toBe(-1)
          else expect([ids.id(slot), ids.value(slot)]).toEqual([i, 1000 + i])
        }
        ids.clear()
        expect(ids.size).toBe(0)
        for (const t of added) expect(ids.slotOf(t, 0, t.length)).toBe(-1)
        // Usable again after clear().
        if (added.length > 0) expect(ids.value(ids.add(added[0]!, 0, added[0]!.length, 7, 8))).toBe(8)
      }),
    )
  })
})
