import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COOPERATION_MODES, MATURITY_LEVELS, type Achievement, type Need } from '../types.js'
import { checkConstraints, constraintFactor, constraintPenalty, DEFAULT_PENALTIES, requiredProvince, toPenalties } from './constraints.js'
import { parseRegion } from './region.js'

const need: Need = {
  id: 'N1', title: '沿海铁塔防腐', maturityRequired: '中试', budget: 150, cooperation: ['技术转让'], region: '广西壮族自治区防城港市',
}
const fits: Achievement = { id: 'A1', title: '海洋防腐涂料', maturity: '产业化', price: 80, cooperation: ['技术转让', '技术许可'], region: '广西壮族自治区南宁市' }

describe('checkConstraints', () => {
  it('marks each stated constraint met for a fitting achievement, with Chinese reasons', () => {
    const checks = checkConstraints(need, fits, 'achievement')
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['maturity', 'met'], ['cooperation', 'met'], ['budget', 'met'], ['region', 'info'],
    ])
    expect(checks[0]!.reason).toBe('成熟度：产业化，满足“中试及以上”的要求')
    expect(checks[2]!.reason).toBe('价格：80万元，在预算150万元以内')
    expect(checks[3]!.reason).toBe('地区：同在广西壮族自治区')
  })
  it('marks misses: lower maturity, no shared mode, over budget, outside the required province', () => {
    const bad: Achievement = { ...fits, maturity: '小试', price: 300, cooperation: ['技术服务'], region: '陕西省西安市' }
    const checks = checkConstraints(need, bad, 'achievement', { province: 'same' })
    expect(checks.map((c) => c.status)).toEqual(['missed', 'missed', 'missed', 'missed'])
    expect(checks[1]!.reason).toBe('合作方式：成果提供技术服务，需求只接受技术转让')
    expect(constraintFactor(checks, DEFAULT_PENALTIES)).toBeCloseTo(0.95 ** 4, 12)
  })
  it('says unknown, never missed, when the achievement does not state a value (面议)', () => {
    const vague: Achievement = { id: 'A2', title: 'x' }
    const statuses = checkConstraints(need, vague, 'achievement').map((c) => c.status)
    expect(statuses).toEqual(['unknown', 'unknown', 'unknown', 'info'])
  })
  it('checks experts on region only', () => {
    expect(checkConstraints(need, { id: 'E1', name: '张三', region: '广西壮族自治区' }, 'expert').map((c) => c.name)).toEqual(['region'])
  })
})

describe('constraintPenalty', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
  const regions = fc.constantFrom('陕西省西安市', '广西壮族自治区南宁市', '新疆维吾尔自治区石河子市', '')
  const needArb = fc.record({
    id: fc.constant('N'), title: fc.constant('t'),
    maturityRequired: maybe(fc.constantFrom(...MATURITY_LEVELS, '不限')),
    budget: maybe(fc.integer({ min: 0, max: 500 })),
    cooperation: maybe(fc.subarray([...COOPERATION_MODES])),
    region: maybe(regions),
  })
  const supplyArb = fc.record({
    id: fc.constant('A'), title: fc.constant('t'),
    maturity: maybe(fc.constantFrom(...MATURITY_LEVELS)),
    price: maybe(fc.integer({ min: 0, max: 500 })),
    cooperation: maybe(fc.subarray([...COOPERATION_MODES])),
    region: maybe(regions),
  })
  it('equals constraintFactor(checkConstraints(…)) for any pair', () => {
    fc.assert(fc.property(needArb, supplyArb, fc.boolean(), fc.constantFrom('achievement' as const, 'expert' as const), (n, a, requireLocal, kind) => {
      const req = requireLocal ? { province: 'same' } : undefined
      const fast = constraintPenalty(n, a, kind, DEFAULT_PENALTIES, parseRegion(a.region).province, requiredProvince(n, req))
      expect(fast).toBeCloseTo(constraintFactor(checkConstraints(n, a, kind, req), DEFAULT_PENALTIES), 12)
    }))
  })
})

describe('toPenalties', () => {
  it('rejects a factor outside (0, 1]', () => {
    expect(() => toPenalties({ budget: 0 })).toThrow('invalid penalties.budget: 0, must be within (0, 1]')
  })
})
