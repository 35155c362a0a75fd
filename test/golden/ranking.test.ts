/**
 * Golden rankings on fixtures/mini, each position justified by the data, not copied from output.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { buildIndex, createAnalyzer, createMatcher, type Achievement, type Expert, type Matcher, type Need } from '../../src/index.js'
import { loadMini } from '../helpers/mini.js'

let needs: Need[]
let achievements: Achievement[]
let experts: Expert[]
let byAchievement: Matcher
let byExpert: Matcher
let byNeed: Matcher

beforeAll(async () => {
  ;({ needs, achievements, experts } = await loadMini())
  const analyzer = createAnalyzer()
  byAchievement = createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer }))
  byExpert = createMatcher(buildIndex(experts, { kind: 'expert', analyzer }))
  byNeed = createMatcher(buildIndex(needs, { kind: 'need', analyzer }))
})

const need = (id: string) => needs.find((n) => n.id === id)!

describe('need → achievements', () => {
  it('N01 (graphene anti-corrosion coating, budget 100万, 技术转让 only)', () => {
    const hits = byAchievement.match(need('N01'))
    expect(hits.slice(0, 4).map((h) => h.id)).toEqual([
      'A02', // the solution; identical text to A01 and fits every constraint (80万 ≤ 100万)
      'A01', // same text as A02 but 150万 > budget: the budget penalty puts it second (a tie would go to A01 by id)
      'A03', // a coating for steel structures that resists salt spray, but not graphene and not marine
      'A04', // hard negative: graphene, but a heat-spreading film
    ])
    // Anything after shares only feedback terms from the first results (in 8 records, the top 5
    // include unrelated ones): weak.
    for (const h of hits.slice(4)) expect(h.matchScore).toBeLessThan(40)
    expect(hits[1]!.constraints.find((c) => c.name === 'budget')!.status).toBe('missed')
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score)
    expect(hits[0]!.band).toBe('高度匹配')
    expect(hits[3]!.matchScore).toBeLessThan(40)
  })

  it('N02 (kiwifruit canker) ranks the canker biocontrol above the kiwifruit wine, and anything else is weak', () => {
    const hits = byAchievement.match(need('N02'))
    expect(hits.slice(0, 2).map((h) => h.id)).toEqual([
      'A05', // kiwifruit + canker (溃疡病) + control (防治): the solution
      'A06', // hard negative: kiwifruit, but wine
    ])
    for (const h of hits.slice(2)) expect(h.matchScore).toBeLessThan(40)
  })

  it('explains each result with shared terms and every constraint in Chinese', () => {
    const [top] = byAchievement.match(need('N01'), { topK: 1, explain: true })
    expect(top!.reasons.some((r) => r.startsWith('共同技术词：') && r.includes('防腐涂料'))).toBe(true)
    expect(top!.reasons).toContain('✓ 价格：80万元，在预算100万元以内')
    expect(top!.reasons).toContain('✓ 合作方式：双方均可技术转让')
    expect(top!.explanation!.value).toBeCloseTo(top!.score, 9)
  })

  it('hard constraints remove what the penalty only demotes', () => {
    // A01 (150万) and A04 (200万) are over the 100万 budget: gone, not demoted.
    const withinBudget = byAchievement.match(need('N01'), { hard: ['budget'] }).map((h) => h.id)
    expect(withinBudget.slice(0, 2)).toEqual(['A02', 'A03'])
    expect(withinBudget).not.toContain('A01')
    expect(withinBudget).not.toContain('A04')
    // Only A01 and A02 are in 广西; A01 is over budget.
    expect(byAchievement.match(need('N01'), { hard: ['budget', 'cooperation'], filters: { region: '广西' } }).map((h) => h.id)).toEqual(['A02'])
  })
})

describe('need → experts', () => {
  it('N01 finds the marine-corrosion expert and N02 the kiwifruit disease expert first', () => {
    expect(byExpert.match(need('N01'))[0]!.id).toBe('E01')
    expect(byExpert.match(need('N02'))[0]!.id).toBe('E02')
  })
})

describe('achievement → needs and expert → needs', () => {
  it('the canker biocontrol (A05) finds the kiwifruit orchard (N02)', () => {
    const a05 = achievements.find((a) => a.id === 'A05')!
    const hits = byNeed.match(a05)
    expect(hits[0]!.id).toBe('N02')
    for (const h of hits.slice(1)) expect(h.matchScore).toBeLessThan(40) // the coating need shares nothing with it
  })
  it('the marine corrosion expert (E01) finds the coating need (N01)', () => {
    const e01 = experts.find((e) => e.id === 'E01')!
    expect(byNeed.match(e01)[0]!.id).toBe('N01')
  })
})
